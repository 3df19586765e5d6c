import { copySourceExists } from '../../rules/copy-source-exists.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FILES = { 'requirements.txt': '', 'app/main.py': '', 'static/site.css': '' };

ruleTester(copySourceExists, {
  valid: [
    { code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY ./app /code/app', files: FILES },
    { name: 'wildcards that match', code: 'FROM python:3.13\nCOPY requirement*.txt /code/\nCOPY static/*.css /static/', files: FILES },
    { name: 'COPY --from, URLs and heredocs are not the context', code: 'FROM python:3.13 AS a\nFROM python:3.13\nCOPY --from=a /nope /x\nADD https://example.com/x.tgz /x\nCOPY <<EOF /x\nhi\nEOF\nCOPY app /app', files: FILES },
    { name: 'a re-included file', code: 'FROM python:3.13\nCOPY app/main.py /app/', files: { ...FILES, '.dockerignore': 'app\n!app/main.py\n' } },
    { name: 'the context is elsewhere: FDL025 speaks instead', code: 'FROM python:3.13\nCOPY ./src /src\nCOPY ./pyproject.toml /', files: { 'README.md': '' } },
    { name: 'an unresolved variable', code: 'FROM python:3.13\nARG APP_DIR\nCOPY $APP_DIR /app\nCOPY app /app', files: FILES },
    { name: 'no context given', code: 'FROM python:3.13\nCOPY ./nothing /x', options: {} },
  ],
  invalid: [
    { name: 'a missing file', code: 'FROM python:3.13\nCOPY ./requirements-prod.txt /code/\nCOPY app /app', files: FILES, errors: [{ line: 2, column: 6, endColumn: 29, message: '`"/requirements-prod.txt": not found`' }] },
    { name: 'a glob matching nothing', code: 'FROM python:3.13\nCOPY app /app\nCOPY *.toml /app/', files: FILES, errors: [{ line: 3, message: 'matches nothing' }] },
    { name: 'excluded by .dockerignore', code: 'FROM python:3.13\nCOPY ./app /code/app', files: { ...FILES, '.dockerignore': 'app\n' }, errors: [{ line: 2, message: '`.dockerignore` excludes it' }] },
    { name: 'excluded by <Dockerfile>.dockerignore', code: 'FROM python:3.13\nCOPY ./static /static\nCOPY app /app', files: { ...FILES, 'Dockerfile.dockerignore': 'static\n' }, errors: [{ line: 2, message: '`Dockerfile.dockerignore` excludes it' }] },
    { name: 'outside the context', code: 'FROM python:3.13\nCOPY ../shared /shared\nCOPY app /app', files: FILES, errors: [{ line: 2, message: 'outside the build context' }] },
    { name: 'a typo of a folder beside it', code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY .backend/app /code/app', files: { ...FILES, 'backend/app/main.py': '' }, errors: [{ line: 3, message: 'so the build fails: did you mean `backend/app`?' }] },
    { name: 'a name in another case', code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY App/main.py /code/', files: FILES, errors: [{ line: 3, message: 'did you mean `app/main.py`?' }] },
    { name: 'no near name: no guess', code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY backend /code/', files: FILES, errors: [{ line: 3, message: '`"/backend": not found`' }] },
    { name: 'CMD runs a file beside the Dockerfile: its folder is the context, and what is absent is reported', code: 'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]', files: { 'main.py': '' }, errors: [{ line: 3, message: '`"/requirements.txt": not found`' }] },
    { name: 'ADD too, with a variable', code: 'FROM python:3.13\nARG SRC=lib\nADD ${SRC} /lib\nCOPY app /app', files: FILES, errors: [{ line: 3 }] },
  ],
});
