import { contextFound } from '../../rules/context-found.js';
import { ruleTester } from '../helpers/rule-tester.js';

const COPY_ALL = 'FROM python:3.13\nWORKDIR /code\nCOPY . .\nRUN pip install --no-cache-dir fastapi[standard]==0.115.0';
/** `--context DIR` holding these files, the Dockerfile elsewhere. */
const explicit = (files: Record<string, string>) => ({ files, context: { origin: 'option' as const } });

ruleTester(contextFound, {
  valid: [
    { code: 'FROM python:3.13\nCOPY app /app', files: { 'app/main.py': '' } },
    { name: 'one source of two found', code: 'FROM python:3.13\nCOPY app /app\nCOPY nope /nope', files: { 'app/main.py': '' } },
    { name: 'no context sources at all', code: 'FROM python:3.13\nRUN pip install --no-cache-dir fastapi', files: {} },
    { name: 'no context given', code: 'FROM python:3.13\nCOPY app /app', options: {} },
    { name: 'COPY . beside requirements.txt', code: COPY_ALL, files: { 'requirements.txt': '' } },
    { name: 'COPY . beside pyproject.toml', code: COPY_ALL, files: { 'pyproject.toml': '' } },
    { name: 'COPY . beside setup.py', code: COPY_ALL, files: { 'setup.py': '' } },
    { name: 'COPY . beside a Pipfile', code: COPY_ALL, files: { Pipfile: '' } },
    { name: 'COPY . beside a requirements/ folder', code: COPY_ALL, files: { 'requirements/base.txt': '' } },
    { name: 'COPY . beside the uvicorn module', code: `${COPY_ALL}\nCMD ["uvicorn", "api.server:app"]`, files: { 'api/server.py': '' } },
    { name: 'COPY . beside the fastapi run path', code: `${COPY_ALL}\nCMD ["fastapi", "run", "src/app.py"]`, files: { 'src/app.py': '' } },
    { name: 'COPY . beside a default fastapi run file', code: `${COPY_ALL}\nCMD ["fastapi", "run"]`, files: { 'app/main.py': '' } },
    { name: 'COPY . beside the module below --app-dir', code: `${COPY_ALL}\nCMD ["uvicorn", "main:app", "--app-dir", "src"]`, files: { 'src/main.py': '' } },
    { name: 'COPY . beside the file CMD runs with python', code: `${COPY_ALL}\nCMD ["python", "main.py"]`, files: { 'main.py': '' } },
    { name: 'COPY . beside the module python -m runs', code: `${COPY_ALL}\nCMD ["python", "-m", "service.main"]`, files: { 'service/main.py': '' } },
    { name: 'COPY . beside the script the entrypoint runs', code: `${COPY_ALL}\nENTRYPOINT ["./docker-entrypoint.sh"]`, files: { 'docker-entrypoint.sh': '' } },
    {
      name: 'mixed evidence: a missing requirements file, and the file CMD runs',
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nCMD python main.py',
      files: { 'main.py': '' },
    },
    { name: 'a wildcard that matches', code: 'FROM python:3.13\nCOPY *.py /app/', files: { 'main.py': '' } },
    { name: '--context is trusted for COPY .', code: COPY_ALL, ...explicit({ 'notes.txt': '' }) },
    { name: '--context with a named source found', code: 'FROM python:3.13\nCOPY app /app', ...explicit({ 'app/main.py': '' }) },
  ],
  invalid: [
    {
      name: 'none of the sources exist',
      code: 'FROM python:3.13\nCOPY ./requirements.txt /code/\nCOPY ./app /code/app',
      files: { Makefile: '' },
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 24,
          messageId: 'elsewhere',
          message:
            "None of the files this Dockerfile copies are in the Dockerfile's directory, so the project checks are skipped: pass `--context DIR` if you build from elsewhere.",
          severity: 'info',
        },
      ],
    },
    {
      name: 'only COPY ., and nothing marks the folder as the project',
      code: `${COPY_ALL}\nCMD ["fastapi", "run", "app/main.py"]`,
      files: { 'entrypoint.sh': '', '.env': 'X=1' },
      errors: [{ line: 3, column: 6, endColumn: 7, messageId: 'unconfirmed', severity: 'info' }],
    },
    {
      name: 'a Dockerfile alone in its folder',
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nCMD ["uvicorn", "main:app"]',
      files: {},
      errors: [{ line: 3, column: 6, messageId: 'unconfirmed' }],
    },
    {
      name: 'CMD runs a file the folder does not hold',
      code: `${COPY_ALL}\nCMD ["python", "main.py"]`,
      files: { 'entrypoint.sh': '' },
      errors: [{ line: 3, column: 6, messageId: 'unconfirmed' }],
    },
    {
      name: 'a wildcard matching only the Dockerfile itself',
      code: 'FROM python:3.13\nCOPY * /app/',
      files: {},
      errors: [{ line: 2, column: 6, messageId: 'elsewhere' }],
    },
    {
      name: 'a wildcard matching nothing',
      code: 'FROM python:3.13\nCOPY requirements*.txt /app/\nCOPY . /app',
      files: { 'notes.md': '' },
      errors: [{ line: 2, column: 6, messageId: 'elsewhere' }],
    },
    {
      name: '--context where nothing named exists',
      code: 'FROM python:3.13\nCOPY app /app',
      ...explicit({ 'other/x.py': '' }),
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'elsewhere',
          message:
            'None of the files this Dockerfile copies are in the --context directory, so the project checks are skipped: pass `--context DIR` if you build from elsewhere.',
        },
      ],
    },
    {
      name: 'a --context directory that does not exist',
      code: COPY_ALL,
      context: { origin: 'option', exists: false },
      errors: [{ line: 3, column: 6, messageId: 'elsewhere' }],
    },
  ],
});
