import { noGunicornUvicornWorker } from '../../rules/no-gunicorn-uvicorn-worker.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13\n';

ruleTester(noGunicornUvicornWorker, {
  valid: [
    { code: `${FROM}CMD ["fastapi", "run", "--workers", "4"]` },
    { name: 'gunicorn with a sync worker (a WSGI app)', code: `${FROM}CMD ["gunicorn", "-w", "4", "wsgi:app"]` },
    {
      name: 'gunicorn in a build stage',
      code: `FROM python:3.13 AS old\nCMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"]\nFROM python:3.13\nCMD ["fastapi", "run"]`,
    },
  ],
  invalid: [
    {
      name: 'an app module with a hyphen, which gunicorn imports all the same',
      code: `${FROM}CMD ["gunicorn", "--worker-class=uvicorn.workers.UvicornWorker", "wsgi-service:app"]`,
      errors: [{ line: 2, column: 18, messageId: 'deprecated' }],
    },
    {
      name: 'gunicorn with Uvicorn workers in the else branch of a shell if',
      code: `${FROM}CMD if [ "$RELOAD" ]; then uvicorn api.app:app --reload; else gunicorn api.app:app -k uvicorn.workers.UvicornWorker; fi`,
      errors: [{ line: 2, column: 87, endColumn: 116, messageId: 'deprecated' }],
    },
    {
      name: 'ddtrace-run in front',
      code: 'FROM python:3.13\nCMD ["ddtrace-run", "gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"]',
      errors: [{ line: 2, column: 39, endColumn: 70, messageId: 'deprecated', severity: 'warning' }],
    },
    {
      name: 'shell form with exec and a variable bind',
      code: 'FROM python:3.13\nCMD exec gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT app:app',
      errors: [{ line: 2, column: 22, endColumn: 51, messageId: 'deprecated' }],
    },
    {
      name: 'opentelemetry-instrument with options, then poetry run',
      code: 'FROM python:3.13\nCMD ["opentelemetry-instrument", "--service_name", "api", "poetry", "run", "gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"]',
      errors: [{ line: 2, column: 94, messageId: 'deprecated' }],
    },
    {
      name: 'the deprecated worker class',
      code: `${FROM}CMD ["gunicorn", "main:app", "-k", "uvicorn.workers.UvicornWorker", "-w", "4"]`,
      errors: [{ line: 2, column: 36, endColumn: 67, messageId: 'deprecated' }],
    },
    {
      name: '--worker-class=',
      code: `${FROM}CMD ["gunicorn", "--worker-class=uvicorn.workers.UvicornWorker", "main:app"]`,
      errors: [{ line: 2, column: 18, messageId: 'deprecated' }],
    },
    {
      name: 'shell form, split option',
      code: `${FROM}CMD gunicorn --worker-class uvicorn.workers.UvicornWorker main:app`,
      errors: [{ line: 2, column: 29, messageId: 'deprecated' }],
    },
    {
      name: 'the maintained worker class, at info level',
      code: `${FROM}CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "main:app"]`,
      errors: [{ line: 2, column: 24, messageId: 'maintained', severity: 'info' }],
    },
    {
      name: 'from GUNICORN_CMD_ARGS',
      code: `${FROM}ENV GUNICORN_CMD_ARGS="-k uvicorn.workers.UvicornWorker"\nCMD ["gunicorn", "main:app"]`,
      errors: [{ line: 3, column: 6, messageId: 'deprecated' }],
    },
    {
      name: 'python -m gunicorn',
      code: `${FROM}CMD ["python", "-m", "gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"]`,
      errors: [{ line: 2, column: 40, messageId: 'deprecated' }],
    },
  ],
});
