import { virtualenvPath } from '../../rules/virtualenv-path.js';
import { ruleTester } from '../helpers/rule-tester.js';

const UV =
  'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-dev\nCOPY . .\n';
const POETRY = 'FROM python:3.13-slim\nRUN pip install --no-cache-dir poetry==1.8.4\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\n';

ruleTester(virtualenvPath, {
  valid: [
    { name: "uv sync with the venv's bin on PATH", code: `${UV}ENV PATH="/app/.venv/bin:$PATH"\nCMD ["fastapi", "run", "app/main.py"]` },
    { name: 'through uv run', code: `${UV}CMD ["uv", "run", "--no-sync", "uvicorn", "app.main:app", "--host", "0.0.0.0"]` },
    { name: "by the venv's own path", code: `${UV}CMD ["/app/.venv/bin/fastapi", "run", "app/main.py"]` },
    {
      name: 'UV_PROJECT_ENVIRONMENT on PATH',
      code: 'FROM python:3.13-slim\nENV UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH\nWORKDIR /app\nRUN uv sync --frozen\nCMD ["uvicorn", "app.main:app"]',
    },
    {
      name: 'Poetry told not to create a virtualenv',
      code: `${POETRY}RUN POETRY_VIRTUALENVS_CREATE=false poetry install --no-root --only main\nCMD ["uvicorn", "app.main:app"]`,
    },
    {
      name: 'poetry config virtualenvs.create false',
      code: `${POETRY}RUN poetry config virtualenvs.create false && poetry install --no-root\nCMD ["uvicorn", "app.main:app"]`,
    },
    {
      name: 'Poetry before 1.0: poetry config settings.virtualenvs.create false',
      code: `${POETRY}RUN poetry config settings.virtualenvs.create false && poetry install --no-root\nCMD ["uvicorn", "app.main:app"]`,
    },
    {
      name: 'pipenv --system',
      code: 'FROM python:3.13-slim\nRUN pip install pipenv\nWORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\nCMD ["uvicorn", "app.main:app"]',
    },
    { name: 'a plain pip install too: the server may be in the system', code: `${UV}RUN pip install --no-cache-dir uvicorn\nCMD ["uvicorn", "app.main:app"]` },
    {
      name: "uv's image without Python is no runtime base we know",
      code: 'FROM ghcr.io/astral-sh/uv:bookworm\nWORKDIR /app\nRUN uv sync\nCMD ["uvicorn", "app.main:app"]',
    },
    { name: 'another base image may bring the server', code: 'FROM ghcr.io/acme/python-base:3.13\nWORKDIR /app\nRUN uv sync\nCMD ["uvicorn", "app.main:app"]' },
    {
      name: 'a venv made and put on PATH, pip into it',
      code: 'FROM python:3.13-slim\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "app.main:app"]',
    },
    {
      name: 'python -m uvicorn from a moved virtualenv works',
      code: 'FROM python:3.13 AS build\nWORKDIR /build\nRUN uv sync --frozen\nFROM python:3.13-slim\nCOPY --from=build /build/.venv /app/.venv\nENV PATH=/app/.venv/bin:$PATH\nCMD ["python", "-m", "uvicorn", "app.main:app"]',
    },
    {
      name: 'built at the final path',
      code: 'FROM python:3.13 AS build\nWORKDIR /app\nRUN uv sync --frozen\nFROM python:3.13-slim\nCOPY --from=build /app/.venv /app/.venv\nENV PATH=/app/.venv/bin:$PATH\nCMD ["uvicorn", "app.main:app"]',
    },
    { name: 'PATH from a variable', code: `${UV}ENV PATH=$VENV/bin:$PATH\nCMD ["uvicorn", "app.main:app"]` },
  ],
  invalid: [
    {
      name: "uv's own image with Python is the official python image with uv added",
      code: 'FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\nCOPY . .\nCMD ["uvicorn", "src.main:app"]',
      errors: [
        {
          messageId: 'notOnPath',
          line: 6,
          column: 6,
          message:
            '`uvicorn` is not on PATH: `uv sync --frozen` installed it in /app/.venv. To run it, add `ENV PATH="/app/.venv/bin:$PATH"`, or start it with `uv run`.',
        },
      ],
    },
    {
      name: 'uv sync, a bare fastapi',
      code: `${UV}CMD ["fastapi", "run", "app/main.py"]`,
      errors: [
        {
          messageId: 'notOnPath',
          line: 7,
          column: 6,
          endColumn: 15,
          message:
            '`fastapi` is not on PATH: `uv sync --frozen --no-dev` installed it in /app/.venv. To run it, add `ENV PATH="/app/.venv/bin:$PATH"`, or start it with `uv run`.',
        },
      ],
    },
    {
      name: "Poetry's own virtualenv, in its cache",
      code: `${POETRY}RUN poetry install --no-root --only main\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]`,
      errors: [
        {
          messageId: 'notOnPath',
          line: 6,
          column: 6,
          message:
            "`uvicorn` is not on PATH: `poetry install --no-root --only main` installed it in a virtualenv under Poetry's cache. To run it, set `POETRY_VIRTUALENVS_CREATE=false` for `poetry install`, or start it with `poetry run`.",
        },
      ],
    },
    {
      name: 'Poetry in-project, python main.py by the system interpreter',
      code: `${POETRY}ENV POETRY_VIRTUALENVS_IN_PROJECT=true\nRUN poetry install --no-root\nCOPY main.py .\nCMD ["python", "main.py"]`,
      errors: [
        {
          messageId: 'systemPython',
          line: 8,
          column: 6,
          endColumn: 14,
          message:
            '`python` is the system interpreter, but `poetry install --no-root` installed the dependencies in /app/.venv: imports fail. To use them, add `ENV PATH="/app/.venv/bin:$PATH"`, or start it with `poetry run`.',
        },
      ],
    },
    {
      name: 'pdm, a shell-form gunicorn',
      code: 'FROM python:3.13-slim\nRUN pip install pdm\nWORKDIR /srv\nCOPY . .\nRUN pdm install --prod\nCMD gunicorn -k uvicorn_worker.UvicornWorker app.main:app',
      errors: [
        {
          messageId: 'notOnPath',
          line: 6,
          column: 5,
          message:
            '`gunicorn` is not on PATH: `pdm install --prod` installed it in /srv/.venv. To run it, add `ENV PATH="/srv/.venv/bin:$PATH"`, or start it with `pdm run`.',
        },
      ],
    },
    {
      name: 'pipenv without --system',
      code: 'FROM python:3.13-slim\nRUN pip install pipenv\nWORKDIR /app\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --deploy\nCMD ["uvicorn", "app.main:app"]',
      errors: [
        {
          messageId: 'notOnPath',
          line: 6,
          column: 6,
          message:
            '`uvicorn` is not on PATH: `pipenv install --deploy` installed it in a virtualenv under ~/.local/share/virtualenvs. To run it, install with `pipenv install --system --deploy`, or start it with `pipenv run`.',
        },
      ],
    },
    {
      name: 'a virtualenv built at /build/.venv, copied to /app/.venv',
      code: 'FROM python:3.13 AS build\nWORKDIR /build\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-dev\nFROM python:3.13-slim\nCOPY --from=build /build/.venv /app/.venv\nENV PATH=/app/.venv/bin:$PATH\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]',
      errors: [
        {
          messageId: 'movedVenv',
          line: 8,
          column: 6,
          endColumn: 15,
          message: '`uvicorn` was built in /build/.venv and moved to /app/.venv: its `#!` python is gone. Use `python -m uvicorn`, or build it in place.',
        },
      ],
    },
    {
      name: 'python -m uvicorn by the system interpreter',
      code: `${UV}CMD ["python", "-m", "uvicorn", "app.main:app"]`,
      errors: [
        {
          messageId: 'systemPython',
          line: 7,
          column: 6,
          endColumn: 14,
          message:
            '`python` is the system interpreter, but `uv sync --frozen --no-dev` installed the dependencies in /app/.venv: imports fail. To use them, add `ENV PATH="/app/.venv/bin:$PATH"`, or start it with `uv run`.',
        },
      ],
    },
    {
      name: 'a Compose command that replaces a working CMD',
      code: `${UV}CMD ["uv", "run", "fastapi", "run", "app/main.py"]`,
      files: {
        'pyproject.toml': '[project]\nname = "svc"\nversion = "0"\n',
        'uv.lock': '',
        'app/main.py': '',
        'compose.yaml': 'services:\n  api:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n',
      },
      errors: [
        {
          messageId: 'notOnPath',
          line: 4,
          column: 14,
          endColumn: 21,
          file: 'compose.yaml',
          message:
            '`uvicorn` is not on PATH: `uv sync --frozen --no-dev` installed it in /app/.venv. To run it, add `ENV PATH="/app/.venv/bin:$PATH"`, or start it with `uv run`.',
        },
      ],
    },
  ],
});
