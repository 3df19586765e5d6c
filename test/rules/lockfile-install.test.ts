import { lockfileInstall } from '../../rules/lockfile-install.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\nWORKDIR /app\n';
const UV_LOCK = `${FROM}COPY pyproject.toml uv.lock ./\n`;
const CACHE = 'RUN --mount=type=cache,target=/root/.cache/uv ';
const PYPROJECT_DEV = '[project]\nname = "app"\nversion = "1"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest"]\n';
const POETRY_DEV = '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\nfastapi = "^0.115"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n';
const UV_FILES = { 'pyproject.toml': PYPROJECT_DEV, 'uv.lock': 'version = 1\n' };
const POETRY_EMPTY_DEV = '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\nfastapi = "^0.115"\n\n[tool.poetry.group.dev.dependencies]\n';
const POETRY_EMPTY_LEGACY_DEV =
  '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\nfastapi = "^0.115"\n\n[tool.poetry.dev-dependencies]\n\n[build-system]\nrequires = ["poetry-core"]\n';
const POETRY_OPTIONAL_DOCS =
  '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\nfastapi = "^0.115"\n\n[tool.poetry.group.docs]\noptional = true\n\n[tool.poetry.group.docs.dependencies]\nmkdocs = "*"\n';
const POETRY_LEGACY_DEV = '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\nfastapi = "^0.68"\n\n[tool.poetry.dev-dependencies]\npytest = "^6"\n';
const UV_EMPTY_DEV = '[project]\nname = "app"\nversion = "1"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = []\n';
const UV_LEGACY_DEV = '[project]\nname = "app"\nversion = "1"\ndependencies = ["fastapi"]\n\n[tool.uv]\ndev-dependencies = ["pytest"]\n';
const UV_DEV_NOT_DEFAULT =
  '[project]\nname = "app"\nversion = "1"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest"]\n\n[tool.uv]\ndefault-groups = []\n';
const PY312 = 'FROM python:3.12-slim\nWORKDIR /app\n';
const PYPROJECT_NO_DEV = '[project]\nname = "app"\nversion = "1"\ndependencies = ["fastapi"]\n\n[dependency-groups]\nlint = ["ruff"]\n';

ruleTester(lockfileInstall, {
  valid: [
    // The pyproject.toml the install reads (26.6): app/ brought in by `COPY ./app .`, not the one at the root.
    {
      name: 'uv sync reads app/pyproject.toml (no dev group), not the root one',
      code: `${FROM}COPY ./app .\nRUN uv sync --locked`,
      files: { 'pyproject.toml': PYPROJECT_DEV, 'app/pyproject.toml': PYPROJECT_NO_DEV, 'app/uv.lock': 'version = 1\n' },
    },
    {
      name: 'uv sync --project names the folder it reads',
      code: `${FROM}COPY . .\nRUN uv sync --locked --project service`,
      files: { 'pyproject.toml': PYPROJECT_DEV, 'uv.lock': '', 'service/pyproject.toml': PYPROJECT_NO_DEV },
    },
    // Installs by export (26.7).
    {
      name: 'uv export --frozen --no-dev into pip',
      code: `${UV_LOCK}RUN uv export --frozen --no-dev --no-hashes | pip install --no-cache-dir -r /dev/stdin`,
      files: UV_FILES,
    },
    {
      name: 'uv export to a file --locked, UV_NO_DEV set, into pip wheel',
      code: `${UV_LOCK}ENV UV_NO_DEV=1\nRUN uv export --locked -o requirements.txt && pip wheel -r requirements.txt -w /wheels`,
      files: UV_FILES,
    },
    { name: 'uv export that nothing installs', code: `${UV_LOCK}RUN uv export --no-hashes > requirements.txt`, files: UV_FILES },
    {
      name: 'uv export into a builder stage the image does not build on',
      code: `FROM python:3.13-slim AS wheels\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv export --frozen --no-hashes -o req.txt && pip wheel -r req.txt -w /wheels\nFROM python:3.13-slim\nCOPY --from=wheels /wheels /wheels`,
      files: UV_FILES,
    },
    {
      name: 'poetry export writes the main group alone',
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry export -f requirements.txt --without-hashes -o requirements.txt && pip install -r requirements.txt`,
      files: { 'pyproject.toml': POETRY_DEV, 'poetry.lock': '' },
    },
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
    {
      name: 'dev dependencies in a builder stage that is not shipped',
      code: 'FROM python:3.13 AS test\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nFROM python:3.13-slim\nCMD ["python"]',
    },
    { name: 'poetry --only main', code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root` },
    { name: 'poetry --only=main', code: `${FROM}RUN poetry install --only=main` },
    { name: 'poetry --without dev,test', code: `${FROM}RUN poetry install --without dev,test` },
    { name: 'old poetry --no-dev', code: `${FROM}RUN poetry install --no-dev` },
    { name: 'pipenv --deploy', code: `${FROM}COPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy` },
    { name: 'pipenv sync', code: `${FROM}COPY Pipfile Pipfile.lock ./\nRUN pipenv sync --system` },
    { name: 'pipenv without a lock file', code: `${FROM}COPY Pipfile ./\nRUN pipenv install --system` },
    { name: 'pipenv, Pipfile* with --deploy', code: `${FROM}COPY Pipfile* ./\nRUN pipenv install --system --deploy` },
    { name: 'pipenv, a glob that does not match the lock', code: `${FROM}COPY Pipfile ./\nCOPY *.txt ./\nRUN pipenv install --system` },
    { name: 'pipenv after COPY . ., no Pipfile.lock in the context', code: `${FROM}COPY . .\nRUN pipenv install --system`, files: { Pipfile: '[packages]\n' } },
    {
      name: 'pipenv after COPY . ., Pipfile.lock left out by .dockerignore',
      code: `${FROM}COPY . .\nRUN pipenv install --system`,
      files: { Pipfile: '[packages]\n', 'Pipfile.lock': '{}', '.dockerignore': 'Pipfile.lock\n' },
    },
    { name: 'pipenv after COPY . ., without the context', code: `${FROM}COPY . .\nRUN pipenv install --system` },
    { name: 'pip is not judged', code: `${FROM}COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt` },
    {
      name: 'an empty Poetry dev group: nothing to leave out',
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`,
      files: { 'pyproject.toml': POETRY_EMPTY_DEV, 'poetry.lock': '' },
    },
    {
      name: 'an empty [tool.poetry.dev-dependencies]',
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`,
      files: { 'pyproject.toml': POETRY_EMPTY_LEGACY_DEV, 'poetry.lock': '' },
    },
    {
      name: 'an optional Poetry group is not installed by default',
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`,
      files: { 'pyproject.toml': POETRY_OPTIONAL_DOCS, 'poetry.lock': '' },
    },
    { name: 'an empty uv dev group', code: `${UV_LOCK}RUN uv sync --locked`, files: { 'pyproject.toml': UV_EMPTY_DEV, 'uv.lock': '' } },
    {
      name: 'a dev group uv does not install by default',
      code: `${UV_LOCK}RUN uv sync --locked`,
      files: { 'pyproject.toml': UV_DEV_NOT_DEFAULT, 'uv.lock': '' },
    },
    { name: 'unpinned Poetry with --only main', code: `${PY312}RUN pip install poetry\nCOPY . .\nRUN poetry install --only main` },
    { name: 'Poetry pinned below 2 takes --no-dev', code: `${PY312}RUN pip install "poetry==1.8.3"\nRUN poetry install --no-dev` },
    { name: 'Poetry capped below 2 takes --no-dev', code: `${PY312}RUN pip install "poetry>=1.5,<2"\nRUN poetry install --no-dev` },
    { name: 'a Poetry installed after the install does not count', code: `${PY312}RUN poetry install --no-dev && pip install poetry` },
    { name: 'Poetry 1.1 with --no-dev', code: `${PY312}RUN pip install poetry==1.1.13\nRUN poetry install --no-dev` },
    {
      name: 'on Python 3.8, an unpinned Poetry is 1.8, which still takes --no-dev',
      code: 'FROM python:3.8-slim\nRUN pip install poetry\nRUN poetry install --no-dev',
    },
    { name: 'a Poetry the base image brings: its version is unknown', code: 'FROM acme/poetry-base:1\nRUN poetry install --no-dev' },
    { name: 'an unpinned Poetry on an unknown Python', code: 'FROM acme/python:1\nRUN pip install poetry\nRUN poetry install --no-dev' },
    {
      name: 'POETRY_VERSION from an ARG with no value',
      code: `${PY312}ARG POETRY_VERSION\nRUN pip install "poetry==$POETRY_VERSION"\nRUN poetry install --no-dev`,
    },
    { name: 'pipx install with a pin', code: `${PY312}RUN pipx install poetry==1.7.1\nRUN poetry install --no-dev` },
    {
      name: 'the old get-poetry.py, read from the pipe by a bare python, installs 1.1',
      code: `${PY312}RUN curl -sSL https://raw.githubusercontent.com/sdispater/poetry/master/get-poetry.py | python\nRUN poetry install --no-dev`,
    },
    {
      name: 'the installer with POETRY_VERSION below 2',
      code: `${PY312}ENV POETRY_VERSION=1.8.5\nRUN curl -sSL https://install.python-poetry.org | python3 -\nRUN poetry install --no-dev`,
    },
    { name: 'uv sync before the code is copied', code: `${FROM}COPY pyproject.toml ./\nRUN uv sync --no-install-project\nCOPY . .` },
    { name: 'COPY . . with --locked', code: `${FROM}COPY . .\nRUN uv sync --locked` },
    { name: 'COPY . . with UV_FROZEN', code: `${FROM}ENV UV_FROZEN=1\nCOPY . .\nRUN uv sync` },
    { name: 'a copy of one folder brings no uv.lock', code: `${FROM}COPY ./app ./app\nRUN uv sync --no-dev` },
    {
      name: 'the project declares no dev group',
      code: `${UV_LOCK}${CACHE}uv sync --locked`,
      files: { 'pyproject.toml': PYPROJECT_NO_DEV, 'uv.lock': 'version = 1\n' },
    },
  ],
  invalid: [
    // The pyproject.toml the install reads (26.6).
    {
      name: 'uv sync in WORKDIR /app reads app/pyproject.toml that COPY ./app . brought',
      code: `${FROM}COPY ./app .\nRUN uv sync --locked`,
      files: { 'pyproject.toml': PYPROJECT_NO_DEV, 'app/pyproject.toml': PYPROJECT_DEV, 'app/uv.lock': 'version = 1\n' },
      errors: [{ line: 4, column: 5, messageId: 'devDependencies', severity: 'info' }],
    },
    {
      name: 'uv sync reads a bind-mounted pyproject.toml from a folder',
      code: `${FROM}RUN --mount=type=bind,source=service/pyproject.toml,target=pyproject.toml --mount=type=bind,source=service/uv.lock,target=uv.lock uv sync --locked --no-install-project`,
      files: { 'pyproject.toml': PYPROJECT_NO_DEV, 'service/pyproject.toml': PYPROJECT_DEV, 'service/uv.lock': '' },
      errors: [{ line: 3, column: 131, messageId: 'devDependencies', severity: 'info' }],
    },
    // Installs by export (26.7).
    {
      name: 'uv export piped into pip install -r /dev/stdin: not locked, dev group exported',
      code: `${UV_LOCK}RUN uv export --no-hashes | pip install --no-cache-dir -r /dev/stdin`,
      files: UV_FILES,
      errors: [
        { line: 4, column: 5, messageId: 'uvNotLocked' },
        {
          line: 4,
          column: 5,
          messageId: 'exportsDev',
          severity: 'info',
          message:
            '`uv export --no-hashes` exports the development dependencies, and `pip install --no-cache-dir -r /dev/stdin` installs them into the shipped image. Add `--no-dev` to the export (or `ENV UV_NO_DEV=1`).',
        },
      ],
    },
    {
      name: 'uv export to a file, read by pip install --requirement= in a later RUN',
      code: `${UV_LOCK}RUN uv export --frozen --no-hashes --output-file /tmp/req.txt\nRUN pip install --requirement=/tmp/req.txt`,
      files: UV_FILES,
      errors: [{ line: 4, column: 5, messageId: 'exportsDev', severity: 'info' }],
    },
    {
      name: 'uv export > file into pip wheel, the lock copied by name',
      code: `${UV_LOCK}RUN uv export --no-dev > requirements.txt && pip wheel -rrequirements.txt -w /wheels`,
      files: UV_FILES,
      errors: [{ line: 4, column: 5, messageId: 'uvNotLocked' }],
    },
    {
      name: 'poetry export --with dev',
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry export -f requirements.txt --with dev --without-hashes > requirements.txt && pip install -r requirements.txt`,
      files: { 'pyproject.toml': POETRY_DEV, 'poetry.lock': '' },
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'exportsDev',
          severity: 'info',
          message:
            '`poetry export -f requirements.txt --with dev --without-hash…` exports the development dependencies, and `pip install -r requirements.txt` installs them into the shipped image. Leave out `--with dev`.',
        },
      ],
    },
    {
      name: 'uv sync without --locked',
      code: `${UV_LOCK}${CACHE}uv sync --no-dev`,
      errors: [
        {
          line: 4,
          column: 47,
          endColumn: 54,
          messageId: 'uvNotLocked',
          message: '`uv sync --no-dev` may resolve other versions than uv.lock, and rewrite it. Add `--locked` (fail if the lock is stale) or `--frozen`.',
        },
      ],
    },
    {
      name: 'lock file bind-mounted',
      code: `${FROM}RUN --mount=type=bind,source=uv.lock,target=uv.lock uv sync --no-install-project --no-dev`,
      errors: [{ line: 3, column: 53, messageId: 'uvNotLocked' }],
    },
    {
      name: 'lock copied with a directory',
      code: `${FROM}COPY uv.lock pyproject.toml /app/\nRUN uv sync --no-dev`,
      errors: [{ line: 4, column: 5, messageId: 'uvNotLocked' }],
    },
    {
      name: 'lock copied in a base stage',
      code: 'FROM python:3.13-slim AS base\nCOPY uv.lock pyproject.toml ./\nFROM base\nRUN uv sync --no-dev',
      errors: [{ line: 4, column: 5, messageId: 'uvNotLocked' }],
    },
    {
      name: 'no --no-dev in the shipped stage',
      code: `${UV_LOCK}RUN uv sync --locked`,
      files: UV_FILES,
      errors: [
        {
          line: 4,
          column: 5,
          endColumn: 12,
          messageId: 'devDependencies',
          message: '`uv sync --locked` installs the development dependencies into the shipped image. Add `--no-dev` (or `ENV UV_NO_DEV=1`).',
          severity: 'info',
        },
      ],
    },
    {
      name: 'both at once',
      code: `${UV_LOCK}RUN uv sync`,
      files: UV_FILES,
      errors: [
        { line: 4, column: 5, messageId: 'uvNotLocked' },
        {
          line: 4,
          column: 5,
          messageId: 'devDependencies',
          message: '`uv sync` installs the development dependencies into the shipped image. Add `--no-dev` (or `ENV UV_NO_DEV=1`).',
          severity: 'info',
        },
      ],
    },
    {
      name: 'the project declares a dev group',
      code: `${UV_LOCK}RUN uv sync --locked`,
      files: { 'pyproject.toml': PYPROJECT_DEV, 'uv.lock': 'version = 1\n' },
      errors: [{ line: 4, column: 5, messageId: 'devDependencies', severity: 'info' }],
    },
    {
      name: 'poetry install',
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`,
      files: { 'pyproject.toml': POETRY_DEV, 'poetry.lock': '' },
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'devDependencies',
          message:
            '`poetry install --no-root` installs the development dependencies into the shipped image. Add `--only main` (Poetry 1.2 and later; `--no-dev` before).',
          severity: 'info',
        },
      ],
    },
    {
      name: 'poetry --only dev',
      code: `${FROM}RUN poetry install --only dev`,
      files: { 'pyproject.toml': POETRY_DEV },
      errors: [{ line: 3, column: 5, messageId: 'devDependencies', severity: 'info' }],
    },
    {
      name: 'one development-dependency finding per file',
      code: `${UV_LOCK}RUN uv sync --locked --no-install-project\nCOPY . .\nRUN uv sync --locked`,
      files: UV_FILES,
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'devDependencies',
          message:
            '`uv sync --locked --no-install-project` installs the development dependencies into the shipped image. Add `--no-dev` (or `ENV UV_NO_DEV=1`).',
          severity: 'info',
        },
      ],
    },
    {
      name: 'unpinned pip install poetry, then --no-dev: Poetry 2 removed it',
      code: `${PY312}RUN pip install poetry\nCOPY . .\nRUN poetry config virtualenvs.create false && poetry install --no-dev --no-interaction`,
      errors: [
        {
          line: 5,
          column: 62,
          endColumn: 70,
          messageId: 'poetryNoDevRemoved',
          message:
            '`poetry install --no-dev --no-interaction` fails: `pip install poetry` installs the newest Poetry (2.x), and Poetry 2 removed `--no-dev`. Write `--only main` instead, or pin Poetry below 2.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'Poetry pinned to 2',
      code: `${PY312}RUN pip install poetry==2.0.1\nRUN poetry install --no-dev`,
      errors: [
        {
          line: 4,
          column: 20,
          messageId: 'poetryNoDevRemoved',
          message:
            '`poetry install --no-dev` fails: `poetry==2.0.1` installs Poetry 2.0.1, and Poetry 2 removed `--no-dev`. Write `--only main` instead, or pin Poetry below 2.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'an open lower bound gets Poetry 2',
      code: `${PY312}RUN pip install "poetry>=1.5"\nRUN poetry install --no-dev`,
      errors: [
        {
          line: 4,
          column: 20,
          messageId: 'poetryNoDevRemoved',
          message:
            '`poetry install --no-dev` fails: `poetry>=1.5` installs the newest Poetry (2.x), and Poetry 2 removed `--no-dev`. Write `--only main` instead, or pin Poetry below 2.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'the installer without a version',
      code: `${PY312}RUN curl -sSL https://install.python-poetry.org | python3 -\nRUN poetry install --no-dev`,
      errors: [
        {
          line: 4,
          column: 20,
          messageId: 'poetryNoDevRemoved',
          message:
            '`poetry install --no-dev` fails: `the Poetry installer` installs the newest Poetry (2.x), and Poetry 2 removed `--no-dev`. Write `--only main` instead, or pin Poetry below 2.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'the installer with --version 2.1.0',
      code: `${PY312}RUN curl -sSL https://install.python-poetry.org | python3 - --version 2.1.0\nRUN poetry install --no-dev`,
      errors: [
        {
          line: 4,
          column: 20,
          messageId: 'poetryNoDevRemoved',
          message:
            '`poetry install --no-dev` fails: `--version 2.1.0` installs Poetry 2.1.0, and Poetry 2 removed `--no-dev`. Write `--only main` instead, or pin Poetry below 2.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'the installer read by a bare python',
      code: `${PY312}RUN curl -sSL https://install.python-poetry.org | python\nRUN poetry install --no-dev`,
      errors: [{ line: 4, column: 20, messageId: 'poetryNoDevRemoved', severity: 'error' }],
    },
    {
      name: 'get-poetry.py with --only',
      code: `${PY312}RUN curl -sSL https://raw.githubusercontent.com/sdispater/poetry/master/get-poetry.py | python\nRUN poetry install --only main`,
      errors: [
        {
          line: 4,
          column: 20,
          messageId: 'poetryNoGroups',
          message:
            '`poetry install --only main` fails: `the Poetry installer` installs Poetry 1.1.x, which has no `--only` (Poetry 1.2 brought groups). Write `--no-dev` instead.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'installed earlier in the same RUN',
      code: `${PY312}COPY . .\nRUN pip install --upgrade pip && pip3 install poetry && poetry install --no-dev --no-root`,
      errors: [
        {
          line: 4,
          column: 72,
          messageId: 'poetryNoDevRemoved',
          message:
            '`poetry install --no-dev --no-root` fails: `pip3 install poetry` installs the newest Poetry (2.x), and Poetry 2 removed `--no-dev`. Write `--only main` instead, or pin Poetry below 2.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'uv tool install poetry',
      code: `${PY312}RUN uv tool install poetry\nRUN poetry install --no-dev`,
      errors: [{ line: 4, column: 20, messageId: 'poetryNoDevRemoved', severity: 'error' }],
    },
    {
      name: 'installed in a parent stage',
      code: 'FROM python:3.13 AS base\nRUN pip install poetry\nFROM base\nRUN poetry install --no-dev',
      errors: [{ line: 4, column: 20, messageId: 'poetryNoDevRemoved', severity: 'error' }],
    },
    {
      name: 'an untagged official image runs the newest Python',
      code: 'FROM python\nRUN pip install poetry\nRUN poetry install --no-dev',
      errors: [{ line: 3, column: 20, messageId: 'poetryNoDevRemoved', severity: 'error' }],
    },
    {
      name: 'Poetry 1.1 has no --only',
      code: `${PY312}RUN pip install poetry==1.1.13\nRUN poetry install --only main`,
      errors: [
        {
          line: 4,
          column: 20,
          endColumn: 26,
          messageId: 'poetryNoGroups',
          message:
            '`poetry install --only main` fails: `poetry==1.1.13` installs Poetry 1.1.13, which has no `--only` (Poetry 1.2 brought groups). Write `--no-dev` instead.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'Poetry 1.1 has no --without',
      code: `${PY312}RUN pip install 'poetry<1.2'\nRUN poetry install --without=dev`,
      errors: [
        {
          line: 4,
          column: 20,
          messageId: 'poetryNoGroups',
          message:
            '`poetry install --without=dev` fails: `poetry<1.2` installs Poetry 1.1.x, which has no `--without` (Poetry 1.2 brought groups). Write `--no-dev` instead.',
          severity: 'error',
        },
      ],
    },
    {
      name: 'Poetry 1.1 and dev dependencies: the advice is --no-dev',
      code: `${FROM}RUN pip install poetry==1.1.13\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`,
      files: { 'pyproject.toml': POETRY_LEGACY_DEV, 'poetry.lock': '' },
      errors: [
        {
          line: 5,
          column: 5,
          messageId: 'devDependencies',
          message: '`poetry install --no-root` installs the development dependencies into the shipped image. Add `--no-dev` (Poetry 1.1.13 has no `--only`).',
          severity: 'info',
        },
      ],
    },
    {
      name: 'Poetry 1.8 and dev dependencies: the advice is --only main',
      code: `${FROM}RUN pip install poetry==1.8.3\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`,
      files: { 'pyproject.toml': POETRY_DEV, 'poetry.lock': '' },
      errors: [
        {
          line: 5,
          column: 5,
          messageId: 'devDependencies',
          message: '`poetry install --no-root` installs the development dependencies into the shipped image. Add `--only main`.',
          severity: 'info',
        },
      ],
    },
    {
      name: 'a Poetry of unknown version: both ways are named',
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root`,
      files: { 'pyproject.toml': POETRY_LEGACY_DEV, 'poetry.lock': '' },
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'devDependencies',
          message:
            '`poetry install --no-root` installs the development dependencies into the shipped image. Add `--only main` (Poetry 1.2 and later; `--no-dev` before).',
          severity: 'info',
        },
      ],
    },
    {
      name: "uv's older dev-dependencies",
      code: `${UV_LOCK}RUN uv sync --locked`,
      files: { 'pyproject.toml': UV_LEGACY_DEV, 'uv.lock': '' },
      errors: [{ line: 4, column: 5, messageId: 'devDependencies', severity: 'info' }],
    },
    {
      name: 'COPY . /app then uv sync, without the build context',
      code: `${FROM}COPY . /app\nRUN uv sync --no-dev`,
      errors: [
        {
          line: 4,
          column: 5,
          endColumn: 12,
          messageId: 'uvWholeContext',
          message:
            '`uv sync --no-dev` does not enforce uv.lock, which `COPY . /app` brings in if there is one: uv may re-resolve and rewrite it. Add `--locked` or `--frozen`.',
        },
      ],
    },
    {
      name: 'ADD . . then uv sync',
      code: `${FROM}ADD . .\nRUN uv sync --no-dev`,
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'uvWholeContext',
          message:
            '`uv sync --no-dev` does not enforce uv.lock, which `ADD . .` brings in if there is one: uv may re-resolve and rewrite it. Add `--locked` or `--frozen`.',
        },
      ],
    },
    {
      name: 'a bind mount of the context',
      code: `${FROM}RUN --mount=type=bind,target=/src uv sync --no-dev --project /src`,
      errors: [{ line: 3, column: 35, messageId: 'uvWholeContext' }],
    },
    {
      name: 'COPY . . of a project with uv.lock: as if it were named',
      code: `${FROM}COPY . .\nRUN uv sync --no-dev`,
      files: { 'pyproject.toml': PYPROJECT_NO_DEV, 'uv.lock': 'version = 1\n', 'app/main.py': '' },
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'uvNotLocked',
          message: '`uv sync --no-dev` may resolve other versions than uv.lock, and rewrite it. Add `--locked` (fail if the lock is stale) or `--frozen`.',
        },
      ],
    },
    {
      name: 'COPY . . of a project without uv.lock: resolved afresh',
      code: `${FROM}COPY . .\nRUN uv sync --no-dev`,
      files: { 'pyproject.toml': PYPROJECT_NO_DEV, 'app/main.py': '' },
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'uvNoLockFile',
          message:
            '`uv sync --no-dev` resolves the dependencies afresh on every build: no uv.lock comes in with `COPY . .`. Commit one (`uv lock`) and add `--locked`.',
        },
      ],
    },
    {
      name: 'uv.lock left out by .dockerignore',
      code: `${FROM}COPY . .\nRUN uv sync --no-dev`,
      files: { 'pyproject.toml': PYPROJECT_NO_DEV, 'uv.lock': 'version = 1\n', '.dockerignore': 'uv.lock\n', 'app/main.py': '' },
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'uvNoLockFile',
          message:
            '`uv sync --no-dev` resolves the dependencies afresh on every build: no uv.lock comes in with `COPY . .`. Commit one (`uv lock`) and add `--locked`.',
        },
      ],
    },
    {
      name: 'pipenv install with a lock',
      code: `${FROM}COPY Pipfile Pipfile.lock ./\nRUN pipenv install --system`,
      errors: [{ line: 4, column: 5, messageId: 'pipenvNotDeployed' }],
    },
    {
      name: 'pipenv install, the lock copied by a glob',
      code: `${FROM}COPY Pipfile* ./\nRUN pipenv install --system`,
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'pipenvNotDeployed',
          message:
            '`pipenv install --system` re-locks when Pipfile.lock is out of date, installing other versions than it lists. Add `--deploy`, or use `pipenv sync`.',
        },
      ],
    },
    {
      name: 'pipenv install, the lock brought by COPY . .',
      code: `${FROM}COPY . .\nRUN pipenv install --system`,
      files: { Pipfile: '[packages]\n', 'Pipfile.lock': '{}' },
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'pipenvNotDeployed',
          message:
            '`pipenv install --system` re-locks when Pipfile.lock is out of date, installing other versions than it lists. Add `--deploy`, or use `pipenv sync`.',
        },
      ],
    },
  ],
});
