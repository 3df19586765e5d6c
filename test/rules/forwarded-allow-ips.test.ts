import { forwardedAllowIps } from '../../rules/forwarded-allow-ips.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\n';
const APP = { 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n', 'requirements.txt': 'fastapi[standard]>=0.115,<0.116\n' };
const STAR = 'CMD ["fastapi", "run", "app/main.py", "--port", "80", "--forwarded-allow-ips", "*"]';

ruleTester(forwardedAllowIps, {
  valid: [
    { name: 'a proxy address', code: `${FROM}CMD ["fastapi", "run", "app/main.py", "--forwarded-allow-ips", "10.0.0.5"]` },
    { name: 'behind-proxy option', code: `${FROM}${STAR}`, options: { behindProxy: true } },
    { name: '--proxy-headers shows a proxy', code: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--proxy-headers", "--forwarded-allow-ips=*"]` },
    { name: '--root-path shows a proxy', code: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--root-path", "/api", "--forwarded-allow-ips", "*"]` },
    {
      name: 'a Compose proxy routes to the service',
      code: `${FROM}WORKDIR /code\nCOPY ./app /code/app\n${STAR}`,
      files: { ...APP, 'compose.yaml': 'services:\n  web:\n    build: .\n  proxy:\n    image: traefik:v3.1\n    depends_on: [web]\n' },
    },
    { name: 'no server', code: `${FROM}ENV FORWARDED_ALLOW_IPS=*\nCMD ["python", "worker.py"]` },
    { name: 'hypercorn is not judged', code: `${FROM}CMD ["hypercorn", "main:app", "--bind", "0.0.0.0:80"]` },
    {
      name: 'the flag wins over the environment',
      code: `${FROM}ENV FORWARDED_ALLOW_IPS=*\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--forwarded-allow-ips", "10.0.0.5"]`,
    },
  ],
  invalid: [
    {
      name: 'fastapi run',
      code: `${FROM}${STAR}`,
      errors: [
        {
          line: 2,
          column: 55,
          endColumn: 83,
          messageId: 'trustsAll',
          message:
            '`--forwarded-allow-ips="*"` trusts X-Forwarded-* from any client, and no proxy is in sight: clients can fake their IP and scheme. Trust only the proxy\'s address.',
        },
      ],
    },
    {
      name: 'joined form, shell quoting',
      code: `${FROM}CMD uvicorn main:app --host 0.0.0.0 --forwarded-allow-ips="*"`,
      errors: [{ line: 2, column: 37, endColumn: 62, messageId: 'trustsAll' }],
    },
    {
      name: 'in a list',
      code: `${FROM}CMD ["uvicorn", "main:app", "--forwarded-allow-ips", "127.0.0.1,*"]`,
      errors: [{ line: 2, column: 29, messageId: 'trustsAll' }],
    },
    {
      name: 'environment',
      code: `${FROM}ENV FORWARDED_ALLOW_IPS="*"\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]`,
      errors: [
        {
          line: 3,
          column: 6,
          endColumn: 15,
          messageId: 'trustsAll',
          message:
            "`FORWARDED_ALLOW_IPS=*` trusts X-Forwarded-* from any client, and no proxy is in sight: clients can fake their IP and scheme. Trust only the proxy's address.",
        },
      ],
    },
    {
      name: 'uvicorn environment',
      code: `${FROM}ENV UVICORN_FORWARDED_ALLOW_IPS=*\nCMD ["uvicorn", "main:app"]`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'trustsAll',
          message:
            "`UVICORN_FORWARDED_ALLOW_IPS=*` trusts X-Forwarded-* from any client, and no proxy is in sight: clients can fake their IP and scheme. Trust only the proxy's address.",
        },
      ],
    },
    {
      name: 'gunicorn',
      code: `${FROM}CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "--forwarded-allow-ips", "*", "main:app"]`,
      errors: [{ line: 2, column: 57, messageId: 'trustsAll' }],
    },
    {
      name: 'GUNICORN_CMD_ARGS',
      code: `${FROM}ENV GUNICORN_CMD_ARGS="--forwarded-allow-ips=*"\nCMD ["gunicorn", "main:app"]`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'trustsAll',
          message:
            '`--forwarded-allow-ips="*" in GUNICORN_CMD_ARGS` trusts X-Forwarded-* from any client, and no proxy is in sight: clients can fake their IP and scheme. Trust only the proxy\'s address.',
        },
      ],
    },
    {
      name: 'a Compose file with no proxy',
      code: `${FROM}WORKDIR /code\nCOPY ./app /code/app\n${STAR}`,
      files: { ...APP, 'compose.yaml': 'services:\n  web:\n    build: .\n    ports: ["80:80"]\n' },
      errors: [{ line: 4, column: 55, messageId: 'trustsAll' }],
    },
  ],
});
