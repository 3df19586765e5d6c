import { serverInstalled } from '../../rules/server-installed.js';
import { ruleTester } from '../helpers/rule-tester.js';

const APP = { 'app/__init__.py': '', 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };
const dockerfile = (cmd: string, install = 'COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt') =>
  `FROM python:3.13\nWORKDIR /code\n${install}\nCOPY ./app /code/app\n${cmd}`;
const FASTAPI_RUN = 'CMD ["fastapi", "run", "app/main.py"]';
const UVICORN = 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]';

ruleTester(serverInstalled, {
  valid: [
    { name: 'fastapi[standard]', code: dockerfile(FASTAPI_RUN), files: { ...APP, 'requirements.txt': 'fastapi[standard]>=0.115,<0.116\n' } },
    { name: 'standard-no-fastapi-cloud-cli', code: dockerfile(FASTAPI_RUN), files: { ...APP, 'requirements.txt': 'fastapi[standard-no-fastapi-cloud-cli]==0.118.0\n' } },
    { name: 'fastapi-cli', code: dockerfile(FASTAPI_RUN), files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\nfastapi-cli==0.0.7\n' } },
    { name: 'uvicorn from fastapi[standard]', code: dockerfile(UVICORN), files: { ...APP, 'requirements.txt': 'fastapi[standard]==0.115.0\n' } },
    { name: 'uvicorn listed', code: dockerfile(UVICORN), files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.32.0\n' } },
    { name: 'gunicorn listed', code: dockerfile('CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "app.main:app"]'), files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\ngunicorn==23.0.0\nuvicorn-worker==0.2.0\n' } },
    { name: 'transitive, from uv.lock', code: dockerfile(UVICORN, 'COPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked'), files: { ...APP, 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["my-framework>=1,<2"]\n', 'uv.lock': '[[package]]\nname = "uvicorn"\nversion = "0.32.0"\n' } },
    { name: 'a wheel we cannot read', code: dockerfile(FASTAPI_RUN, 'COPY dist/app.whl /tmp/\nRUN pip install --no-cache-dir /tmp/app.whl'), files: { ...APP, 'dist/app.whl': 'PK' } },
    { name: 'requirements from another stage', code: `FROM python:3.13 AS b\nRUN echo fastapi > /r.txt\nFROM python:3.13\nCOPY --from=b /r.txt /r.txt\nRUN pip install --no-cache-dir -r /r.txt\nCOPY app /code/app\nWORKDIR /code\n${FASTAPI_RUN}`, files: APP },
    { name: 'no context', code: dockerfile(FASTAPI_RUN), options: {} },
    { name: 'no install at all', code: `FROM python:3.13\nCOPY app /code/app\n${FASTAPI_RUN}`, files: APP },
  ],
  invalid: [
    {
      name: 'plain fastapi with fastapi run',
      code: dockerfile(FASTAPI_RUN),
      files: { ...APP, 'requirements.txt': 'fastapi>=0.115.0,<0.116.0\n' },
      errors: [{ line: 6, column: 1, endColumn: 38, message: 'installs plain `fastapi` (read from `requirements.txt`)' }],
    },
    {
      name: 'plain fastapi named on the pip line',
      code: dockerfile('CMD ["fastapi", "dev", "app/main.py"]', 'RUN pip install --no-cache-dir fastapi==0.115.0'),
      files: APP,
      errors: [{ line: 5, message: 'read from the Dockerfile' }],
    },
    { name: 'uvicorn missing', code: dockerfile(UVICORN), files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' }, errors: [{ line: 6, message: 'the `uvicorn` package' }] },
    { name: 'python -m uvicorn missing', code: dockerfile('CMD ["python", "-m", "uvicorn", "app.main:app"]'), files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' }, errors: [{ line: 6 }] },
    { name: 'gunicorn missing', code: dockerfile('CMD ["gunicorn", "app.main:app"]'), files: { ...APP, 'requirements.txt': 'fastapi[standard]==0.115.0\n' }, errors: [{ line: 6, message: 'the `gunicorn` package' }] },
    {
      name: 'pyproject with plain fastapi',
      code: dockerfile(FASTAPI_RUN, 'COPY pyproject.toml .\nRUN pip install --no-cache-dir .'),
      files: { ...APP, 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi>=0.115,<0.116"]\n' },
      errors: [{ line: 6, message: '`pyproject.toml`' }],
    },
  ],
});
