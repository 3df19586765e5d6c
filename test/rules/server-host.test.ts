import { serverHost } from '../../rules/server-host.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13\n';
/** A project that installs its requirements and copies its code to /app. */
const APP = 'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n';
const REQUIREMENTS = { 'requirements.txt': 'fastapi>=0.115,<0.116\nuvicorn>=0.30,<0.31\n' };
/** A project installed from its pyproject.toml, with a console script `svc`. */
const INSTALLED = 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n';
const PYPROJECT =
  '[project]\nname = "svc"\nversion = "1"\ndependencies = ["fastapi>=0.115,<0.116", "uvicorn>=0.30,<0.31"]\n\n[project.scripts]\nsvc = "svc.cli:main"\n';

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
    { name: 'a host name we cannot judge', code: `${FROM}CMD ["uvicorn", "main:app", "--host", "myservice"]` },
    { name: 'a gunicorn bind to a host name', code: `${FROM}CMD ["gunicorn", "-b", "myservice:80", "main:app"]` },
    { name: 'a gunicorn bind with a variable port', code: `${FROM}CMD exec gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT app:app` },
    { name: 'a gunicorn bind without a port', code: `${FROM}CMD ["gunicorn", "--bind", "0.0.0.0", "main:app"]` },
    { name: 'a gunicorn tcp:// bind', code: `${FROM}CMD ["gunicorn", "--bind", "tcp://0.0.0.0:80", "main:app"]` },
    { name: 'a gunicorn IPv6 wildcard bind', code: `${FROM}CMD ["gunicorn", "--bind", "[::]:80", "main:app"]` },
    { name: 'fastapi dev is FDL007 only', code: `${FROM}CMD ["fastapi", "dev", "main.py"]` },
    { name: 'fastapi dev through uv run', code: `${FROM}CMD ["uv", "run", "fastapi", "dev", "main.py"]` },
    { name: 'sh -c with exec and ${PORT:-8000}', code: `${FROM}CMD ["sh","-c","exec uvicorn app:app --host 0.0.0.0 --port \${PORT:-8000}"]` },
    { name: 'tini in front, host given', code: `${FROM}ENTRYPOINT ["/usr/bin/tini","--"]\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]` },
    {
      name: 'opentelemetry-instrument in front, host given',
      code: `${FROM}CMD ["opentelemetry-instrument", "--traces_exporter", "otlp", "uvicorn", "app.main:app", "--host", "0.0.0.0"]`,
    },
    { name: 'a script, not a server we know', code: `${FROM}CMD ["python", "main.py"]` },
    { name: 'an entrypoint script with a CMD of options only', code: `${FROM}ENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["--port", "80"]` },
    {
      name: 'ENTRYPOINT ["fastapi"] + CMD ["sh", "-c", ...] runs `fastapi sh`, which is no server',
      code: `${FROM}ENTRYPOINT ["fastapi"]\nCMD ["sh", "-c", "fastapi run --host 127.0.0.1"]`,
    },
    { name: 'ENTRYPOINT ["uvicorn"] + CMD ["sh", "-c", ...]', code: `${FROM}ENTRYPOINT ["uvicorn"]\nCMD ["sh", "-c", "uvicorn main:app"]` },
    { name: 'ENTRYPOINT ["gunicorn"] + CMD ["sh", "-c", ...]', code: `${FROM}ENTRYPOINT ["gunicorn"]\nCMD ["sh", "-c", "gunicorn main:app"]` },
    { name: 'a word with a hyphen and no colon is no app for uvicorn', code: `${FROM}ENTRYPOINT ["uvicorn"]\nCMD ["my-app"]` },
    { name: 'fastapi without a subcommand', code: `${FROM}CMD ["fastapi", "--version"]` },
    { name: 'uvicorn without an app', code: `${FROM}CMD ["uvicorn", "--version"]` },
    { name: 'not a server', code: `${FROM}CMD ["python", "-m", "http.server"]` },
    {
      name: 'only the final stage counts',
      code: `FROM python:3.13 AS dev\nCMD ["uvicorn", "main:app"]\nFROM python:3.13\nCMD ["fastapi", "run", "main.py"]`,
    },
    {
      name: 'python main.py: uvicorn.run on 0.0.0.0',
      code: `${APP}CMD ["python", "main.py"]`,
      files: {
        ...REQUIREMENTS,
        'main.py': 'import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=80)\n',
      },
    },
    {
      name: 'python main.py: a host from the environment is not guessed',
      code: `${APP}CMD ["python", "main.py"]`,
      files: {
        ...REQUIREMENTS,
        'main.py': 'import os, uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app", host=os.getenv("HOST", "127.0.0.1"))\n',
      },
    },
    {
      name: 'python main.py: a loopback host only in a development branch',
      code: `${APP}CMD ["python", "main.py"]`,
      files: {
        ...REQUIREMENTS,
        'main.py':
          'import os, uvicorn\nif __name__ == "__main__":\n    if os.getenv("ENV") == "dev":\n        uvicorn.run("main:app", reload=True)\n    else:\n        uvicorn.run("main:app", host="0.0.0.0")\n',
      },
    },
    {
      name: 'python main.py: uvicorn.run in a function nobody calls',
      code: `${APP}CMD ["python", "main.py"]`,
      files: { ...REQUIREMENTS, 'main.py': 'import uvicorn\ndef dev():\n    uvicorn.run("main:app")\n' },
    },
    {
      name: 'a uvicorn command line wins over the entry point',
      code: `${APP}CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]`,
      files: { ...REQUIREMENTS, 'main.py': 'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app")\n' },
    },
    {
      name: 'a program the project does not declare as a console script',
      code: `${INSTALLED}CMD ["other"]`,
      files: { 'pyproject.toml': PYPROJECT, 'svc/__init__.py': '', 'svc/cli.py': 'import uvicorn\ndef main():\n    uvicorn.run("svc.app:app")\n' },
    },
    {
      name: 'without a build context the entry point is not read',
      code: `${APP}CMD ["python", "main.py"]`,
    },
  ],
  invalid: [
    {
      name: 'uvicorn without --host',
      code: `${FROM}CMD ["uvicorn", "main:app", "--port", "80"]`,
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 15,
          messageId: 'loopback',
          message: '`uvicorn` listens only on 127.0.0.1 (its default), unreachable from outside the container. Listen on all interfaces: `--host 0.0.0.0`.',
        },
      ],
      output: `${FROM}CMD ["uvicorn", "--host", "0.0.0.0", "main:app", "--port", "80"]`,
    },
    {
      name: 'explicit 127.0.0.1: reported, not fixed',
      code: `${FROM}CMD ["uvicorn", "main:app", "--host", "127.0.0.1"]`,
      errors: [
        {
          line: 2,
          column: 29,
          endColumn: 50,
          messageId: 'loopback',
          message:
            '`uvicorn` listens only on 127.0.0.1 (`--host 127.0.0.1`), unreachable from outside the container. Listen on all interfaces: `--host 0.0.0.0`.',
        },
      ],
      output: null,
      unsafeOutput: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]`,
    },
    {
      name: 'localhost with --opt=value',
      code: `${FROM}CMD ["fastapi", "run", "--host=localhost"]`,
      errors: [{ line: 2, column: 24, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "--host=0.0.0.0"]`,
    },
    {
      name: 'a literal address the container is not given',
      code: `${FROM}CMD ["uvicorn", "main:app", "--host", "10.20.30.40"]`,
      errors: [
        {
          line: 2,
          column: 29,
          endColumn: 52,
          messageId: 'foreignAddress',
          message:
            '`--host 10.20.30.40` binds a fixed address, but a container gets its address when it starts: unless it is this one, `uvicorn` exits. Use `0.0.0.0`.',
        },
      ],
      output: null,
    },
    {
      name: 'an IPv6 literal',
      code: `${FROM}CMD ["uvicorn", "main:app", "--host", "fd00::5"]`,
      errors: [{ line: 2, column: 29, messageId: 'foreignAddress' }],
      output: null,
    },
    {
      name: 'a literal address in UVICORN_HOST',
      code: `${FROM}ENV UVICORN_HOST=10.0.0.5\nCMD ["uvicorn", "main:app"]`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'foreignAddress',
          message:
            '`10.0.0.5` in `UVICORN_HOST` binds a fixed address, but a container gets its address when it starts: unless it is this one, `uvicorn` exits. Use `0.0.0.0`.',
        },
      ],
      output: null,
    },
    {
      name: 'a gunicorn bind to a literal address',
      code: `${FROM}CMD ["gunicorn", "-b", "10.20.30.40:80", "main:app"]`,
      errors: [
        {
          line: 2,
          column: 18,
          endColumn: 40,
          messageId: 'foreignAddress',
          message:
            '`-b 10.20.30.40:80` binds a fixed address, but a container gets its address when it starts: unless it is this one, `gunicorn` exits. Use `0.0.0.0`.',
        },
      ],
      output: null,
    },
    {
      name: 'one literal address among several gunicorn binds',
      code: `${FROM}CMD ["gunicorn", "-b", "0.0.0.0:80", "--bind", "192.168.1.4:81", "main:app"]`,
      errors: [
        {
          line: 2,
          column: 38,
          messageId: 'foreignAddress',
          message:
            '`--bind 192.168.1.4:81` binds a fixed address, but a container gets its address when it starts: unless it is this one, `gunicorn` exits. Use `0.0.0.0`.',
        },
      ],
      output: null,
    },
    {
      name: 'a port packed into --host',
      code: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0:80"]`,
      errors: [
        {
          line: 2,
          column: 29,
          endColumn: 51,
          messageId: 'portInHost',
          message:
            '`--host 0.0.0.0:80` puts a port into the host name, which `uvicorn` cannot resolve, so it fails to start. Write `--host 0.0.0.0 --port 80`.',
        },
      ],
      output: null,
    },
    {
      name: 'a port packed into fastapi run --host=',
      code: `${FROM}CMD ["fastapi", "run", "--host=0.0.0.0:8080"]`,
      errors: [
        {
          line: 2,
          column: 24,
          messageId: 'portInHost',
          message:
            '`--host 0.0.0.0:8080` puts a port into the host name, which `fastapi run` cannot resolve, so it fails to start. Write `--host 0.0.0.0 --port 8080`.',
        },
      ],
      output: null,
    },
    {
      name: 'a port packed into [::]',
      code: `${FROM}CMD ["uvicorn", "main:app", "--host", "[::]:80"]`,
      errors: [
        {
          line: 2,
          column: 29,
          messageId: 'portInHost',
          message: '`--host [::]:80` puts a port into the host name, which `uvicorn` cannot resolve, so it fails to start. Write `--host [::] --port 80`.',
        },
      ],
      output: null,
    },
    {
      name: 'a port packed into UVICORN_HOST',
      code: `${FROM}ENV UVICORN_HOST=0.0.0.0:80\nCMD ["uvicorn", "main:app"]`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'portInHost',
          message:
            '`0.0.0.0:80` in `UVICORN_HOST` puts a port into the host name, which `uvicorn` cannot resolve, so it fails to start. Write `UVICORN_HOST=0.0.0.0` and `UVICORN_PORT=80`.',
        },
      ],
      output: null,
    },
    {
      name: 'uv run uvicorn: found through the runner and fixed in place',
      code: `${FROM}CMD ["uv", "run", "uvicorn", "app.main:app"]`,
      errors: [{ line: 2, column: 19, endColumn: 28, messageId: 'loopback' }],
      output: `${FROM}CMD ["uv", "run", "uvicorn", "--host", "0.0.0.0", "app.main:app"]`,
    },
    {
      name: 'uv run with its own options',
      code: `${FROM}CMD ["uv", "run", "--no-sync", "--frozen", "--python", "3.12", "uvicorn", "app.main:app"]`,
      errors: [{ line: 2, column: 64, messageId: 'loopback' }],
      output: `${FROM}CMD ["uv", "run", "--no-sync", "--frozen", "--python", "3.12", "uvicorn", "--host", "0.0.0.0", "app.main:app"]`,
    },
    {
      name: 'poetry run',
      code: `${FROM}CMD ["poetry", "run", "gunicorn", "main:app", "-b", "127.0.0.1:80"]`,
      errors: [
        {
          line: 2,
          column: 47,
          messageId: 'loopback',
          message:
            '`gunicorn` listens only on 127.0.0.1 (`-b 127.0.0.1:80`), unreachable from outside the container. Listen on all interfaces: `--bind 0.0.0.0:8000`.',
        },
      ],
      output: null,
      unsafeOutput: `${FROM}CMD ["poetry", "run", "gunicorn", "main:app", "-b", "0.0.0.0:80"]`,
    },
    {
      name: 'tini -s -- in the ENTRYPOINT',
      code: `${FROM}ENTRYPOINT ["tini", "-s", "--"]\nCMD ["uvicorn", "main:app"]`,
      errors: [{ line: 3, column: 6, messageId: 'loopback' }],
      output: `${FROM}ENTRYPOINT ["tini", "-s", "--"]\nCMD ["uvicorn", "--host", "0.0.0.0", "main:app"]`,
    },
    {
      name: 'dumb-init --',
      code: `${FROM}ENTRYPOINT ["dumb-init", "--"]\nCMD ["uvicorn", "main:app"]`,
      errors: [{ line: 3, column: 6, messageId: 'loopback' }],
      output: 'FROM python:3.13\nENTRYPOINT ["dumb-init", "--"]\nCMD ["uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'gosu USER',
      code: `${FROM}CMD ["gosu", "app", "uvicorn", "main:app"]`,
      errors: [{ line: 2, column: 21, messageId: 'loopback' }],
      output: 'FROM python:3.13\nCMD ["gosu", "app", "uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'opentelemetry-instrument with options',
      code: `${FROM}CMD ["opentelemetry-instrument", "--traces_exporter", "console", "uvicorn", "main:app"]`,
      errors: [{ line: 2, column: 66, messageId: 'loopback' }],
      output: 'FROM python:3.13\nCMD ["opentelemetry-instrument", "--traces_exporter", "console", "uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'ddtrace-run gunicorn',
      code: `${FROM}CMD ["ddtrace-run", "gunicorn", "-k", "uvicorn_worker.UvicornWorker", "main:app"]`,
      errors: [{ line: 2, column: 21, messageId: 'loopback' }],
      output: 'FROM python:3.13\nCMD ["ddtrace-run", "gunicorn", "--bind", "0.0.0.0:8000", "-k", "uvicorn_worker.UvicornWorker", "main:app"]',
    },
    {
      name: 'newrelic-admin run-program',
      code: `${FROM}CMD ["newrelic-admin", "run-program", "uvicorn", "main:app"]`,
      errors: [{ line: 2, column: 39, messageId: 'loopback' }],
      output: 'FROM python:3.13\nCMD ["newrelic-admin", "run-program", "uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'doppler run --',
      code: `${FROM}CMD ["doppler", "run", "--", "uvicorn", "main:app"]`,
      errors: [{ line: 2, column: 30, messageId: 'loopback' }],
      output: 'FROM python:3.13\nCMD ["doppler", "run", "--", "uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'env -i VAR=1',
      code: `${FROM}CMD ["env", "-i", "APP_ENV=prod", "uvicorn", "main:app"]`,
      errors: [{ line: 2, column: 35, messageId: 'loopback' }],
      output: 'FROM python:3.13\nCMD ["env", "-i", "APP_ENV=prod", "uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'shell-form python -m uvicorn with a host is fine, without one reported',
      code: `${FROM}CMD python -m uvicorn app.main:app`,
      errors: [{ line: 2, column: 15, messageId: 'loopback' }],
      output: null,
    },
    {
      name: 'gunicorn default bind, fixed with --bind',
      code: `${FROM}CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "main:app"]`,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'loopback',
          message:
            '`gunicorn` listens only on 127.0.0.1 (its default), unreachable from outside the container. Listen on all interfaces: `--bind 0.0.0.0:8000`.',
        },
      ],
      output: `${FROM}CMD ["gunicorn", "--bind", "0.0.0.0:8000", "-k", "uvicorn_worker.UvicornWorker", "main:app"]`,
    },
    {
      name: 'gunicorn -b 127.0.0.1:8000',
      code: `${FROM}CMD ["gunicorn", "-b", "127.0.0.1:8000", "main:app"]`,
      errors: [{ line: 2, column: 18, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["gunicorn", "-b", "0.0.0.0:8000", "main:app"]`,
    },
    {
      name: 'hypercorn default',
      code: `${FROM}CMD ["hypercorn", "main:app"]`,
      errors: [{ line: 2, column: 6, messageId: 'loopback' }],
      output: `${FROM}CMD ["hypercorn", "--bind", "0.0.0.0:8000", "main:app"]`,
    },
    { name: 'shell form: reported, not fixed', code: `${FROM}CMD uvicorn main:app`, errors: [{ line: 2, column: 5, messageId: 'loopback' }], output: null },
    {
      name: 'python -m uvicorn',
      code: `${FROM}CMD ["python", "-m", "uvicorn", "main:app"]`,
      errors: [{ line: 2, column: 22, messageId: 'loopback' }],
      output: `${FROM}CMD ["python", "-m", "uvicorn", "--host", "0.0.0.0", "main:app"]`,
    },
    {
      name: 'absolute path in a venv',
      code: `${FROM}CMD ["/app/.venv/bin/uvicorn", "main:app"]`,
      errors: [{ line: 2, column: 6, messageId: 'loopback' }],
      output: 'FROM python:3.13\nCMD ["/app/.venv/bin/uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'inside sh -c: reported, not fixed',
      code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --port $PORT"]`,
      errors: [{ line: 2, column: 24, messageId: 'loopback' }],
      output: null,
    },
    {
      name: 'UVICORN_HOST=127.0.0.1',
      code: `${FROM}ENV UVICORN_HOST=127.0.0.1\nCMD ["uvicorn", "main:app"]`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'loopback',
          message:
            '`uvicorn` listens only on 127.0.0.1 (`UVICORN_HOST` in the environment), unreachable from outside the container. Listen on all interfaces: `--host 0.0.0.0`.',
        },
      ],
      output: null,
    },
    {
      name: 'fastapi run ignores UVICORN_HOST',
      code: `${FROM}ENV UVICORN_HOST=0.0.0.0\nCMD ["fastapi", "run", "--host", "127.0.0.1"]`,
      errors: [{ line: 3, column: 24, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}ENV UVICORN_HOST=0.0.0.0\nCMD ["fastapi", "run", "--host", "0.0.0.0"]`,
    },
    {
      name: 'an app module with a hyphen (`my-app.py`), which uvicorn imports all the same',
      code: `${FROM}CMD ["uvicorn", "my-app:app"]`,
      errors: [{ line: 2, column: 6, messageId: 'loopback' }],
      output: `${FROM}CMD ["uvicorn", "--host", "0.0.0.0", "my-app:app"]`,
    },
    {
      name: 'explicit localhost in shell form: the host is replaced where it is written',
      code: `${FROM}CMD uvicorn main:app --host localhost --port 80`,
      errors: [{ line: 2, column: 22, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}CMD uvicorn main:app --host 0.0.0.0 --port 80`,
    },
    {
      name: 'explicit 127.0.0.1 inside sh -c',
      code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --host=127.0.0.1 --port $PORT"]`,
      errors: [{ line: 2, column: 41, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --host=0.0.0.0 --port $PORT"]`,
    },
    {
      name: 'gunicorn -b[::1]:80 keeps its port',
      code: `${FROM}CMD ["gunicorn", "-b[::1]:80", "main:app"]`,
      errors: [{ line: 2, column: 18, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["gunicorn", "-b0.0.0.0:80", "main:app"]`,
    },
    {
      name: 'hypercorn --bind tcp://localhost:80 keeps its scheme and port',
      code: `${FROM}CMD ["hypercorn", "--bind", "tcp://localhost:80", "main:app"]`,
      errors: [{ line: 2, column: 19, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["hypercorn", "--bind", "tcp://0.0.0.0:80", "main:app"]`,
    },
    {
      name: 'UVICORN_HOST=localhost in the environment: not fixed',
      code: `${FROM}ENV UVICORN_HOST=localhost\nCMD ["uvicorn", "main:app"]`,
      errors: [{ line: 3, column: 6, messageId: 'loopback' }],
      output: null,
    },
    {
      name: 'IPv6 loopback',
      code: `${FROM}CMD ["uvicorn", "main:app", "--host", "::1"]`,
      errors: [{ line: 2, column: 29, messageId: 'loopback' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]`,
    },
    {
      name: 'ENTRYPOINT + CMD',
      code: `${FROM}ENTRYPOINT ["uvicorn"]\nCMD ["main:app"]`,
      errors: [{ line: 2, column: 13, messageId: 'loopback' }],
      output: `${FROM}ENTRYPOINT ["uvicorn", "--host", "0.0.0.0"]\nCMD ["main:app"]`,
    },
    {
      name: 'multi-stage: the final stage counts',
      code: `FROM python:3.13 AS build\nCMD ["fastapi", "run"]\nFROM python:3.13-slim\nCMD ["uvicorn", "main:app"]`,
      errors: [{ line: 4, column: 6, messageId: 'loopback' }],
      output: 'FROM python:3.13 AS build\nCMD ["fastapi", "run"]\nFROM python:3.13-slim\nCMD ["uvicorn", "--host", "0.0.0.0", "main:app"]',
    },
    {
      name: 'python main.py: uvicorn.run binds 127.0.0.1 explicitly',
      code: `${APP}CMD ["python", "main.py"]`,
      files: {
        ...REQUIREMENTS,
        'main.py':
          'import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="127.0.0.1", reload=True)\n',
      },
      errors: [
        {
          line: 5,
          column: 29,
          endColumn: 45,
          messageId: 'entryPointLoopback',
          message:
            '`uvicorn.run()`, run by `python main.py`, listens only on 127.0.0.1 (`host="127.0.0.1"`), unreachable from outside the container. Pass `host="0.0.0.0"`.',
          file: 'main.py',
        },
      ],
      output: null,
    },
    {
      name: 'python -m pkg: uvicorn.run by default in __main__.py, through main()',
      code: `${APP}CMD ["python", "-m", "svc"]`,
      files: {
        ...REQUIREMENTS,
        'svc/__init__.py': '',
        'svc/__main__.py': 'from uvicorn import run\n\ndef main():\n    run("svc.app:app", port=80)\n\nmain()\n',
      },
      errors: [
        {
          line: 4,
          column: 5,
          endColumn: 8,
          messageId: 'entryPointLoopback',
          message: '`run()`, run by `python -m svc`, listens only on 127.0.0.1 (its default), unreachable from outside the container. Pass `host="0.0.0.0"`.',
          file: 'svc/__main__.py',
        },
      ],
      output: null,
    },
    {
      name: 'a console script of the installed project',
      code: `${INSTALLED}ENTRYPOINT ["svc"]`,
      files: {
        'pyproject.toml': PYPROJECT,
        'svc/__init__.py': '',
        'svc/cli.py': 'import uvicorn as u\n\ndef main():\n    u.run("svc.app:app", host="localhost")\n',
      },
      errors: [
        {
          line: 4,
          column: 26,
          messageId: 'entryPointLoopback',
          message:
            '`u.run()`, run by `svc` (console script `svc.cli:main` in pyproject.toml), listens only on localhost (`host="localhost"`), unreachable from outside the container. Pass `host="0.0.0.0"`.',
          file: 'svc/cli.py',
        },
      ],
      output: null,
    },
    {
      name: 'a console script in a src layout, through a venv path',
      code: `${INSTALLED}CMD ["/usr/local/bin/svc"]`,
      files: {
        'pyproject.toml': PYPROJECT,
        'src/svc/__init__.py': '',
        'src/svc/cli.py': 'import uvicorn\nfrom uvicorn import Config, Server\n\ndef main():\n    Server(Config("svc.app:app", "127.0.0.1", 8000)).run()\n',
      },
      errors: [
        {
          line: 5,
          column: 34,
          messageId: 'entryPointLoopback',
          message:
            '`Config()`, run by `svc` (console script `svc.cli:main` in pyproject.toml), listens only on 127.0.0.1 (`"127.0.0.1"`), unreachable from outside the container. Pass `host="0.0.0.0"`.',
          file: 'src/svc/cli.py',
        },
      ],
      output: null,
    },
  ],
});
