import { copySourceExists } from '../../rules/copy-source-exists.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FILES = { 'requirements.txt': '', 'app/main.py': '', 'static/site.css': '' };

ruleTester(copySourceExists, {
  valid: [
    { code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY ./app /code/app', files: FILES },
    { name: 'wildcards that match', code: 'FROM python:3.13\nCOPY requirement*.txt /code/\nCOPY static/*.css /static/', files: FILES },
    {
      name: 'COPY --from, URLs and heredocs are not the context',
      code: 'FROM python:3.13 AS a\nFROM python:3.13\nCOPY --from=a /nope /x\nADD https://example.com/x.tgz /x\nCOPY <<EOF /x\nhi\nEOF\nCOPY app /app',
      files: FILES,
    },
    { name: 'a re-included file', code: 'FROM python:3.13\nCOPY app/main.py /app/', files: { ...FILES, '.dockerignore': 'app\n!app/main.py\n' } },
    { name: 'the context is elsewhere: FDL025 speaks instead', code: 'FROM python:3.13\nCOPY ./src /src\nCOPY ./pyproject.toml /', files: { 'README.md': '' } },
    { name: 'an unresolved variable', code: 'FROM python:3.13\nARG APP_DIR\nCOPY $APP_DIR /app\nCOPY app /app', files: FILES },
    { name: 'no context given', code: 'FROM python:3.13\nCOPY ./nothing /x', options: {} },
    {
      name: 'a glob matching nothing at the top: BuildKit copies nothing and goes on',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY *.toml /app/',
      files: FILES,
    },
    { name: 'a glob matching nothing in a folder that is there', code: 'FROM python:3.13\nCOPY app /app\nCOPY app/*.toml /app/', files: FILES },
    {
      name: 'a glob whose matches .dockerignore all excludes: nothing is copied',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY static/*.css /app/',
      files: { ...FILES, '.dockerignore': '**/*.css\n' },
    },
    { name: 'above the context, read from its root, where it is', code: 'FROM python:3.13\nCOPY ../app /app', files: FILES },
    {
      name: 'a file .gitignore ignores: absent from a clone by design',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY .env /app/.env',
      files: { ...FILES, '.gitignore': '.env\n' },
    },
    {
      name: 'a file below a folder .gitignore ignores (a build output)',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY dist/bundle.js /app/static/',
      files: { ...FILES, '.gitignore': 'dist/\n' },
    },
  ],
  invalid: [
    {
      name: 'a symbolic link out of the context',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY config/settings.toml /app/',
      files: { ...FILES, 'config/': '' },
      links: ['config/settings.toml'],
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'link',
          message: '`config/settings.toml` is a symbolic link out of the build context, which Docker does not follow: copy the file itself into the context.',
        },
      ],
    },
    {
      name: 'a missing file',
      code: 'FROM python:3.13\nCOPY ./requirements-prod.txt /code/\nCOPY app /app',
      files: FILES,
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 29,
          messageId: 'notFound',
          message:
            '`./requirements-prod.txt` does not exist in the build context (the Dockerfile\'s directory), so the build fails with `"/requirements-prod.txt": not found`.',
        },
      ],
    },
    {
      name: 'a glob in a folder that is not there',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY config/*.toml /app/',
      files: FILES,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'noFolder',
          message: "`config/*.toml` lists `config`, which the build context (the Dockerfile's directory) does not have, so the build fails.",
        },
      ],
    },
    {
      name: 'not a valid pattern',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY app/main[.py /app/',
      files: FILES,
      errors: [{ line: 3, column: 6, messageId: 'badPattern' }],
    },
    {
      name: 'a glob in a folder .dockerignore excludes',
      code: 'FROM python:3.13\nCOPY app /app\nCOPY static/*.css /app/',
      files: { ...FILES, '.dockerignore': 'static\n' },
      errors: [
        { line: 3, column: 6, messageId: 'ignoredFolder', message: '`static/*.css` lists `static`, which `.dockerignore` excludes, so the build fails.' },
      ],
    },
    {
      name: 'excluded by .dockerignore',
      code: 'FROM python:3.13\nCOPY ./app /code/app',
      files: { ...FILES, '.dockerignore': 'app\n' },
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'ignored',
          message: '`./app` exists, but `.dockerignore` excludes it, so the build fails with `"/app": not found`; add `!app` to it, or drop the pattern.',
        },
      ],
    },
    {
      name: 'excluded by <Dockerfile>.dockerignore',
      code: 'FROM python:3.13\nCOPY ./static /static\nCOPY app /app',
      files: { ...FILES, 'Dockerfile.dockerignore': 'static\n' },
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'ignored',
          message:
            '`./static` exists, but `Dockerfile.dockerignore` excludes it, so the build fails with `"/static": not found`; add `!static` to it, or drop the pattern.',
        },
      ],
    },
    {
      name: 'above the context, read from its root, and not there',
      code: 'FROM python:3.13\nCOPY ../shared /shared\nCOPY app /app',
      files: FILES,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'outside',
          message:
            "`../shared` is read as `/shared` (BuildKit never leaves the build context, the Dockerfile's directory), which does not exist: the build fails.",
        },
      ],
    },
    {
      name: 'a typo of a folder beside it',
      code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY .backend/app /code/app',
      files: { ...FILES, 'backend/app/main.py': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'typo',
          message: "`.backend/app` does not exist in the build context (the Dockerfile's directory), so the build fails: did you mean `backend/app`?",
        },
      ],
    },
    {
      name: 'a name in another case',
      code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY App/main.py /code/',
      files: FILES,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'typo',
          message: "`App/main.py` does not exist in the build context (the Dockerfile's directory), so the build fails: did you mean `app/main.py`?",
        },
      ],
    },
    {
      name: 'no near name: no guess',
      code: 'FROM python:3.13\nCOPY requirements.txt /code/\nCOPY backend /code/',
      files: FILES,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'notFound',
          message: '`backend` does not exist in the build context (the Dockerfile\'s directory), so the build fails with `"/backend": not found`.',
        },
      ],
    },
    {
      name: 'CMD runs a file beside the Dockerfile: its folder is the context, and what is absent is reported',
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]',
      files: { 'main.py': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'notFound',
          message:
            '`requirements.txt` does not exist in the build context (the Dockerfile\'s directory), so the build fails with `"/requirements.txt": not found`.',
        },
      ],
    },
    {
      name: 'ADD too, with a variable',
      code: 'FROM python:3.13\nARG SRC=lib\nADD ${SRC} /lib\nCOPY app /app',
      files: FILES,
      errors: [{ line: 3, column: 5, messageId: 'notFound' }],
    },
  ],
});
