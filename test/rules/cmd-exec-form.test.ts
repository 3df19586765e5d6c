import { cmdExecForm } from '../../rules/cmd-exec-form.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(cmdExecForm, {
  valid: [
    // A CMD that runs in no container: a later stage replaces it, or its stage is only built on.
    {
      name: 'a shell-form CMD that the final stage replaces',
      code: 'FROM python:3.13-slim AS base\nCMD fastapi run app/main.py --port "$PORT"\n\nFROM base AS prod\nCMD ["/run.sh"]',
    },
    {
      name: 'a shell-form CMD in a builder stage',
      code: 'FROM python:3.13 AS build\nRUN pip wheel -w /w fastapi\nCMD echo built\n\nFROM python:3.13-slim\nCOPY --from=build /w /w\nCMD ["fastapi", "run"]',
    },
    { code: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]' },
    { code: 'FROM python:3.12\nENTRYPOINT ["uvicorn", "main:app"]' },
    { code: 'FROM python:3.12\nCMD []', name: 'an empty exec-form array' },
    { code: 'FROM python:3.12\ncmd ["fastapi", "run"]', name: 'lower-case keyword' },
    { code: 'FROM python:3.12\nCMD [ "fastapi" ,  "run" ]  ', name: 'JSON with extra spaces' },
    { code: 'FROM python:3.12\nCMD ["fastapi", \\\n     "run", "main.py"]', name: 'exec form with a line continuation' },
    { code: 'FROM python:3.12\nRUN pip install --no-cache-dir fastapi', name: 'RUN in shell form is fine' },
    // `exec` replaces the shell with the server: it is PID 1 and gets SIGTERM.
    { name: 'exec with $PORT', code: 'FROM python:3.12\nCMD exec uvicorn main:app --host 0.0.0.0 --port $PORT' },
    { name: 'exec with ${PORT:-8000}', code: 'FROM python:3.12\nCMD exec fastapi run main.py --port ${PORT:-8000}' },
    { name: 'exec after &&', code: 'FROM python:3.12\nCMD alembic upgrade head && exec uvicorn main:app --host 0.0.0.0 --port $PORT' },
    { name: 'exec gunicorn with a variable bind', code: 'FROM python:3.12\nCMD exec gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT app:app' },
    { name: 'exec with a redirection', code: 'FROM python:3.12\nCMD exec uvicorn main:app --host 0.0.0.0 >> /var/log/app.log 2>&1' },
    { name: 'exec -a changes argv[0], which the exec form cannot: no note', code: 'FROM python:3.12\nCMD exec -a api uvicorn main:app' },
    { name: 'exec -a with a variable', code: 'FROM python:3.12\nCMD exec -a api uvicorn main:app --port $PORT' },
    { name: 'exec through env', code: 'FROM python:3.12\nENTRYPOINT exec env APP_ENV=prod uvicorn main:app --port $PORT' },
    { name: 'exec of a shell that execs', code: 'FROM python:3.12\nCMD exec sh -c "exec uvicorn main:app --port $PORT"' },
  ],
  invalid: [
    {
      name: 'a shell-form CMD of the base stage that the final stage inherits',
      code: 'FROM python:3.13-slim AS base\nCMD fastapi run app/main.py --port "$PORT"\n\nFROM base AS prod\nENV PORT=80',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `fastapi` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses `$` expansion): start `fastapi` with `exec`.',
        },
      ],
      output: null,
    },
    {
      name: 'a shell-form CMD of a stage that no other stage uses (built with --target)',
      code: 'FROM python:3.13-slim AS base\n\nFROM base AS dev\nCMD uvicorn app.main:app --reload\n\nFROM base AS prod\nCMD ["uvicorn", "app.main:app"]',
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'shellForm',
          message:
            'CMD in shell form runs `uvicorn` under /bin/sh, which does not pass on SIGTERM. Use the exec form: CMD ["uvicorn", "app.main:app", "--reload"].',
        },
      ],
      output:
        'FROM python:3.13-slim AS base\n\nFROM base AS dev\nCMD ["uvicorn", "app.main:app", "--reload"]\n\nFROM base AS prod\nCMD ["uvicorn", "app.main:app"]',
    },
    {
      name: 'a shell-form CMD of an intermediate stage that Compose builds with build.target',
      code: 'FROM python:3.13-slim AS dev\nCMD uvicorn app.main:app --reload\n\nFROM dev AS prod\nCMD ["uvicorn", "app.main:app"]',
      files: { 'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      target: dev\n', 'app/main.py': '' },
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellForm',
          message:
            'CMD in shell form runs `uvicorn` under /bin/sh, which does not pass on SIGTERM. Use the exec form: CMD ["uvicorn", "app.main:app", "--reload"].',
        },
      ],
      output: 'FROM python:3.13-slim AS dev\nCMD ["uvicorn", "app.main:app", "--reload"]\n\nFROM dev AS prod\nCMD ["uvicorn", "app.main:app"]',
    },
    {
      name: "the guide's CMD in shell form",
      code: 'FROM python:3.12\nCMD fastapi run app/main.py --port 80',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 38,
          messageId: 'shellForm',
          message:
            'CMD in shell form runs `fastapi` under /bin/sh, which does not pass on SIGTERM. Use the exec form: CMD ["fastapi", "run", "app/main.py", "--port", "80"].',
        },
      ],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    },
    {
      code: 'FROM python:3.12\nENTRYPOINT uvicorn main:app --host 0.0.0.0',
      errors: [
        {
          line: 2,
          column: 12,
          messageId: 'shellForm',
          message:
            'ENTRYPOINT in shell form runs `uvicorn` under /bin/sh, which does not pass on SIGTERM. Use the exec form: ENTRYPOINT ["uvicorn", "main:app", "--host", "0.0.0.0"].',
        },
      ],
      output: 'FROM python:3.12\nENTRYPOINT ["uvicorn", "main:app", "--host", "0.0.0.0"]',
    },
    {
      name: 'quoted arguments become JSON strings',
      code: `FROM python:3.12\nCMD fastapi run "app/main.py" --root-path '/api v1'`,
      errors: [{ line: 2, column: 5, messageId: 'shellForm' }],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py", "--root-path", "/api v1"]',
    },
    {
      name: 'a shell-form CMD continued over lines',
      code: 'FROM python:3.12\nCMD fastapi run \\\n    app/main.py',
      errors: [{ line: 2, column: 5, endLine: 3, messageId: 'shellForm' }],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py"]',
    },
    {
      name: 'single quotes: /bin/sh looks for a program named `[fastapi,`',
      code: "FROM python:3.12\nCMD ['fastapi', 'run', 'app/main.py']",
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 38,
          messageId: 'jsonNotFound',
          message:
            'CMD is not JSON (JSON strings take double quotes), so /bin/sh looks for a program `[fastapi,`: the container exits with "not found". Write CMD ["fastapi", "run", "app/main.py"].',
        },
      ],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "app/main.py"]',
    },
    {
      name: 'a space after the bracket: /bin/sh runs its `[` test command',
      code: "FROM python:3.12\nENTRYPOINT [ 'fastapi', 'run' ]",
      errors: [
        {
          line: 2,
          column: 12,
          messageId: 'jsonTestCommand',
          message:
            'ENTRYPOINT is not JSON (JSON strings take double quotes), so /bin/sh runs its `[` test command and the container exits. Write ENTRYPOINT ["fastapi", "run"].',
        },
      ],
      output: 'FROM python:3.12\nENTRYPOINT ["fastapi", "run"]',
    },
    {
      name: 'a trailing comma, though the strings are double-quoted',
      code: 'FROM python:3.12\nCMD ["fastapi", "run",]',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'jsonNotFound',
          message:
            'CMD is not JSON (JSON allows no comma after the last string), so /bin/sh looks for a program `[fastapi,`: the container exits with "not found". Write CMD ["fastapi", "run"].',
        },
      ],
      output: 'FROM python:3.12\nCMD ["fastapi", "run"]',
    },
    {
      name: 'a trailing comment: the fix moves it to a line of its own',
      code: 'FROM python:3.12\nCMD ["fastapi", "run", "main.py"]  # serve the API',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 51,
          messageId: 'jsonNotFound',
          message:
            'CMD is not JSON (a comment must be a line of its own), so /bin/sh looks for a program `[fastapi,`: the container exits with "not found". Write CMD ["fastapi", "run", "main.py"].',
        },
      ],
      output: 'FROM python:3.12\n# serve the API\nCMD ["fastapi", "run", "main.py"]',
    },
    {
      name: 'single quotes, a trailing comma and a comment at once',
      code: "FROM python:3.12\nCMD ['fastapi', 'run',] # x",
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'jsonNotFound',
          message:
            'CMD is not JSON (JSON strings take double quotes; JSON allows no comma after the last string; a comment must be a line of its own), so /bin/sh looks for a program `[fastapi,`: the container exits with "not found". Write CMD ["fastapi", "run"].',
        },
      ],
      output: 'FROM python:3.12\n# x\nCMD ["fastapi", "run"]',
    },
    {
      name: 'an ENTRYPOINT with a CMD: the exec form would append the CMD, so no fix',
      code: 'FROM python:3.12\nENTRYPOINT [\'uvicorn\']\nCMD ["main:app"]',
      errors: [
        {
          line: 2,
          column: 12,
          messageId: 'jsonNotFound',
          message:
            'ENTRYPOINT is not JSON (JSON strings take double quotes), so /bin/sh looks for a program `[uvicorn]`: the container exits with "not found". Write it with double quotes.',
        },
      ],
      output: null,
    },
    {
      name: 'a shell builtin first: no fix',
      code: "FROM python:3.12\nCMD ['exec', 'uvicorn', 'main:app']",
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'jsonNotFound',
          message:
            'CMD is not JSON (JSON strings take double quotes), so /bin/sh looks for a program `[exec,`: the container exits with "not found". Write it with double quotes.',
        },
      ],
      output: null,
    },
    {
      name: 'a number in a JSON array: BuildKit refuses to build it',
      code: 'FROM python:3.12\nCMD ["fastapi", "run", "--port", 80]',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'jsonNotStrings',
          message: 'CMD is a JSON array holding more than strings, which BuildKit refuses to build. Write CMD ["fastapi", "run", "--port", "80"].',
        },
      ],
      output: 'FROM python:3.12\nCMD ["fastapi", "run", "--port", "80"]',
    },
    {
      name: 'null in a JSON array: no guess',
      code: 'FROM python:3.12\nCMD ["fastapi", null]',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'jsonNotStrings',
          message: 'CMD is a JSON array holding more than strings, which BuildKit refuses to build. Quote every element.',
        },
      ],
      output: null,
    },
    {
      name: 'unterminated JSON: no guess',
      code: 'FROM python:3.12\nCMD ["fastapi", "run"',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'jsonNotFound',
          message:
            'CMD is not JSON (it does not parse as JSON), so /bin/sh looks for a program `[fastapi,`: the container exits with "not found". Write it as a JSON array of double-quoted strings.',
        },
      ],
      output: null,
    },
    {
      name: 'a backslash in single quotes: no guess',
      code: "FROM python:3.12\nCMD ['python', 'C:\\\\x']",
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'jsonNotFound',
          message:
            'CMD is not JSON (JSON strings take double quotes), so /bin/sh looks for a program `[python,`: the container exits with "not found". Write it as a JSON array of double-quoted strings.',
        },
      ],
      output: null,
    },
    {
      name: 'SHELL bash hands the last command over: an info note with the exec form',
      code: 'FROM python:3.12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD fastapi run main.py',
      errors: [
        {
          line: 3,
          column: 5,
          endColumn: 24,
          messageId: 'handsOver',
          message: 'bash runs `fastapi` in its own place, so it gets SIGTERM. The exec form does not depend on that: CMD ["fastapi", "run", "main.py"].',
          severity: 'info',
        },
      ],
      output: 'FROM python:3.12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["fastapi", "run", "main.py"]',
    },
    {
      name: 'Alpine: BusyBox sh hands the last command over',
      code: 'FROM python:3.12-alpine\nCMD uvicorn main:app --host 0.0.0.0',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'handsOver',
          message:
            'BusyBox\'s sh runs `uvicorn` in its own place, so it gets SIGTERM. The exec form does not depend on that: CMD ["uvicorn", "main:app", "--host", "0.0.0.0"].',
          severity: 'info',
        },
      ],
      output: 'FROM python:3.12-alpine\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
    },
    {
      name: 'SHELL bash, but the server is in a pipeline: bash stays the parent',
      code: 'FROM python:3.12\nSHELL ["/bin/bash", "-c"]\nCMD fastapi run main.py | tee /tmp/log',
      errors: [{ line: 3, column: 5, messageId: 'shellFormNeedsShell', severity: 'error' }],
      output: null,
    },
    {
      name: 'Alpine, but a command follows the server: the shell stays the parent',
      code: 'FROM python:3.12-alpine\nCMD uvicorn main:app; echo stopped',
      errors: [{ line: 2, column: 5, messageId: 'shellFormNeedsShell', severity: 'error' }],
      output: null,
    },
    {
      name: 'an unknown base image: its /bin/sh is taken to be dash (documented)',
      code: 'FROM registry.example.com/team/python-base:1.4\nCMD uvicorn main:app',
      errors: [{ line: 2, column: 5, messageId: 'shellForm', severity: 'error' }],
      output: 'FROM registry.example.com/team/python-base:1.4\nCMD ["uvicorn", "main:app"]',
    },
    {
      name: 'Debian slim: dash keeps the server as its child',
      code: 'FROM python:3.12-slim\nCMD alembic upgrade head && uvicorn main:app',
      errors: [{ line: 2, column: 5, messageId: 'shellFormNeedsShell', severity: 'error' }],
      output: null,
    },
    {
      name: 'a variable needs the shell: no fix, `exec` is proposed',
      code: 'FROM python:3.12\nCMD fastapi run main.py --port $PORT',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `fastapi` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses `$` expansion): start `fastapi` with `exec`.',
        },
      ],
      output: null,
    },
    {
      name: '&& needs the shell',
      code: 'FROM python:3.12\nCMD alembic upgrade head && fastapi run',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `fastapi` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses `&&` or `||`): start `fastapi` with `exec`.',
        },
      ],
      output: null,
    },
    {
      name: 'a redirection needs the shell',
      code: 'FROM python:3.12\nCMD fastapi run main.py > /var/log/app.log',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `fastapi` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses a redirection): start `fastapi` with `exec`.',
        },
      ],
      output: null,
    },
    {
      name: 'a glob needs the shell',
      code: 'FROM python:3.12\nCMD python *.py',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `python` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses a glob or `~`): start `python` with `exec`.',
        },
      ],
      output: null,
    },
    {
      name: 'a subshell needs the shell',
      code: 'FROM python:3.12\nCMD (fastapi run main.py)',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `fastapi` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses a subshell): start `fastapi` with `exec`.',
        },
      ],
      output: null,
    },
    {
      name: 'a prefix assignment needs the shell',
      code: 'FROM python:3.12\nCMD APP_ENV=prod fastapi run',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `fastapi` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses a `VAR=value` prefix): start `fastapi` with `exec`.',
        },
      ],
      output: null,
    },
    {
      name: 'exec without any shell syntax: an info note, fixed without `exec`',
      code: 'FROM python:3.12\nCMD exec uvicorn main:app --host 0.0.0.0',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 41,
          messageId: 'execAlready',
          message:
            '`exec` already makes `uvicorn` PID 1; the exec form does the same without needing /bin/sh in the image: CMD ["uvicorn", "main:app", "--host", "0.0.0.0"].',
          severity: 'info',
        },
      ],
      output: 'FROM python:3.12\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
    },
    {
      name: 'an exec in a pipeline replaces a child, not the shell',
      code: 'FROM python:3.12\nCMD exec uvicorn main:app | tee /tmp/log',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `tee` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses a pipe): move it into an entrypoint script that ends with `exec`.',
          severity: 'error',
        },
      ],
      output: null,
    },
    {
      name: 'an exec of a shell that does not exec its server',
      code: 'FROM python:3.12\nCMD exec sh -c "uvicorn main:app --port $PORT"',
      errors: [{ line: 2, column: 5, messageId: 'shellFormNeedsShell', severity: 'error' }],
      output: null,
    },
    {
      name: '`command` is dropped by the fix: exec form has no shell functions to bypass',
      code: 'FROM python:3.12\nCMD command uvicorn main:app',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellForm',
          message: 'CMD in shell form runs `uvicorn` under /bin/sh, which does not pass on SIGTERM. Use the exec form: CMD ["uvicorn", "main:app"].',
        },
      ],
      output: 'FROM python:3.12\nCMD ["uvicorn", "main:app"]',
    },
    {
      name: '`time` is a shell keyword: no fix (it used to be dropped silently)',
      code: 'FROM python:3.12\nCMD time uvicorn main:app',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `uvicorn` under /bin/sh, which does not pass on SIGTERM. It needs the shell (it uses the `time` or `!` keyword): drop it and use the exec form.',
        },
      ],
      output: null,
    },
    {
      name: '`eval` is a shell builtin: no fix',
      code: 'FROM python:3.12\nCMD eval uvicorn main:app',
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'shellFormNeedsShell',
          message:
            'CMD in shell form runs `uvicorn` under /bin/sh, which does not pass on SIGTERM. It needs the shell (`eval` is a shell builtin): start `uvicorn` with `exec`.',
        },
      ],
      output: null,
    },
    ...[
      'cd /app',
      'export A=1',
      'source venv/bin/activate',
      '. venv/bin/activate',
      'set -e',
      'exec',
      'command -v uvicorn',
      'ulimit -n 4096',
      'trap "" TERM',
    ].map((line) => ({
      name: `no fix writes a builtin as the program: ${line}`,
      code: `FROM python:3.12\nCMD ${line}`,
      errors: [{ line: 2, column: 5, messageId: 'shellFormNeedsShell', severity: 'error' as const }],
      output: null,
    })),
    {
      name: 'every stage is checked',
      code: 'FROM python:3.12 AS dev\nCMD fastapi dev\nFROM python:3.12\nCMD ["fastapi", "run"]',
      errors: [{ line: 2, column: 5, messageId: 'shellForm' }],
      output: 'FROM python:3.12 AS dev\nCMD ["fastapi", "dev"]\nFROM python:3.12\nCMD ["fastapi", "run"]',
    },
    {
      name: 'no fix for an ENTRYPOINT whose stage has a CMD: exec form would append it',
      code: 'FROM python:3.12\nENTRYPOINT uvicorn main:app\nCMD ["--reload"]',
      errors: [{ line: 2, column: 12, messageId: 'entrypointWithCmd' }],
      output: null,
    },
    {
      name: 'ENTRYPOINT is fixed when only a parent image has a CMD (ENTRYPOINT resets it)',
      code: 'FROM python:3.12 AS base\nCMD ["python3"]\nFROM base\nENTRYPOINT uvicorn main:app',
      errors: [{ line: 4, column: 12, messageId: 'shellForm' }],
      output: 'FROM python:3.12 AS base\nCMD ["python3"]\nFROM base\nENTRYPOINT ["uvicorn", "main:app"]',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM python:3.12\r\nCMD fastapi run main.py\r\n',
      errors: [{ line: 2, column: 5, messageId: 'shellForm' }],
      output: 'FROM python:3.12\r\nCMD ["fastapi", "run", "main.py"]\r\n',
    },
    {
      name: 'a BOM is kept',
      code: '\ufeffFROM python:3.12\nCMD fastapi run main.py\n',
      errors: [{ line: 2, column: 5, messageId: 'shellForm' }],
      output: '\ufeffFROM python:3.12\nCMD ["fastapi", "run", "main.py"]\n',
    },
    {
      name: 'an escape directive with backtick continuations',
      code: '# escape=`\nFROM python:3.12\nCMD fastapi run `\n    main.py',
      errors: [{ line: 3, column: 5, messageId: 'shellForm' }],
      output: '# escape=`\nFROM python:3.12\nCMD ["fastapi", "run", "main.py"]',
    },
  ],
});
