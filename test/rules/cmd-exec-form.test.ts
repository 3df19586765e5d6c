import { cmdExecForm } from '../../rules/cmd-exec-form.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(cmdExecForm, {
  valid: [
    { code: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]' },
    { code: 'FROM python:3.12\nENTRYPOINT ["uvicorn", "main:app"]' },
    { code: 'FROM python:3.12\nCMD []', name: 'an empty exec-form array' },
    { code: 'FROM python:3.12\ncmd ["fastapi", "run"]', name: 'lower-case keyword' },
    { code: 'FROM python:3.12\nCMD [ "fastapi" ,  "run" ]  ', name: 'JSON with extra spaces' },
    { code: 'FROM python:3.12\nCMD ["fastapi", \\\n     "run", "main.py"]', name: 'exec form with a line continuation' },
    { code: 'FROM python:3.12\nRUN pip install --no-cache-dir fastapi', name: 'RUN in shell form is fine' },
  ],
  invalid: [
    {
      name: "the guide's CMD in shell form",
      code: 'FROM python:3.12\nCMD fastapi run app/main.py --port 80',
      errors: [{ line: 2, column: 5, endColumn: 38, message: 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]' }],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    },
    {
      code: 'FROM python:3.12\nENTRYPOINT uvicorn main:app --host 0.0.0.0',
      errors: [{ line: 2, column: 12, message: 'ENTRYPOINT uses the shell form' }],
      output: 'FROM python:3.12\nENTRYPOINT ["uvicorn", "main:app", "--host", "0.0.0.0"]',
    },
    {
      name: 'quoted arguments become JSON strings',
      code: `FROM python:3.12\nCMD fastapi run "app/main.py" --root-path '/api v1'`,
      errors: [{ line: 2 }],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py", "--root-path", "/api v1"]',
    },
    {
      name: 'a shell-form CMD continued over lines',
      code: 'FROM python:3.12\nCMD fastapi run \\\n    app/main.py',
      errors: [{ line: 2, endLine: 3 }],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py"]',
    },
    {
      name: 'single quotes are not JSON',
      code: "FROM python:3.12\nCMD ['fastapi', 'run', 'app/main.py']",
      errors: [{ line: 2, column: 5, message: 'JSON strings need double quotes' }],
      output: null,
    },
    { name: 'a trailing comma', code: 'FROM python:3.12\nCMD ["fastapi", "run",]', errors: [{ line: 2, message: 'not a valid JSON array' }], output: null },
    { name: 'a number in the array', code: 'FROM python:3.12\nCMD ["fastapi", "run", "--port", 80]', errors: [{ line: 2, message: 'not a valid JSON array' }] },
    { name: 'unterminated JSON', code: 'FROM python:3.12\nCMD ["fastapi", "run"', errors: [{ line: 2, message: 'not a valid JSON array' }] },
    {
      name: 'still fired when SHELL is set',
      code: 'FROM python:3.12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD fastapi run main.py',
      errors: [{ line: 3 }],
      output: 'FROM python:3.12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["fastapi", "run", "main.py"]',
    },
    {
      name: 'a variable needs the shell: no fix, an entrypoint script is proposed',
      code: 'FROM python:3.12\nCMD fastapi run main.py --port $PORT',
      errors: [{ line: 2, message: 'entrypoint script that ends with `exec' }],
      output: null,
    },
    { name: '&& needs the shell', code: 'FROM python:3.12\nCMD alembic upgrade head && fastapi run', errors: [{ line: 2, message: '`&&` or `||`' }], output: null },
    { name: 'a redirection needs the shell', code: 'FROM python:3.12\nCMD fastapi run main.py > /var/log/app.log', errors: [{ line: 2, message: 'redirection' }], output: null },
    { name: 'a glob needs the shell', code: 'FROM python:3.12\nCMD python *.py', errors: [{ line: 2, message: 'glob' }], output: null },
    { name: 'a subshell needs the shell', code: 'FROM python:3.12\nCMD (fastapi run main.py)', errors: [{ line: 2, message: 'subshell' }], output: null },
    { name: 'a prefix assignment needs the shell', code: 'FROM python:3.12\nCMD APP_ENV=prod fastapi run', errors: [{ line: 2, message: 'VAR=value' }], output: null },
    {
      name: 'every stage is checked',
      code: 'FROM python:3.12 AS dev\nCMD fastapi dev\nFROM python:3.12\nCMD ["fastapi", "run"]',
      errors: [{ line: 2 }],
    },
    {
      name: 'no fix for an ENTRYPOINT whose stage has a CMD: exec form would append it',
      code: 'FROM python:3.12\nENTRYPOINT uvicorn main:app\nCMD ["--reload"]',
      errors: [{ line: 2, message: 'an exec-form one receives as arguments' }],
      output: null,
    },
    {
      name: 'ENTRYPOINT is fixed when only a parent image has a CMD (ENTRYPOINT resets it)',
      code: 'FROM python:3.12 AS base\nCMD ["python3"]\nFROM base\nENTRYPOINT uvicorn main:app',
      errors: [{ line: 4 }],
      output: 'FROM python:3.12 AS base\nCMD ["python3"]\nFROM base\nENTRYPOINT ["uvicorn", "main:app"]',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM python:3.12\r\nCMD fastapi run main.py\r\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.12\r\nCMD ["fastapi", "run", "main.py"]\r\n',
    },
    {
      name: 'a BOM is kept',
      code: '\ufeffFROM python:3.12\nCMD fastapi run main.py\n',
      errors: [{ line: 2, column: 5 }],
      output: '\ufeffFROM python:3.12\nCMD ["fastapi", "run", "main.py"]\n',
    },
    {
      name: 'an escape directive with backtick continuations',
      code: '# escape=`\nFROM python:3.12\nCMD fastapi run `\n    main.py',
      errors: [{ line: 3 }],
      output: '# escape=`\nFROM python:3.12\nCMD ["fastapi", "run", "main.py"]',
    },
  ],
});
