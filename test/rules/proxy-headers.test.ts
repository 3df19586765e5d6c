import { proxyHeaders } from '../../rules/proxy-headers.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.12\nWORKDIR /code\n';
const behindProxy = { behindProxy: true };
const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: REPLICAS\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/shop/api:2.1\n'.replace(
    'REPLICAS',
    '1',
  );
const INGRESS =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls: [{hosts: [shop.example.com]}]\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: api, port: {number: 80}}\n';
const TIED = { 'compose.yaml': 'services:\n  api:\n    build: .\n    image: registry.example.com/shop/api\n', 'app/main.py': '' };

ruleTester(proxyHeaders, {
  valid: [
    {
      name: 'an Ingress to some other Deployment',
      code: `${FROM}COPY app app\nCMD ["fastapi", "run", "app/main.py"]`,
      files: { ...TIED, 'k8s/deployment.yaml': DEPLOYMENT.replace('shop/api', 'shop/web'), 'k8s/ingress.yaml': INGRESS },
    },
    { name: 'no evidence of a proxy', code: `${FROM}CMD ["fastapi", "run", "app/main.py", "--port", "80"]` },
    { name: 'no evidence, uvicorn', code: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]` },
    {
      name: 'trusted IPs given',
      code: `${FROM}CMD ["fastapi", "run", "app/main.py", "--proxy-headers", "--forwarded-allow-ips", "10.0.0.0/8"]`,
    },
    { name: '--opt=value form', code: `${FROM}CMD ["uvicorn", "main:app", "--proxy-headers", "--forwarded-allow-ips=*"]` },
    { name: 'FORWARDED_ALLOW_IPS in ENV', code: `${FROM}ENV FORWARDED_ALLOW_IPS="*"\nCMD ["fastapi", "run", "--proxy-headers"]` },
    {
      name: 'UVICORN_FORWARDED_ALLOW_IPS in ENV',
      code: `${FROM}ENV UVICORN_FORWARDED_ALLOW_IPS=172.16.0.0/12\nCMD ["uvicorn", "main:app", "--root-path", "/api"]`,
    },
    { name: 'behind a proxy with trust configured', code: `${FROM}CMD ["fastapi", "run", "--forwarded-allow-ips", "10.0.0.2"]`, options: behindProxy },
    { name: 'gunicorn with --forwarded-allow-ips', code: `${FROM}CMD ["gunicorn", "main:app", "--forwarded-allow-ips", "*"]`, options: behindProxy },
    {
      name: 'gunicorn with GUNICORN_CMD_ARGS',
      code: `${FROM}ENV GUNICORN_CMD_ARGS="--forwarded-allow-ips=*"\nCMD ["gunicorn", "main:app"]`,
      options: behindProxy,
    },
    { name: 'hypercorn has no such option', code: `${FROM}CMD ["hypercorn", "main:app"]`, options: behindProxy },
    { name: 'not a server', code: `${FROM}CMD ["python", "worker.py"]`, options: behindProxy },
    {
      name: 'only the final stage counts',
      code: `FROM python:3.12 AS dev\nCMD ["uvicorn", "main:app", "--proxy-headers"]\nFROM python:3.12\nCMD ["python", "job.py"]`,
    },
    { name: 'ARG is not in the container', code: `${FROM}ENV FORWARDED_ALLOW_IPS=*\nARG X=1\nCMD ["uvicorn", "main:app", "--proxy-headers"]` },
  ],
  invalid: [
    {
      name: "an Ingress of the repository's manifests routes to the image's Deployment",
      code: `${FROM}COPY app app\nCMD ["fastapi", "run", "app/main.py"]`,
      files: { ...TIED, 'k8s/deployment.yaml': DEPLOYMENT, 'k8s/ingress.yaml': INGRESS },
      errors: [
        {
          line: 4,
          column: 6,
          endColumn: 15,
          messageId: 'untrusted',
          message:
            "Behind a proxy (an Ingress, `web`, routes to `api` in k8s/ingress.yaml), `fastapi run` trusts X-Forwarded-* headers only from 127.0.0.1. Add `--forwarded-allow-ips` with the proxy's address.",
        },
      ],
    },
    {
      name: 'uv run fastapi run, behind a proxy',
      code: `${FROM}CMD ["uv", "run", "--no-sync", "fastapi", "run", "--proxy-headers"]`,
      errors: [{ line: 3, column: 32, endColumn: 41, messageId: 'untrusted' }],
    },
    {
      name: 'dumb-init -- in the ENTRYPOINT',
      code: `${FROM}ENTRYPOINT ["dumb-init", "--"]\nCMD ["uvicorn", "main:app", "--proxy-headers"]`,
      errors: [{ line: 4, column: 6, messageId: 'untrusted' }],
    },
    {
      name: '--proxy-headers alone trusts only 127.0.0.1',
      code: `${FROM}CMD ["fastapi", "run", "app/main.py", "--proxy-headers", "--port", "80"]`,
      errors: [
        {
          line: 3,
          column: 6,
          endColumn: 15,
          messageId: 'untrusted',
          message:
            "Behind a proxy (`--proxy-headers` in the command), `fastapi run` trusts X-Forwarded-* headers only from 127.0.0.1. Add `--forwarded-allow-ips` with the proxy's address.",
        },
      ],
    },
    {
      name: '--behind-proxy option',
      code: `${FROM}CMD ["fastapi", "run", "app/main.py"]`,
      options: behindProxy,
      errors: [{ line: 3, column: 6, messageId: 'untrusted' }],
    },
    {
      name: '--root-path is evidence',
      code: `${FROM}CMD ["uvicorn", "main:app", "--root-path", "/api"]`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'untrusted',
          message:
            "Behind a proxy (`--root-path` in the command), `uvicorn` trusts X-Forwarded-* headers only from 127.0.0.1. Add `--forwarded-allow-ips` with the proxy's address.",
        },
      ],
    },
    {
      name: 'python -m uvicorn in shell form',
      code: `${FROM}CMD python -m uvicorn main:app --proxy-headers`,
      errors: [{ line: 3, column: 15, messageId: 'untrusted' }],
    },
    {
      name: 'inside sh -c',
      code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --proxy-headers --port $PORT"]`,
      errors: [{ line: 3, column: 24, messageId: 'untrusted' }],
    },
    {
      name: 'an ENTRYPOINT wrapper with CMD',
      code: `${FROM}ENTRYPOINT ["tini", "--"]\nCMD ["uvicorn", "main:app", "--proxy-headers"]`,
      errors: [{ line: 4, column: 6, messageId: 'untrusted' }],
    },
    {
      name: 'an entrypoint script with CMD',
      code: `${FROM}ENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["fastapi", "run", "--proxy-headers"]`,
      errors: [{ line: 4, column: 6, messageId: 'untrusted' }],
    },
    {
      name: '--no-proxy-headers behind a proxy',
      code: `${FROM}CMD ["uvicorn", "main:app", "--no-proxy-headers", "--forwarded-allow-ips", "*"]`,
      options: behindProxy,
      errors: [
        {
          line: 3,
          column: 29,
          messageId: 'disabled',
          message:
            'The app is behind a proxy (--behind-proxy / `behind-proxy` in the config), but `--no-proxy-headers` makes `uvicorn` ignore X-Forwarded-*. Remove it and add `--forwarded-allow-ips`.',
        },
      ],
    },
    {
      name: 'gunicorn behind a proxy',
      code: `${FROM}CMD ["gunicorn", "main:app", "-k", "uvicorn_worker.UvicornWorker"]`,
      options: behindProxy,
      errors: [{ line: 3, column: 6, messageId: 'untrusted' }],
    },
    {
      name: 'ENV in an earlier stage only',
      code: `FROM python:3.12 AS a\nENV FORWARDED_ALLOW_IPS=*\nFROM python:3.12\nCMD ["uvicorn", "main:app", "--proxy-headers"]`,
      errors: [{ line: 4, column: 6, messageId: 'untrusted' }],
    },
  ],
});
