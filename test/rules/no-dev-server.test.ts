import { noDevServer } from '../../rules/no-dev-server.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13\n';

ruleTester(noDevServer, {
  valid: [
    { code: `${FROM}CMD ["fastapi", "run", "app/main.py"]` },
    { code: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]` },
    { name: '--no-reload', code: `${FROM}CMD ["fastapi", "run", "--no-reload"]` },
    { name: 'UVICORN_RELOAD false', code: `${FROM}ENV UVICORN_RELOAD=false\nCMD ["uvicorn", "main:app"]` },
    { name: 'fastapi run ignores UVICORN_RELOAD', code: `${FROM}ENV UVICORN_RELOAD=true\nCMD ["fastapi", "run"]` },
    { name: 'dev stage that is not final', code: `FROM python:3.13 AS dev\nCMD ["fastapi", "dev"]\nFROM python:3.13\nCMD ["fastapi", "run"]` },
    { name: '--reload in a RUN is not the server', code: `${FROM}RUN uvicorn --help | grep reload\nCMD ["fastapi", "run"]` },
  ],
  invalid: [
    { code: `${FROM}CMD ["fastapi", "dev", "app/main.py", "--host", "0.0.0.0"]`, errors: [{ line: 2, column: 6, endColumn: 22, message: "`fastapi dev`" }] },
    { name: 'fastapi dev in shell form', code: `${FROM}CMD fastapi dev`, errors: [{ line: 2 }] },
    { name: 'uvicorn --reload', code: `${FROM}CMD ["uvicorn", "main:app", "--reload"]`, errors: [{ line: 2, column: 29, endColumn: 39, message: "`--reload`" }] },
    { name: 'fastapi run --reload', code: `${FROM}CMD ["fastapi", "run", "--reload"]`, errors: [{ line: 2 }] },
    { name: 'gunicorn --reload', code: `${FROM}CMD ["gunicorn", "--reload", "main:app"]`, errors: [{ line: 2 }] },
    { name: 'UVICORN_RELOAD truthy', code: `${FROM}ENV UVICORN_RELOAD=1\nCMD ["uvicorn", "main:app"]`, errors: [{ line: 3, message: '`UVICORN_RELOAD` in the environment' }] },
    { name: 'inside sh -c', code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --reload --port $PORT"]`, errors: [{ line: 2 }] },
    { name: 'python -m uvicorn', code: `${FROM}CMD python -m uvicorn main:app --reload`, errors: [{ line: 2 }] },
  ],
});
