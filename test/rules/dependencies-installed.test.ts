import { dependenciesInstalled } from '../../rules/dependencies-installed.js';
import { ruleTester } from '../helpers/rule-tester.js';

const TIANGOLO = 'FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11\n';
const APP = {
  'app/main.py': 'from fastapi import FastAPI\nimport sqlalchemy\napp = FastAPI()\n',
  'app/requirements.txt': 'sqlalchemy>=2.0,<2.1\nasyncpg>=0.30,<0.31\nhttpx>=0.27,<0.28\n',
};
const REQUIREMENTS = { 'requirements.txt': 'fastapi[standard]>=0.115,<0.116\nsqlalchemy>=2.0,<2.1\n', 'main.py': 'app = None\n' };
const PYPROJECT = '[project]\nname = "svc"\nversion = "1"\ndependencies = ["fastapi[standard]>=0.115,<0.116", "sqlalchemy>=2.0,<2.1"]\n';
const PYTHON = 'FROM python:3.13-slim\nWORKDIR /app\n';
const SERVE = 'CMD ["fastapi", "run", "main.py"]';

ruleTester(dependenciesInstalled, {
  valid: [
    {
      name: 'the guide: pip install -r',
      code: `${PYTHON}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n${SERVE}`,
      files: REQUIREMENTS,
    },
    { name: 'tiangolo with a pip install -r', code: `${TIANGOLO}COPY ./app /app\nRUN pip install --no-cache-dir -r /app/requirements.txt`, files: APP },
    { name: 'pip install .', code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir .\n${SERVE}`, files: { 'pyproject.toml': PYPROJECT, 'main.py': '' } },
    {
      name: 'uv sync',
      code: `${PYTHON}COPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/uv\nCOPY . .\nRUN uv sync --frozen --no-dev\n${SERVE}`,
      files: { 'pyproject.toml': PYPROJECT, 'uv.lock': '', 'main.py': '' },
    },
    {
      name: 'uv export | pip install -r /dev/stdin',
      code: `${PYTHON}COPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/uv\nCOPY pyproject.toml uv.lock ./\nRUN uv export --frozen --no-dev --no-hashes | pip install --no-cache-dir -r /dev/stdin\nCOPY . .\n${SERVE}`,
      files: { 'pyproject.toml': PYPROJECT, 'uv.lock': '', 'main.py': '' },
    },
    {
      name: 'poetry install',
      code: `${PYTHON}RUN pip install --no-cache-dir poetry==1.8.3\nCOPY . .\nRUN poetry install --only main\n${SERVE}`,
      files: { 'pyproject.toml': PYPROJECT, 'main.py': '' },
    },
    {
      name: 'pipenv install',
      code: `${PYTHON}RUN pip install --no-cache-dir pipenv\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\nCOPY . .\n${SERVE}`,
      files: { Pipfile: '[packages]\nfastapi = "*"\n', 'Pipfile.lock': '{}', 'main.py': '' },
    },
    {
      name: 'a builder stage installs into a venv the image copies',
      code: `FROM python:3.13-slim AS build\nCOPY requirements.txt .\nRUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt\n${PYTHON}COPY --from=build /venv /venv\nCOPY . .\nCMD ["/venv/bin/fastapi", "run", "main.py"]`,
      files: REQUIREMENTS,
    },
    {
      name: 'named packages that cover the manifest',
      code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir "fastapi[standard]>=0.115,<0.116" "sqlalchemy>=2.0,<2.1"\n${SERVE}`,
      files: REQUIREMENTS,
    },
    {
      name: 'named packages we do not know the dependencies of',
      code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir sqlalchemy\n${SERVE}`,
      files: { 'requirements.txt': 'sqlalchemy\ngreenlet\n', 'main.py': '' },
    },
    {
      name: 'a pyproject.toml of tool settings only',
      code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir "fastapi[standard]"\n${SERVE}`,
      files: { 'pyproject.toml': '[tool.ruff]\nline-length = 100\n', 'main.py': '' },
    },
    {
      name: 'a manifest deeper in the tree belongs to something else',
      code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir "fastapi[standard]"\n${SERVE}`,
      files: { 'docs/requirements.txt': 'mkdocs\n', 'main.py': '' },
    },
    {
      name: 'development requirements are not expected to be installed',
      code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir "fastapi[standard]"\n${SERVE}`,
      files: { 'requirements-dev.txt': 'pytest\nsqlalchemy\n', 'main.py': '' },
    },
    {
      name: 'only development tools missing',
      code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir "fastapi[standard]"\n${SERVE}`,
      files: { 'requirements.txt': 'fastapi[standard]\npytest\nruff\n', 'main.py': '' },
    },
    { name: 'a .dockerignore keeps the manifest out', code: `${TIANGOLO}COPY ./app /app`, files: { ...APP, '.dockerignore': 'app/requirements.txt\n' } },
    {
      name: 'tiangolo with a prestart.sh that may install',
      code: `${TIANGOLO}COPY ./app /app`,
      files: { ...APP, 'app/prestart.sh': 'pip install -r /app/requirements.txt\n' },
    },
    {
      name: 'a start command that installs',
      code: `${PYTHON}COPY . .\nCMD ["sh", "-c", "pip install -r requirements.txt && exec fastapi run main.py"]`,
      files: REQUIREMENTS,
    },
    {
      name: 'an entrypoint script',
      code: `${PYTHON}COPY . .\nENTRYPOINT ["/app/docker-entrypoint.sh"]\n${SERVE}`,
      files: { ...REQUIREMENTS, 'docker-entrypoint.sh': '#!/bin/sh\npip install -r requirements.txt\nexec "$@"\n' },
    },
    {
      name: 'a script that may install',
      code: `${PYTHON}COPY . .\nRUN ./scripts/install.sh\n${SERVE}`,
      files: { ...REQUIREMENTS, 'scripts/install.sh': 'pip install -r requirements.txt\n' },
    },
    { name: 'conda', code: `${PYTHON}COPY . .\nRUN conda env update -f environment.yml\n${SERVE}`, files: REQUIREMENTS },
    { name: 'a base image we do not know', code: `FROM mycompany/python-base:3.13\nWORKDIR /app\nCOPY . .\n${SERVE}`, files: REQUIREMENTS },
    { name: 'an onbuild image installs requirements.txt itself', code: `FROM python:3.6-onbuild\nWORKDIR /app\nCOPY . .\n${SERVE}`, files: REQUIREMENTS },
    { name: 'a command that starts no server', code: `${PYTHON}COPY . .\nCMD ["celery", "-A", "tasks", "worker"]`, files: REQUIREMENTS },
    {
      name: 'packages copied from another image',
      code: `${PYTHON}COPY --from=myorg/deps:1 /usr/local/lib/python3.13/site-packages /usr/local/lib/python3.13/site-packages\nCOPY . .\n${SERVE}`,
      files: REQUIREMENTS,
    },
    { name: 'without a build context', code: `${TIANGOLO}COPY ./app /app` },
  ],
  invalid: [
    {
      name: "tiangolo's image and the app folder's requirements.txt, installed by nothing",
      code: `${TIANGOLO}COPY ./app /app`,
      files: APP,
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 11,
          messageId: 'notInstalled',
          message:
            '`app/requirements.txt` comes into the image, but no RUN installs it, so the app starts without `sqlalchemy` and `asyncpg`. Add `RUN pip install --no-cache-dir -r /app/requirements.txt`.',
          severity: 'warning',
        },
      ],
    },
    {
      name: "tiangolo's image brings FastAPI (with `all`), uvicorn and gunicorn: only the rest is missing",
      code: `${TIANGOLO}COPY ./app /app`,
      files: { ...APP, 'app/requirements.txt': 'fastapi\nuvicorn[standard]\nhttpx\nredis>=5,<6\n' },
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'notInstalled',
          message:
            '`app/requirements.txt` comes into the image, but no RUN installs it, so the app starts without `redis`. Add `RUN pip install --no-cache-dir -r /app/requirements.txt`.',
        },
      ],
    },
    {
      name: 'tiangolo with its own start script named',
      code: `${TIANGOLO}COPY ./app /app\nCMD ["/start.sh"]`,
      files: APP,
      errors: [{ line: 2, column: 6, messageId: 'notInstalled' }],
    },
    {
      name: 'named FastAPI packages, and a manifest that lists more',
      code: `${PYTHON}COPY requirements.txt .\nRUN pip install --no-cache-dir "fastapi[standard]"\nCOPY . .\n${SERVE}`,
      files: { 'requirements.txt': 'fastapi[standard]>=0.115,<0.116\nuvicorn\nsqlalchemy>=2.0,<2.1\nasyncpg\nalembic\n', 'main.py': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'notInstalled',
          message:
            '`requirements.txt` comes into the image, but no RUN installs it, so the app starts without `sqlalchemy` and `asyncpg` (and 1 more). Add `RUN pip install --no-cache-dir -r /app/requirements.txt`.',
        },
      ],
    },
    {
      name: 'a pyproject.toml on the official image, nothing installed at all',
      code: `${PYTHON}COPY . .\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]`,
      files: { 'pyproject.toml': PYPROJECT, 'main.py': '' },
      errors: [
        {
          line: 3,
          column: 6,
          endColumn: 7,
          messageId: 'notInstalled',
          message:
            '`pyproject.toml` comes into the image, but no RUN installs it, so the app starts without `fastapi` and `sqlalchemy`. Add `RUN pip install --no-cache-dir /app`.',
        },
      ],
    },
    {
      name: 'a Pipfile',
      code: `${PYTHON}COPY . .\nRUN pip install --no-cache-dir pipenv\n${SERVE}`,
      files: { Pipfile: '[packages]\nfastapi = {extras = ["standard"], version = "*"}\nredis = "*"\n', 'main.py': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'notInstalled',
          message:
            '`Pipfile` comes into the image, but no RUN installs it, so the app starts without `fastapi` and `redis`. Add `RUN pipenv install --system --deploy`.',
        },
      ],
    },
    {
      name: 'a python main.py entry point',
      code: `${PYTHON}COPY requirements-prod.txt main.py ./\nCMD ["python", "main.py"]`,
      files: { 'requirements-prod.txt': 'uvicorn\nfastapi\n', 'main.py': 'import uvicorn\n' },
      errors: [
        {
          line: 3,
          column: 6,
          endColumn: 27,
          messageId: 'notInstalled',
          message:
            '`requirements-prod.txt` comes into the image, but no RUN installs it, so the app starts without `uvicorn` and `fastapi`. Add `RUN pip install --no-cache-dir -r /app/requirements-prod.txt`.',
        },
      ],
    },
  ],
});
