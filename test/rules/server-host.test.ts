import { serverHost } from '../../rules/server-host.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13\n';

ruleTester(serverHost, {
  valid: [
    { name: 'fastapi run listens on 0.0.0.0 by default', code: `${FROM}CMD ["fastapi", "run", "app/main.py"]` },
    { code: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]` },
    { name: '--opt=value', code: `${FROM}CMD ["uvicorn", "main:app", "--host=0.0.0.0"]` },
    { name: 'IPv6 any-address', code: `${FROM}CMD ["uvicorn", "main:app", "--host", "::"]` },
    { name: 'bracketed IPv6 bind', code: `${FROM}CMD ["hypercorn", "main:app", "--bind", "[::]:8000"]` },
    { name: 'unix socket', code: `${FROM}CMD ["uvicorn", "main:app", "--uds", "/tmp/app.sock"]` },
    { name: 'file descriptor', code: `${FROM}CMD ["uvicorn", "main:app", "--fd", "3"]` },
    { name: 'gunicorn unix bind', code: `${FROM}CMD ["gunicorn", "main:app", "-b", "unix:/run/app.sock"]` },
    { name: 'gunicorn -b 0.0.0.0', code: `${FROM}CMD ["gunicorn", "-b", "0.0.0.0:80", "main:app"]` },
    { name: 'gunicorn short option attached', code: `${FROM}CMD ["gunicorn", "-b0.0.0.0:80", "main:app"]` },
    { name: 'gunicorn with PORT set binds 0.0.0.0', code: `${FROM}ENV PORT=8080\nCMD ["gunicorn", "main:app"]` },
    { name: 'gunicorn with GUNICORN_CMD_ARGS', code: `${FROM}ENV GUNICORN_CMD_ARGS="--bind=0.0.0.0:80 --workers=3"\nCMD ["gunicorn", "main:app"]` },
    { name: 'gunicorn with a config file', code: `${FROM}CMD ["gunicorn", "-c", "gunicorn.conf.py", "main:app"]` },
    { name: 'UVICORN_HOST in ENV', code: `${FROM}ENV UVICORN_HOST=0.0.0.0\nCMD ["uvicorn", "main:app"]` },
    { name: 'host from an unresolvable variable', code: `${FROM}CMD uvicorn main:app --host $HOST` },
    { name: 'host from an ARG without value', code: `${FROM}ARG HOST\nENV UVICORN_HOST=$HOST\nCMD ["uvicorn", "main:app"]` },
    { name: 'inside sh -c with a host', code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --host 0.0.0.0 --port $PORT"]` },
    { name: 'a specific address', code: `${FROM}CMD ["uvicorn", "main:app", "--host", "10.0.0.5"]` },
    { name: 'not a server', code: `${FROM}CMD ["python", "-m", "http.server"]` },
    {
      name: 'only the final stage counts',
      code: `FROM python:3.13 AS dev\nCMD ["uvicorn", "main:app"]\nFROM python:3.13\nCMD ["fastapi", "run", "main.py"]`,
    },
  ],
  invalid: [
    {
      name: 'uvicorn without --host',
      code: `${FROM}CMD ["uvicorn", "main:app", "--port", "80"]`,
      errors: [{ line: 2, column: 6, endColumn: 15, message: 'listens only on 127.0.0.1 (its default)' }],
      output: `${FROM}CMD ["uvicorn", "--host", "0.0.0.0", "main:app", "--port", "80"]`,
    },
    {
      name: 'explicit 127.0.0.1: reported, not fixed',
      code: `${FROM}CMD ["uvicorn", "main:app", "--host", "127.0.0.1"]`,
      errors: [{ line: 2, column: 29, endColumn: 50, message: '`--host 127.0.0.1`' }],
      output: null,
    },
    { name: 'localhost with --opt=value', code: `${FROM}CMD ["fastapi", "run", "--host=localhost"]`, errors: [{ line: 2 }], output: null },
    {
      name: 'fastapi dev defaults to 127.0.0.1',
      code: `${FROM}CMD ["fastapi", "dev", "main.py"]`,
      errors: [{ line: 2 }],
      output: `${FROM}CMD ["fastapi", "dev", "--host", "0.0.0.0", "main.py"]`,
    },
    {
      name: 'gunicorn default bind, fixed with --bind',
      code: `${FROM}CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "main:app"]`,
      errors: [{ line: 2, message: '`--bind 0.0.0.0:8000`' }],
      output: `${FROM}CMD ["gunicorn", "--bind", "0.0.0.0:8000", "-k", "uvicorn_worker.UvicornWorker", "main:app"]`,
    },
    { name: 'gunicorn -b 127.0.0.1:8000', code: `${FROM}CMD ["gunicorn", "-b", "127.0.0.1:8000", "main:app"]`, errors: [{ line: 2 }], output: null },
    { name: 'hypercorn default', code: `${FROM}CMD ["hypercorn", "main:app"]`, errors: [{ line: 2 }], output: `${FROM}CMD ["hypercorn", "--bind", "0.0.0.0:8000", "main:app"]` },
    { name: 'shell form: reported, not fixed', code: `${FROM}CMD uvicorn main:app`, errors: [{ line: 2 }], output: null },
    { name: 'python -m uvicorn', code: `${FROM}CMD ["python", "-m", "uvicorn", "main:app"]`, errors: [{ line: 2, column: 22 }], output: `${FROM}CMD ["python", "-m", "uvicorn", "--host", "0.0.0.0", "main:app"]` },
    { name: 'absolute path in a venv', code: `${FROM}CMD ["/app/.venv/bin/uvicorn", "main:app"]`, errors: [{ line: 2 }] },
    { name: 'inside sh -c: reported, not fixed', code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --port $PORT"]`, errors: [{ line: 2 }], output: null },
    { name: 'UVICORN_HOST=127.0.0.1', code: `${FROM}ENV UVICORN_HOST=127.0.0.1\nCMD ["uvicorn", "main:app"]`, errors: [{ line: 3, message: '`UVICORN_HOST` in the environment' }], output: null },
    { name: 'fastapi run ignores UVICORN_HOST', code: `${FROM}ENV UVICORN_HOST=0.0.0.0\nCMD ["fastapi", "run", "--host", "127.0.0.1"]`, errors: [{ line: 3 }] },
    { name: 'IPv6 loopback', code: `${FROM}CMD ["uvicorn", "main:app", "--host", "::1"]`, errors: [{ line: 2 }] },
    {
      name: 'ENTRYPOINT + CMD',
      code: `${FROM}ENTRYPOINT ["uvicorn"]\nCMD ["main:app"]`,
      errors: [{ line: 2 }],
      output: `${FROM}ENTRYPOINT ["uvicorn", "--host", "0.0.0.0"]\nCMD ["main:app"]`,
    },
    {
      name: 'multi-stage: the final stage counts',
      code: `FROM python:3.13 AS build\nCMD ["fastapi", "run"]\nFROM python:3.13-slim\nCMD ["uvicorn", "main:app"]`,
      errors: [{ line: 4 }],
    },
  ],
});
