import { shellWrapperExec } from '../../rules/shell-wrapper-exec.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13\n';

ruleTester(shellWrapperExec, {
  valid: [
    { name: 'dumb-init signals the process group by default', code: 'FROM python:3.13\nCMD ["dumb-init", "sh", "-c", "uvicorn main:app --port $PORT"]' },
    { name: 'tini -g signals the process group', code: 'FROM python:3.13\nENTRYPOINT ["tini", "-g", "--"]\nCMD ["sh", "-c", "uvicorn main:app --port $PORT"]' },
    {
      name: 'TINI_KILL_PROCESS_GROUP',
      code: 'FROM python:3.13\nENV TINI_KILL_PROCESS_GROUP=1\nENTRYPOINT ["tini", "--"]\nCMD ["sh", "-c", "uvicorn main:app --port $PORT"]',
    },
    { code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --host 0.0.0.0 --port $PORT"]` },
    { name: 'exec after migrations', code: `${FROM}CMD ["bash", "-c", "alembic upgrade head && exec fastapi run --port \${PORT:-8000}"]` },
    { name: 'no shell', code: `${FROM}CMD ["uvicorn", "main:app"]` },
    {
      name: 'bash execs the last command of -c (checked: bash 5.2)',
      code: `${FROM}CMD ["bash", "-c", "alembic upgrade head && fastapi run --port \${PORT:-8000}"]`,
    },
    { name: 'bash -lc with the server alone', code: `${FROM}CMD ["bash", "-lc", "uvicorn main:app --host 0.0.0.0 --port \${PORT}"]` },
    { name: "sh on Alpine is BusyBox's, which execs the last command", code: 'FROM python:3.13-alpine\nCMD ["sh", "-c", "uvicorn main:app --port $PORT"]' },
    { name: 'shell form is FDL001', code: `${FROM}CMD sh -c "uvicorn main:app"` },
    { name: 'not a server', code: `${FROM}CMD ["sh", "-c", "python worker.py"]` },
    { name: 'exec with env', code: `${FROM}CMD ["sh", "-c", "exec env A=1 uvicorn main:app"]` },
  ],
  invalid: [
    {
      name: 'tini without -g signals only the shell',
      code: 'FROM python:3.13\nCMD ["tini", "--", "sh", "-c", "uvicorn main:app --port $PORT"]',
      errors: [
        {
          line: 2,
          column: 33,
          messageId: 'noExec',
          message: '`sh -c` runs `uvicorn` as its child and does not pass on SIGTERM. Start the server with `exec`, or drop the shell and set `UVICORN_PORT`.',
        },
      ],
      output: 'FROM python:3.13\nCMD ["tini", "--", "sh", "-c", "exec uvicorn main:app --port $PORT"]',
    },
    {
      name: 'dumb-init --single-child signals only the shell',
      code: 'FROM python:3.13\nCMD ["dumb-init", "--single-child", "sh", "-c", "uvicorn main:app --port $PORT"]',
      errors: [{ line: 2, column: 50, messageId: 'noExec' }],
      output: 'FROM python:3.13\nCMD ["dumb-init", "--single-child", "sh", "-c", "exec uvicorn main:app --port $PORT"]',
    },
    {
      name: 'a runner inside sh -c without exec',
      code: 'FROM python:3.13\nCMD ["sh", "-c", "uv run uvicorn main:app --port $PORT"]',
      errors: [{ line: 2, column: 26, endColumn: 33, messageId: 'noExec' }],
      output: 'FROM python:3.13\nCMD ["sh", "-c", "exec uv run uvicorn main:app --port $PORT"]',
    },
    {
      code: `${FROM}CMD ["sh", "-c", "uvicorn main:app --host 0.0.0.0 --port $PORT"]`,
      errors: [
        {
          line: 2,
          column: 19,
          endColumn: 26,
          messageId: 'noExec',
          message: '`sh -c` runs `uvicorn` as its child and does not pass on SIGTERM. Start the server with `exec`, or drop the shell and set `UVICORN_PORT`.',
        },
      ],
      output: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --host 0.0.0.0 --port $PORT"]`,
    },
    {
      name: 'after migrations (sh is dash on python:3.13)',
      code: `${FROM}CMD ["/bin/sh", "-c", "alembic upgrade head && fastapi run --port $PORT"]`,
      errors: [
        {
          line: 2,
          column: 48,
          messageId: 'noExec',
          message: '`sh -c` runs `fastapi run` as its child and does not pass on SIGTERM. Start the server with `exec`.',
        },
      ],
      output: `${FROM}CMD ["/bin/sh", "-c", "alembic upgrade head && exec fastapi run --port $PORT"]`,
    },
    {
      name: 'bash, but a redirection of the server keeps bash as the parent',
      code: `${FROM}CMD ["bash", "-c", "uvicorn main:app --port $PORT >> /tmp/log"]`,
      errors: [
        {
          line: 2,
          column: 21,
          messageId: 'noExec',
          message:
            '`bash -c` runs `uvicorn` as its child and does not pass on SIGTERM. Start the server with `exec`, or drop the shell and set `UVICORN_PORT`.',
        },
      ],
      output: 'FROM python:3.13\nCMD ["bash", "-c", "exec uvicorn main:app --port $PORT >> /tmp/log"]',
    },
    {
      name: 'sh on an unknown base is taken to be dash',
      code: 'FROM registry.example.com/team/base:1\nCMD ["sh", "-c", "uvicorn main:app --port $PORT"]',
      errors: [{ line: 2, column: 19, messageId: 'noExec' }],
      output: 'FROM registry.example.com/team/base:1\nCMD ["sh", "-c", "exec uvicorn main:app --port $PORT"]',
    },
    {
      name: 'an assignment prefix stays in front',
      code: `${FROM}CMD ["sh", "-c", "PORT=\${PORT:-80} gunicorn -b 0.0.0.0:$PORT main:app"]`,
      errors: [{ line: 2, column: 36, messageId: 'noExec' }],
      output: `${FROM}CMD ["sh", "-c", "PORT=\${PORT:-80} exec gunicorn -b 0.0.0.0:$PORT main:app"]`,
    },
    {
      name: 'python -m uvicorn',
      code: `${FROM}CMD ["sh", "-c", "python -m uvicorn main:app"]`,
      errors: [{ line: 2, column: 29, messageId: 'noExec' }],
      output: `${FROM}CMD ["sh", "-c", "exec python -m uvicorn main:app"]`,
    },
    {
      name: 'the server is not last: no fix',
      code: `${FROM}CMD ["sh", "-c", "uvicorn main:app; echo stopped"]`,
      errors: [{ line: 2, column: 19, messageId: 'noExec' }],
      output: null,
    },
    {
      name: 'in a pipeline: no fix',
      code: `${FROM}CMD ["sh", "-c", "uvicorn main:app | tee /tmp/log"]`,
      errors: [{ line: 2, column: 19, messageId: 'noExec' }],
      output: null,
    },
    {
      name: 'ENTRYPOINT wrapper',
      code: `${FROM}ENTRYPOINT ["sh", "-ec", "hypercorn main:app --bind 0.0.0.0:80"]`,
      errors: [{ line: 2, column: 27, messageId: 'noExec' }],
      output: `${FROM}ENTRYPOINT ["sh", "-ec", "exec hypercorn main:app --bind 0.0.0.0:80"]`,
    },
    {
      name: 'behind tini',
      code: `${FROM}ENTRYPOINT ["tini", "--"]\nCMD ["sh", "-c", "uvicorn main:app"]`,
      errors: [{ line: 3, column: 19, messageId: 'noExec' }],
      output: 'FROM python:3.13\nENTRYPOINT ["tini", "--"]\nCMD ["sh", "-c", "exec uvicorn main:app"]',
    },
  ],
});
