import { lockfileInstall } from '../../rules/lockfile-install.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\nWORKDIR /app\n';
const UV_LOCK = `${FROM}COPY pyproject.toml uv.lock ./\n`;
const CACHE = 'RUN --mount=type=cache,target=/root/.cache/uv ';
const PYPROJECT_DEV = '[project]\nname = "app"\nversion = "1"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest"]\n';
const POETRY_DEV = '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\nfastapi = "^0.115"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n';
const UV_FILES = { 'pyproject.toml': PYPROJECT_DEV, 'uv.lock': 'version = 1\n' };
const PYPROJECT_NO_DEV = '[project]\nname = "app"\nversion = "1"\ndependencies = ["fastapi"]\n\n[dependency-groups]\nlint = ["ruff"]\n';

ruleTester(lockfileInstall, {
  valid: [
    { name: 'no build context: whether there are development dependencies is unknown', code: `${UV_LOCK}${CACHE}uv sync --locked` },
    { name: 'poetry without a build context', code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root` },
    { name: '--locked', code: `${UV_LOCK}${CACHE}uv sync --locked --no-dev` },
    { name: '--frozen', code: `${UV_LOCK}${CACHE}uv sync --frozen --no-dev` },
    { name: 'UV_LOCKED', code: `${FROM}ENV UV_LOCKED=1 UV_NO_DEV=1\nCOPY pyproject.toml uv.lock ./\nRUN uv sync` },
    { name: 'UV_FROZEN prefix', code: `${UV_LOCK}RUN UV_FROZEN=true uv sync --no-dev` },
    { name: 'no lock file copied', code: `${FROM}COPY pyproject.toml ./\nRUN uv sync --no-dev` },
    {
      name: 'bind-mounted lock with --frozen',
      code: `${FROM}RUN --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --frozen --no-install-project --no-dev`,
    },
    { name: '--no-default-groups', code: `${UV_LOCK}RUN uv sync --locked --no-default-groups` },
    { name: '--no-group dev', code: `${UV_LOCK}RUN uv sync --locked --no-group dev` },
    { name: '--only-group', code: `${UV_LOCK}RUN uv sync --locked --only-group prod` },
    { name: 'dev dependencies in a builder stage that is not shipped', code: 'FROM python:3.13 AS test\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nFROM python:3.13-slim\nCMD ["python"]' },
    { name: 'poetry --only main', code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root` },
    { name: 'poetry --only=main', code: `${FROM}RUN poetry install --only=main` },
    { name: 'poetry --without dev,test', code: `${FROM}RUN poetry install --without dev,test` },
    { name: 'old poetry --no-dev', code: `${FROM}RUN poetry install --no-dev` },
    { name: 'pipenv --deploy', code: `${FROM}COPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy` },
    { name: 'pipenv sync', code: `${FROM}COPY Pipfile Pipfile.lock ./\nRUN pipenv sync --system` },
    { name: 'pipenv without a lock file', code: `${FROM}COPY Pipfile ./\nRUN pipenv install --system` },
    { name: 'pip is not judged', code: `${FROM}COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt` },
    {
      name: 'the project declares no dev group',
      code: `${UV_LOCK}${CACHE}uv sync --locked`,
      files: { 'pyproject.toml': PYPROJECT_NO_DEV, 'uv.lock': 'version = 1\n' },
    },
  ],
  invalid: [
    {
      name: 'uv sync without --locked',
      code: `${UV_LOCK}${CACHE}uv sync --no-dev`,
      errors: [{ line: 4, column: 47, endColumn: 54, message: '`uv sync --no-dev` may resolve other versions than uv.lock' }],
    },
    {
      name: 'lock file bind-mounted',
      code: `${FROM}RUN --mount=type=bind,source=uv.lock,target=uv.lock uv sync --no-install-project --no-dev`,
      errors: [{ line: 3, message: '--locked' }],
    },
    { name: 'lock copied with a directory', code: `${FROM}COPY uv.lock pyproject.toml /app/\nRUN uv sync --no-dev`, errors: [{ line: 4 }] },
    { name: 'lock copied in a base stage', code: 'FROM python:3.13-slim AS base\nCOPY uv.lock pyproject.toml ./\nFROM base\nRUN uv sync --no-dev', errors: [{ line: 4 }] },
    {
      name: 'no --no-dev in the shipped stage',
      code: `${UV_LOCK}RUN uv sync --locked`,
      files: UV_FILES,
      errors: [{ line: 4, column: 5, endColumn: 12, severity: 'info', message: 'installs the development dependencies into the shipped image. Add `--no-dev`' }],
    },
    {
      name: 'both at once',
      code: `${UV_LOCK}RUN uv sync`,
      files: UV_FILES,
      errors: [
        { line: 4, message: 'uv.lock' },
        { line: 4, severity: 'info', message: '--no-dev' },
      ],
    },
    {
      name: 'the project declares a dev group',
      code: `${UV_LOCK}RUN uv sync --locked`,
      files: { 'pyproject.toml': PYPROJECT_DEV, 'uv.lock': 'version = 1\n' },
      errors: [{ line: 4, severity: 'info' }],
    },
    { name: 'poetry install', code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`, files: { 'pyproject.toml': POETRY_DEV, 'poetry.lock': '' }, errors: [{ line: 4, severity: 'info', message: '`--only main`' }] },
    { name: 'poetry --only dev', code: `${FROM}RUN poetry install --only dev`, files: { 'pyproject.toml': POETRY_DEV }, errors: [{ line: 3, severity: 'info' }] },
    { name: 'one development-dependency finding per file', code: `${UV_LOCK}RUN uv sync --locked --no-install-project\nCOPY . .\nRUN uv sync --locked`, files: UV_FILES, errors: [{ line: 4, severity: 'info', message: 'Add `--no-dev` (or `ENV UV_NO_DEV=1`)' }] },
    { name: 'pipenv install with a lock', code: `${FROM}COPY Pipfile Pipfile.lock ./\nRUN pipenv install --system`, errors: [{ line: 4, message: '`--deploy`' }] },
  ],
});
