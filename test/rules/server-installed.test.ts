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
    {
      name: 'standard-no-fastapi-cloud-cli',
      code: dockerfile(FASTAPI_RUN),
      files: { ...APP, 'requirements.txt': 'fastapi[standard-no-fastapi-cloud-cli]==0.118.0\n' },
    },
    { name: 'fastapi-cli', code: dockerfile(FASTAPI_RUN), files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\nfastapi-cli==0.0.7\n' } },
    { name: 'uvicorn from fastapi[standard]', code: dockerfile(UVICORN), files: { ...APP, 'requirements.txt': 'fastapi[standard]==0.115.0\n' } },
    { name: 'uvicorn listed', code: dockerfile(UVICORN), files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.32.0\n' } },
    {
      name: 'gunicorn listed',
      code: dockerfile('CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "app.main:app"]'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\ngunicorn==23.0.0\nuvicorn-worker==0.2.0\n' },
    },
    {
      name: 'transitive, from uv.lock',
      code: dockerfile(UVICORN, 'COPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked'),
      files: {
        ...APP,
        'pyproject.toml': '[project]\nname = "x"\ndependencies = ["my-framework>=1,<2"]\n',
        'uv.lock': '[[package]]\nname = "uvicorn"\nversion = "0.32.0"\n',
      },
    },
    {
      name: 'a wheel we cannot read',
      code: dockerfile(FASTAPI_RUN, 'COPY dist/app.whl /tmp/\nRUN pip install --no-cache-dir /tmp/app.whl'),
      files: { ...APP, 'dist/app.whl': 'PK' },
    },
    {
      name: 'requirements from another stage',
      code: `FROM python:3.13 AS b\nRUN echo fastapi > /r.txt\nFROM python:3.13\nCOPY --from=b /r.txt /r.txt\nRUN pip install --no-cache-dir -r /r.txt\nCOPY app /code/app\nWORKDIR /code\n${FASTAPI_RUN}`,
      files: APP,
    },
    { name: 'no context', code: dockerfile(FASTAPI_RUN), options: {} },
    {
      name: "tiangolo's image ships uvicorn and gunicorn",
      code: `FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /app/app\n${UVICORN}`,
      files: { ...APP, 'requirements.txt': 'sqlmodel==0.0.22\n' },
    },
    {
      name: 'a company base image we cannot see into',
      code: `FROM registry.example.com/python-web:3.12\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app\n${UVICORN}`,
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'a base image from an unresolved ARG',
      code: `ARG BASE\nFROM $BASE\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app\n${UVICORN}`,
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'a final stage built on a stage from a custom image',
      code: `FROM acme/base:1 AS base\nFROM base\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app\n${UVICORN}`,
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'an install script',
      code: dockerfile(UVICORN, 'COPY requirements.txt install.sh ./\nRUN pip install --no-cache-dir -r requirements.txt && ./install.sh'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n', 'install.sh': '' },
    },
    {
      name: 'a script run by sh',
      code: dockerfile(UVICORN, 'COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nRUN sh scripts/setup.sh'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n', 'scripts/setup.sh': '' },
    },
    {
      name: 'python setup.py install',
      code: dockerfile(UVICORN, 'COPY . .\nRUN pip install --no-cache-dir -r requirements.txt && python setup.py install'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n', 'setup.py': '' },
    },
    {
      name: 'a venv copied from an image',
      code: dockerfile(
        UVICORN,
        'COPY --from=registry.example.com/deps:1 /opt/venv /opt/venv\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
      ),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'site-packages copied from a stage on a custom image',
      code: `FROM acme/builder:1 AS deps\nFROM python:3.13\nCOPY --from=deps /usr/local /usr/local\n${dockerfile(UVICORN).split('\n').slice(1).join('\n')}`,
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'conda install',
      code: dockerfile(UVICORN, 'COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt && conda install -y uvicorn'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'poetry add',
      code: dockerfile(UVICORN, 'COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt && poetry add uvicorn'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'an OS package of the server',
      code: dockerfile(
        'CMD ["gunicorn", "app.main:app"]',
        'COPY requirements.txt .\nRUN apt-get update && apt-get install -y gunicorn && pip install --no-cache-dir -r requirements.txt',
      ),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'a package that requires uvicorn itself (gradio)',
      code: dockerfile(UVICORN),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\ngradio==5.0.0\n' },
    },
    { name: 'FastAPI 0.111 installed the CLI by default', code: dockerfile(FASTAPI_RUN), files: { ...APP, 'requirements.txt': 'fastapi==0.111.0\n' } },
    { name: 'FastAPI below 0.112, for uvicorn too', code: dockerfile(UVICORN), files: { ...APP, 'requirements.txt': 'fastapi>=0.110,<0.112\n' } },
    {
      name: 'uv sync without a readable pyproject.toml',
      code: dockerfile(UVICORN, 'RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked'),
      files: APP,
    },
    {
      name: 'the context is unconfirmed (a docker/ folder)',
      code: `FROM python:3.13\nWORKDIR /code\nCOPY . .\nRUN pip install --no-cache-dir fastapi==0.115.0\n${UVICORN}`,
      files: {},
    },
    {
      name: 'a builder reads a requirements file it does not copy: unknown, so silent',
      code: `FROM python:3.13 AS build\nWORKDIR /build\nRUN pip install --no-cache-dir --prefix=/install -r requirements.txt\nFROM python:3.13-slim\nCOPY --from=build /install /usr/local\nWORKDIR /code\nCOPY ./app /code/app\n${UVICORN}`,
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
    },
    {
      name: 'a dependency group uv sync installs by default',
      code: dockerfile(UVICORN, 'COPY pyproject.toml ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync'),
      files: {
        ...APP,
        'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi>=0.115,<0.116"]\n\n[dependency-groups]\nserver = ["uvicorn>=0.32"]\n',
      },
    },
    {
      name: 'optional dependencies (pip install .[server])',
      code: dockerfile(UVICORN, 'COPY pyproject.toml ./\nRUN pip install --no-cache-dir ".[server]"'),
      files: {
        ...APP,
        'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi>=0.115,<0.116"]\n\n[project.optional-dependencies]\nserver = ["uvicorn>=0.32"]\n',
      },
    },
    {
      name: 'dynamic dependencies',
      code: dockerfile(UVICORN, 'COPY . .\nRUN pip install --no-cache-dir .'),
      files: { ...APP, 'pyproject.toml': '[project]\nname = "x"\ndynamic = ["dependencies"]\ndependencies = ["fastapi"]\n' },
    },
    {
      name: 'a Poetry group',
      code: dockerfile(UVICORN, 'COPY pyproject.toml ./\nRUN poetry install --no-root'),
      files: { ...APP, 'pyproject.toml': '[tool.poetry.dependencies]\nfastapi = "^0.115"\n\n[tool.poetry.group.web.dependencies]\nuvicorn = "^0.32"\n' },
    },
    { name: 'no install at all', code: `FROM python:3.13\nCOPY app /code/app\n${FASTAPI_RUN}`, files: APP },
  ],
  invalid: [
    {
      name: 'what a test stage the image never uses installs does not count',
      code: `FROM python:3.13 AS test\nCOPY . .\nRUN ./install-test-tools.sh\nFROM python:3.13\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app\n${FASTAPI_RUN}`,
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n', 'install-test-tools.sh': '' },
      errors: [{ line: 9, column: 1, messageId: 'plainFastapi' }],
    },
    {
      name: 'a builder stage installs in its own WORKDIR, and the image copies its packages',
      code: `FROM python:3.13 AS build\nWORKDIR /build\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --user -r requirements.txt\nFROM python:3.13-slim\nCOPY --from=build /root/.local /root/.local\nWORKDIR /code\nCOPY ./app /code/app\n${UVICORN}`,
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
      errors: [
        {
          line: 9,
          column: 1,
          messageId: 'missing',
          message: '`uvicorn` needs `uvicorn` (or `fastapi[standard]`), which `requirements.txt` does not install, so the container exits at start: add it.',
        },
      ],
    },
    {
      name: 'harmless tool commands keep the list complete',
      code: dockerfile(UVICORN, 'COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt && pip check && python -m compileall app'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
      errors: [{ line: 6, column: 1, messageId: 'missing' }],
    },
    {
      name: 'a uv binary copied from its image',
      code: dockerfile(
        UVICORN,
        'COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nCOPY requirements.txt .\nRUN uv pip install --system --no-cache -r requirements.txt',
      ),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
      errors: [{ line: 7, column: 1, messageId: 'missing' }],
    },
    {
      name: 'plain fastapi with fastapi run',
      code: dockerfile(FASTAPI_RUN),
      files: { ...APP, 'requirements.txt': 'fastapi>=0.115.0,<0.116.0\n' },
      errors: [
        {
          line: 6,
          column: 1,
          endColumn: 38,
          messageId: 'plainFastapi',
          message: '`fastapi run` needs the FastAPI CLI, but `requirements.txt` installs plain `fastapi`, which lacks it: require `fastapi[standard]`.',
        },
      ],
    },
    {
      name: 'plain fastapi named on the pip line',
      code: dockerfile('CMD ["fastapi", "dev", "app/main.py"]', 'RUN pip install --no-cache-dir fastapi==0.115.0'),
      files: APP,
      errors: [
        {
          line: 5,
          column: 1,
          messageId: 'plainFastapi',
          message: '`fastapi dev` needs the FastAPI CLI, but the Dockerfile installs plain `fastapi`, which lacks it: require `fastapi[standard]`.',
        },
      ],
    },
    {
      name: 'uvicorn missing',
      code: dockerfile(UVICORN),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
      errors: [
        {
          line: 6,
          column: 1,
          messageId: 'missing',
          message: '`uvicorn` needs `uvicorn` (or `fastapi[standard]`), which `requirements.txt` does not install, so the container exits at start: add it.',
        },
      ],
    },
    {
      name: 'python -m uvicorn missing',
      code: dockerfile('CMD ["python", "-m", "uvicorn", "app.main:app"]'),
      files: { ...APP, 'requirements.txt': 'fastapi==0.115.0\n' },
      errors: [{ line: 6, column: 1, messageId: 'missing' }],
    },
    {
      name: 'gunicorn missing',
      code: dockerfile('CMD ["gunicorn", "app.main:app"]'),
      files: { ...APP, 'requirements.txt': 'fastapi[standard]==0.115.0\n' },
      errors: [
        {
          line: 6,
          column: 1,
          messageId: 'missing',
          message: '`gunicorn` needs `gunicorn`, which `requirements.txt` does not install, so the container exits at start: add it.',
        },
      ],
    },
    {
      name: 'pyproject with plain fastapi',
      code: dockerfile(FASTAPI_RUN, 'COPY pyproject.toml .\nRUN pip install --no-cache-dir .'),
      files: { ...APP, 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi>=0.115,<0.116"]\n' },
      errors: [
        {
          line: 6,
          column: 1,
          messageId: 'plainFastapi',
          message: '`fastapi run` needs the FastAPI CLI, but `pyproject.toml` installs plain `fastapi`, which lacks it: require `fastapi[standard]`.',
        },
      ],
    },
  ],
});
