import { depsBeforeCode } from '../../rules/deps-before-code.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.12\nWORKDIR /code\n';

ruleTester(depsBeforeCode, {
  valid: [
    {
      name: "the guide's order",
      code: `${FROM}COPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app`,
    },
    {
      name: 'several manifests first',
      code: `${FROM}COPY pyproject.toml poetry.lock README.md ./\nRUN poetry install --no-root\nCOPY . .\nRUN poetry install --only-root`,
    },
    { name: 'requirements directory', code: `${FROM}COPY requirements/ requirements/\nRUN pip install --no-cache-dir -r requirements/prod.txt\nCOPY . .` },
    { name: 'glob of requirements files', code: `${FROM}COPY requirements*.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .` },
    { name: 'setup.py and setup.cfg', code: `${FROM}COPY setup.py setup.cfg ./\nRUN pip install --no-cache-dir -e .\nCOPY . .` },
    { name: 'Pipfile', code: `${FROM}COPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\nCOPY . .` },
    { name: 'pdm', code: `${FROM}COPY pyproject.toml pdm.lock ./\nRUN pdm install --prod --no-self\nCOPY . .\nRUN pdm install --prod` },
    {
      name: 'constraints file',
      code: `${FROM}COPY requirements.txt constraints.txt ./\nRUN pip install --no-cache-dir -r requirements.txt -c constraints.txt\nCOPY . .`,
    },
    { name: 'COPY --from is not the context', code: `${FROM}COPY --from=builder /venv /venv\nRUN pip install --no-cache-dir -r /venv/requirements.txt` },
    {
      name: "uv's guide: bind-mounted manifests, then the project",
      code: `${FROM}RUN --mount=type=cache,target=/root/.cache/uv \\\n    --mount=type=bind,source=uv.lock,target=uv.lock \\\n    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\\n    uv sync --locked --no-install-project\nCOPY . /code\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked`,
    },
    {
      name: 'pip install --no-deps of the project after its dependencies',
      code: `${FROM}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN pip install --no-cache-dir --no-deps .`,
    },
    {
      name: 'the project after a requirements install',
      code: `${FROM}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN pip install --no-cache-dir .`,
    },
    { name: 'poetry install --only-root alone', code: `${FROM}COPY . .\nRUN poetry install --only-root` },
    { name: 'install in another stage', code: `FROM python:3.12 AS build\nCOPY . /src\nFROM python:3.12\nRUN pip install --no-cache-dir fastapi` },
    { name: 'no install at all', code: `${FROM}COPY . .\nCMD ["fastapi", "run"]` },
    { name: 'ADD of a URL is not the context', code: `${FROM}ADD https://example.com/get-pip.py /tmp/\nRUN pip install --no-cache-dir fastapi` },
    { name: 'COPY heredoc', code: `${FROM}COPY <<EOF /code/settings.ini\n[app]\nEOF\nRUN pip install --no-cache-dir fastapi` },
    // Globs of manifests are manifests.
    { name: 'COPY Pipfile*', code: `${FROM}COPY Pipfile* ./\nRUN pipenv install --system --deploy\nCOPY . .` },
    { name: 'COPY pyproject.toml poetry.lock*', code: `${FROM}COPY pyproject.toml poetry.lock* ./\nRUN poetry install --no-root\nCOPY . .` },
    {
      name: 'JSON-form COPY of manifests',
      code: `${FROM}COPY ["requirements.txt", "requirements-dev.txt", "./"]\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .`,
    },
    { name: 'COPY *.txt', code: `${FROM}COPY *.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .` },
    { name: 'COPY requirements?.txt', code: `${FROM}COPY requirements-[dp]*.txt ./\nRUN pip install --no-cache-dir -r requirements-prod.txt\nCOPY . .` },
    {
      name: 'uv.lock and pyproject.toml',
      code: `${FROM}COPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-install-project\nCOPY . .\nRUN uv sync --frozen`,
    },
    // Installing the installer is not installing the dependencies.
    {
      name: 'pip install --upgrade pip after the code',
      code: `${FROM}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN pip install --no-cache-dir --upgrade pip`,
    },
    { name: 'a tool installed after the code, no install', code: `${FROM}COPY . .\nRUN pip install --no-cache-dir poetry==1.8.3 poetry-plugin-export` },
    // Once the dependencies are installed, the project itself and extras come last.
    {
      name: 'pip install -e . after a requirements install',
      code: `${FROM}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN pip install --no-cache-dir -e .`,
    },
    {
      name: 'an extra package after the code',
      code: `${FROM}COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN pip install --no-cache-dir gunicorn`,
    },
    {
      name: 'dependencies installed in the parent stage',
      code: `FROM python:3.12 AS base\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nFROM base\nCOPY . .\nRUN pip install --no-cache-dir -e .`,
    },
    {
      name: "the guide's poetry requirements-stage",
      code: 'FROM python:3.12 AS requirements-stage\nWORKDIR /tmp\nRUN pip install poetry\nCOPY ./pyproject.toml ./poetry.lock* /tmp/\nRUN poetry export -f requirements.txt --output requirements.txt --without-hashes\n\nFROM python:3.12\nWORKDIR /code\nCOPY --from=requirements-stage /tmp/requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir --upgrade -r /code/requirements.txt\nCOPY ./app /code/app',
    },
    // A local package the install needs is a dependency, copied first on purpose.
    {
      name: 'a local package the requirements install (-e file:./shared)',
      code: `${FROM}COPY shared/ ./shared/\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app ./app`,
      files: { 'requirements.txt': '-e file:./shared\nfastapi==0.115.0\n', 'shared/pyproject.toml': '[project]\nname = "shared"\n', 'app/main.py': '' },
    },
    {
      name: 'a local package named in an included requirements file, as a plain path',
      code: `${FROM}COPY libs/tools /code/libs/tools\nCOPY requirements/ requirements/\nRUN pip install --no-cache-dir --requirement=requirements/prod.txt\nCOPY app ./app`,
      files: {
        'requirements/prod.txt': '-r base.txt\n',
        'requirements/base.txt': './libs/tools  # ours\nfastapi==0.115.0\n',
        'libs/tools/setup.py': '',
        'app/main.py': '',
      },
    },
    {
      name: 'a PEP 508 file reference',
      code: `${FROM}COPY shared /code/shared\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app ./app`,
      files: { 'requirements.txt': 'shared @ file:///code/shared\n', 'shared/pyproject.toml': '', 'app/main.py': '' },
    },
    {
      name: "Poetry's path dependency, relative to pyproject.toml",
      code: 'FROM python:3.12\nWORKDIR /app\nRUN pip install --no-cache-dir poetry==1.8.5\nCOPY backend/pyproject.toml backend/poetry.lock ./backend/\nCOPY shared/ ./shared/\nWORKDIR /app/backend\nRUN poetry install --only main --no-interaction\nCOPY backend/app ./app',
      files: {
        'backend/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\nshared = { path = "../shared", develop = true }\n',
        'backend/poetry.lock': '',
        'shared/pyproject.toml': '',
        'backend/app/main.py': '',
      },
    },
    {
      name: "uv's path source",
      code: `${FROM}COPY packages/common packages/common\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nCOPY app ./app`,
      files: {
        'pyproject.toml': '[project]\nname = "api"\ndependencies = ["common"]\n\n[tool.uv.sources]\ncommon = { path = "packages/common" }\n',
        'uv.lock': '',
        'packages/common/pyproject.toml': '',
        'app/main.py': '',
      },
    },
    {
      name: "a Pipfile's path package",
      code: `${FROM}COPY vendor/sdk vendor/sdk\nCOPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\nCOPY app ./app`,
      files: { Pipfile: '[packages]\nsdk = { path = "./vendor/sdk", editable = true }\n', 'Pipfile.lock': '{}', 'vendor/sdk/setup.py': '', 'app/main.py': '' },
    },
    {
      name: 'a local library installed by path on its own, before the dependency install',
      code: `${FROM}COPY ./libs/common /opt/common\nRUN pip install --no-cache-dir /opt/common\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app ./app`,
      files: { 'libs/common/pyproject.toml': '[project]\nname = "common"\n', 'requirements.txt': 'fastapi==0.115.0\n', 'app/main.py': '' },
    },
    {
      name: 'a local library installed by path (editable), without the context',
      code: `${FROM}COPY ./shared /shared\nRUN pip install -e /shared\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .`,
    },
    {
      name: "a package's __init__.py stub beside the manifests, the code later",
      code: `${FROM}COPY pyproject.toml uv.lock ./\nCOPY mypkg/__init__.py ./mypkg/__init__.py\nRUN uv sync --locked --no-dev\nCOPY . .`,
      files: { 'pyproject.toml': '[project]\nname = "mypkg"\n', 'uv.lock': '', 'mypkg/__init__.py': '', 'mypkg/main.py': '' },
    },
    {
      name: "a package's __init__.py stub into its folder, without the context",
      code: `${FROM}COPY pyproject.toml poetry.lock ./\nCOPY src/app/__init__.py src/app/\nRUN poetry install --only main\nCOPY src ./src`,
    },
    // A builder installed the dependencies into the environment the final install uses: it only adds the project.
    {
      name: 'a builder venv copied in, then poetry install of the project in it (activated)',
      code: 'FROM python:3.13-slim AS base\nENV POETRY_VIRTUALENVS_IN_PROJECT=true\n\nFROM base AS deps\nRUN pip install --no-cache-dir poetry==1.8.3\nWORKDIR /opt/deps\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root\n\nFROM base\nCOPY --from=deps /usr/local /usr/local\nCOPY --from=deps /opt/deps /opt/deps\nCOPY ./mypkg /app/mypkg\nCOPY pyproject.toml poetry.lock /app/\nWORKDIR /app\nRUN . /opt/deps/.venv/bin/activate && poetry install --only main',
      files: { 'pyproject.toml': '[tool.poetry]\\nname = "mypkg"\\n', 'poetry.lock': '', 'mypkg/main.py': '' },
    },
    {
      name: 'a builder venv copied in, then poetry install with VIRTUAL_ENV set',
      code: 'FROM python:3.13-slim AS base\nENV POETRY_VIRTUALENVS_IN_PROJECT=true\n\nFROM base AS deps\nRUN pip install --no-cache-dir poetry==1.8.3\nWORKDIR /opt/deps\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root\n\nFROM base\nCOPY --from=deps /usr/local /usr/local\nCOPY --from=deps /opt/deps /opt/deps\nCOPY ./mypkg /app/mypkg\nCOPY pyproject.toml poetry.lock /app/\nWORKDIR /app\nENV VIRTUAL_ENV=/opt/deps/.venv\nRUN poetry install --only main --no-interaction',
      files: { 'pyproject.toml': '[tool.poetry]\\nname = "mypkg"\\n', 'poetry.lock': '', 'mypkg/main.py': '' },
    },
    {
      name: "uv's builder .venv copied in, then uv sync of the project",
      code: 'FROM python:3.13-slim AS build\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project --no-dev\n\nFROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY --from=build /app/.venv /app/.venv\nCOPY . .\nRUN uv sync --locked --no-dev',
      files: { 'pyproject.toml': '[project]\\nname = "mypkg"\\n', 'uv.lock': '', 'mypkg/main.py': '' },
    },
    {
      name: 'a local package beside -r on the command line',
      code: `${FROM}COPY shared ./shared\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt -e ./shared\nCOPY . .`,
    },
    // A build helper that a RUN uses before the install is an input of the build.
    {
      name: 'a folder of build scripts run before the install',
      code: 'FROM python:3.12\nENV APP_HOME=/home/app/web\nWORKDIR $APP_HOME\nADD /compose/scripts/ $APP_HOME\nADD /requirements/local.txt $APP_HOME\nRUN chmod +x db_deps.sh\nRUN ./db_deps.sh\nRUN pip install --no-cache-dir -r /home/app/web/local.txt\nCOPY src/ $APP_HOME',
      files: { 'compose/scripts/db_deps.sh': '#!/bin/sh\napt-get update\n', 'requirements/local.txt': 'fastapi==0.115.0\n', 'src/main.py': '' },
    },
    {
      name: 'a version file read inside a command substitution before the install',
      code: `${FROM}COPY .nvmrc /srv/.nvmrc\nRUN NODE_MAJOR="$(cut -d. -f1 < /srv/.nvmrc)" && echo "node \${NODE_MAJOR}" > /etc/node-major\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app ./app`,
      files: { '.nvmrc': '22.1.0\n', 'requirements.txt': 'fastapi==0.115.0\n', 'app/main.py': '' },
    },
    {
      name: 'a build script, without the context',
      code: `${FROM}COPY install-os-deps.sh /tmp/\nRUN sh /tmp/install-os-deps.sh\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .`,
    },
    {
      name: 'a script run in the same RUN before the install',
      code: `${FROM}COPY scripts/apt.sh /tmp/apt.sh\nCOPY requirements.txt .\nRUN /tmp/apt.sh && pip install --no-cache-dir -r requirements.txt\nCOPY . .`,
    },
    {
      name: 'a package list read by xargs',
      code: `${FROM}COPY apt-packages /tmp/apt-packages\nRUN xargs -a /tmp/apt-packages apt-get install -y\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .`,
    },
  ],
  invalid: [
    {
      name: 'a builder venv copied in, but poetry makes a new one in /app/.venv: everything is downloaded again',
      code: 'FROM python:3.13-slim AS base\nENV POETRY_VIRTUALENVS_IN_PROJECT=true\n\nFROM base AS deps\nRUN pip install --no-cache-dir poetry==1.8.3\nWORKDIR /opt/deps\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root\n\nFROM base\nCOPY --from=deps /usr/local /usr/local\nCOPY --from=deps /opt/deps /opt/deps\nCOPY ./mypkg /app/mypkg\nCOPY pyproject.toml poetry.lock /app/\nWORKDIR /app\nRUN poetry install --only main',
      files: { 'pyproject.toml': '[tool.poetry]\\nname = "mypkg"\\n', 'poetry.lock': '', 'mypkg/main.py': '' },
      errors: [
        {
          message:
            '`COPY ./mypkg /app/mypkg` comes before `poetry install --only main` (line 16): each code change re-installs the dependencies. Copy pyproject.toml and poetry.lock first.',
          line: 13,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: 'a builder venv copied in, but the final install adds the dev group the builder left out',
      code: 'FROM python:3.13-slim AS base\nENV POETRY_VIRTUALENVS_IN_PROJECT=true\n\nFROM base AS deps\nRUN pip install --no-cache-dir poetry==1.8.3\nWORKDIR /opt/deps\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root\n\nFROM base\nCOPY --from=deps /usr/local /usr/local\nCOPY --from=deps /opt/deps /opt/deps\nCOPY ./mypkg /app/mypkg\nCOPY pyproject.toml poetry.lock /app/\nWORKDIR /app\nRUN . /opt/deps/.venv/bin/activate && poetry install',
      files: { 'pyproject.toml': '[tool.poetry]\\nname = "mypkg"\\n', 'poetry.lock': '', 'mypkg/main.py': '' },
      errors: [
        {
          message:
            '`COPY ./mypkg /app/mypkg` comes before `poetry install` (line 16): each code change re-installs the dependencies. Copy pyproject.toml and poetry.lock first.',
          line: 13,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: "uv's builder .venv copied to another path than the final install's",
      code: 'FROM python:3.13-slim AS build\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project --no-dev\n\nFROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY --from=build /app/.venv /venv\nCOPY . .\nRUN uv sync --locked --no-dev',
      files: { 'pyproject.toml': '[project]\\nname = "mypkg"\\n', 'uv.lock': '', 'mypkg/main.py': '' },
      errors: [
        {
          message:
            '`COPY . .` comes before `uv sync --locked --no-dev` (line 12): each code change re-installs the dependencies. Copy pyproject.toml and uv.lock first.',
          line: 11,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: "uv's builder installed from another pyproject.toml",
      code: 'FROM python:3.13-slim AS build\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY base/pyproject.toml base/uv.lock ./\nRUN uv sync --locked --no-install-project --no-dev\n\nFROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY --from=build /app/.venv /app/.venv\nCOPY . .\nRUN uv sync --locked --no-dev',
      files: { 'pyproject.toml': '[project]\\nname = "mypkg"\\n', 'uv.lock': '', 'mypkg/main.py': '', 'base/pyproject.toml': '', 'base/uv.lock': '' },
      errors: [
        {
          message:
            '`COPY . .` comes before `uv sync --locked --no-dev` (line 12): each code change re-installs the dependencies. Copy pyproject.toml and uv.lock first.',
          line: 11,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: 'a module other than __init__.py copied before the project install',
      code: `${FROM}COPY pyproject.toml uv.lock ./\nCOPY mypkg/main.py ./mypkg/main.py\nRUN uv sync --locked`,
      errors: [
        {
          message:
            '`COPY mypkg/main.py ./mypkg/main.py` comes before `uv sync --locked` (line 5): each code change re-installs the dependencies. Copy pyproject.toml and uv.lock first.',
          line: 4,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: 'an __init__.py before an install of requirements only: no project is built, it is code',
      code: `${FROM}COPY mypkg/__init__.py ./mypkg/\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [
        {
          message:
            '`COPY mypkg/__init__.py ./mypkg/` comes before `pip install --no-cache-dir -r requirements.txt` (line 5): each code change re-installs the dependencies. Copy requirements.txt first.',
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: 'a folder installed by path with nothing installed after it: the project, copied with its code',
      code: `${FROM}COPY ./backend /srv/backend\nRUN pip install --no-cache-dir /srv/backend\nCMD ["fastapi", "run", "/srv/backend/main.py"]`,
      errors: [
        {
          message:
            '`COPY ./backend /srv/backend` comes before `pip install --no-cache-dir /srv/backend` (line 4): each code change re-installs the dependencies. Copy requirements.txt or pyproject.toml first.',
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: 'the working directory installed by path, then more packages: still the project',
      code: `${FROM}COPY ./src /code/src\nCOPY pyproject.toml .\nRUN pip install --no-cache-dir /code\nRUN pip install --no-cache-dir gunicorn`,
      errors: [
        {
          message:
            '`COPY ./src /code/src` comes before `pip install --no-cache-dir /code` (line 5): each code change re-installs the dependencies. Copy requirements.txt or pyproject.toml first.',
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
        },
      ],
    },
    {
      name: 'COPY . . before pip install -r',
      code: `${FROM}COPY . /code\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [
        {
          line: 3,
          column: 6,
          endColumn: 7,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . /code` comes before `pip install --no-cache-dir -r requirements.txt` (line 4): each code change re-installs the dependencies. Copy requirements.txt first.',
        },
      ],
    },
    {
      name: 'pip install poetry, COPY . ., poetry install: the real install is named',
      code: `${FROM}RUN pip install --no-cache-dir poetry\nCOPY . .\nRUN poetry install --no-interaction`,
      errors: [
        {
          line: 4,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `poetry install --no-interaction` (line 5): each code change re-installs the dependencies. Copy pyproject.toml and poetry.lock first.',
        },
      ],
    },
    {
      name: 'pip install --upgrade pip first does not hide the install',
      code: `${FROM}RUN pip install --no-cache-dir --upgrade pip setuptools wheel\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [
        {
          line: 4,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `pip install --no-cache-dir -r requirements.txt` (line 5): each code change re-installs the dependencies. Copy requirements.txt first.',
        },
      ],
    },
    {
      name: 'uv pip install uv is a tool',
      code: `${FROM}RUN pip install --no-cache-dir "uv>=0.4"\nCOPY . .\nRUN uv pip install --system -r requirements.txt`,
      errors: [{ line: 4, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'python3 -m pip as written',
      code: `${FROM}COPY . .\nRUN python3 -m pip install --no-cache-dir -r requirements.txt`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `python3 -m pip install --no-cache-dir -r requirements.txt` (line 4): each code change re-installs the dependencies. Copy requirements.txt first.',
        },
      ],
    },
    {
      name: 'code copied in the parent stage',
      code: `FROM python:3.12 AS base\nCOPY . /app\nFROM base\nRUN pip install --no-cache-dir -r /app/requirements.txt`,
      errors: [{ line: 2, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'packages named on the command line',
      code: `${FROM}COPY . .\nRUN pip install --no-cache-dir fastapi uvicorn`,
      errors: [{ line: 3, column: 6, messageId: 'packagesAfterCode' }],
    },
    {
      name: 'JSON-form COPY of code',
      code: `${FROM}COPY ["./app", "/code/app"]\nCOPY ["requirements.txt", "./"]\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [{ line: 3, column: 7, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'a glob that is not only manifests',
      code: `${FROM}COPY *.py ./\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'COPY ./app before the install',
      code: `${FROM}COPY ./app /code/app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY ./app /code/app` comes before `pip install --no-cache-dir -r requirements.txt` (line 5): each code change re-installs the dependencies. Copy requirements.txt first.',
        },
      ],
    },
    {
      name: 'ADD . /app',
      code: `${FROM}ADD . /app\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [
        {
          line: 3,
          column: 5,
          messageId: 'codeBeforeInstall',
          message:
            '`ADD . /app` comes before `pip install --no-cache-dir -r requirements.txt` (line 4): each code change re-installs the dependencies. Copy requirements.txt first.',
        },
      ],
    },
    {
      name: 'python -m pip',
      code: `${FROM}COPY . .\nRUN python -m pip install --no-cache-dir -r requirements.txt`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `python -m pip install --no-cache-dir -r requirements.txt` (line 4): each code change re-installs the dependencies. Copy requirements.txt first.',
        },
      ],
    },
    { name: 'pip install .', code: `${FROM}COPY . .\nRUN pip install --no-cache-dir .`, errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }] },
    {
      name: 'pip install -e .',
      code: `${FROM}COPY . .\nRUN pip install --no-cache-dir -e .`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'uv sync',
      code: `${FROM}COPY . .\nRUN uv sync --locked`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message: '`COPY . .` comes before `uv sync --locked` (line 4): each code change re-installs the dependencies. Copy pyproject.toml and uv.lock first.',
        },
      ],
    },
    {
      name: 'uv pip install',
      code: `${FROM}COPY . .\nRUN uv pip install --system -r requirements.txt`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'poetry install',
      code: `${FROM}COPY . .\nRUN poetry install --without dev`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `poetry install --without dev` (line 4): each code change re-installs the dependencies. Copy pyproject.toml and poetry.lock first.',
        },
      ],
    },
    {
      name: 'pipenv install',
      code: `${FROM}COPY . .\nRUN pipenv install --system --deploy`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `pipenv install --system --deploy` (line 4): each code change re-installs the dependencies. Copy Pipfile and Pipfile.lock first.',
        },
      ],
    },
    { name: 'pipenv sync', code: `${FROM}COPY . .\nRUN pipenv sync`, errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }] },
    {
      name: 'pdm install',
      code: `${FROM}COPY . .\nRUN pdm install --prod`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `pdm install --prod` (line 4): each code change re-installs the dependencies. Copy pyproject.toml and pdm.lock first.',
        },
      ],
    },
    {
      name: 'inside sh -c',
      code: `${FROM}COPY . .\nRUN sh -c "pip install --no-cache-dir -r requirements.txt"`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'inside a heredoc',
      code: `${FROM}COPY . .\nRUN <<EOF\nset -e\npip install --no-cache-dir -r requirements.txt\nEOF`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'uv sync without a dependency-only install first',
      code: `${FROM}COPY pyproject.toml uv.lock ./\nCOPY src ./src\nRUN uv sync --locked`,
      errors: [{ line: 4, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'one report per COPY',
      code: `${FROM}COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nRUN pip install --no-cache-dir gunicorn`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    // What the install needs does not excuse the code copied before it.
    {
      name: 'a local package is named, but the app is what comes first',
      code: `${FROM}COPY app ./app\nCOPY shared/ ./shared/\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt`,
      files: { 'requirements.txt': '-e ./shared\n', 'shared/setup.py': '', 'app/main.py': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY app ./app` comes before `pip install --no-cache-dir -r requirements.txt` (line 6): each code change re-installs the dependencies. Copy requirements.txt first.',
        },
      ],
    },
    {
      name: '-e . in the requirements is the project itself',
      code: `${FROM}COPY . .\nRUN pip install --no-cache-dir -r requirements.txt`,
      files: { 'requirements.txt': '-e .\nfastapi==0.115.0\n', 'pyproject.toml': '', 'app/main.py': '' },
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: "Poetry's path dependency does not cover the project's own code",
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY shared/ ./shared/\nCOPY backend/ ./backend/\nWORKDIR /app/backend\nRUN poetry install --only main',
      files: {
        'backend/pyproject.toml': '[tool.poetry.dependencies]\nshared = { path = "../shared" }\n',
        'shared/pyproject.toml': '',
        'backend/app/main.py': '',
      },
      errors: [
        {
          line: 4,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY backend/ ./backend/` comes before `poetry install --only main` (line 6): each code change re-installs the dependencies. Copy pyproject.toml and poetry.lock first.',
        },
      ],
    },
    {
      name: 'a script run before the install does not excuse COPY . .',
      code: `${FROM}COPY . .\nRUN ./install-os-deps.sh\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'chmod is not using a file',
      code: `${FROM}COPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'a script run only after the install',
      code: `${FROM}COPY scripts/ /scripts/\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nRUN /scripts/collect.sh`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'a folder of the application that also holds a build script',
      code: `${FROM}COPY app/ /code/app/\nRUN /code/app/scripts/os-deps.sh\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt`,
      files: { 'app/main.py': '', 'app/scripts/os-deps.sh': '', 'requirements.txt': 'fastapi==0.115.0\n' },
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
    {
      name: 'a folder holding the requirements file is the project',
      code: 'FROM python:3.12\nCOPY backend/ /app/\nRUN /app/scripts/wait.sh\nRUN pip install --no-cache-dir -r /app/requirements.txt',
      errors: [{ line: 2, column: 6, messageId: 'codeBeforeInstall' }],
    },
    // pip's option grammar: every spelling of -r names the file.
    {
      name: '--requirement=FILE',
      code: `${FROM}COPY . .\nRUN pip install --no-cache-dir --requirement=requirements-prod.txt`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `pip install --no-cache-dir --requirement=requirements-prod.…` (line 4): each code change re-installs the dependencies. Copy requirements-prod.txt first.',
        },
      ],
    },
    {
      name: '-rFILE',
      code: `${FROM}COPY . .\nRUN pip install -rrequirements/base.txt`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `pip install -rrequirements/base.txt` (line 4): each code change re-installs the dependencies. Copy base.txt first.',
        },
      ],
    },
    {
      name: 'clustered -Ur FILE',
      code: `${FROM}COPY . .\nRUN pip install -Ur requirements-dev.txt`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'codeBeforeInstall',
          message:
            '`COPY . .` comes before `pip install -Ur requirements-dev.txt` (line 4): each code change re-installs the dependencies. Copy requirements-dev.txt first.',
        },
      ],
    },
    {
      name: 'uv add -r reads a file',
      code: `${FROM}COPY . .\nRUN uv add -r requirements.txt`,
      errors: [{ line: 3, column: 6, messageId: 'codeBeforeInstall' }],
    },
  ],
});
