import { pipNoCacheDir } from '../../rules/pip-no-cache-dir.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.12\n';

ruleTester(pipNoCacheDir, {
  valid: [
    { code: `${FROM}RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt` },
    { code: `${FROM}RUN pip --no-cache-dir install fastapi`, name: 'general option before install' },
    { code: `${FROM}ENV PIP_NO_CACHE_DIR=1\nRUN pip install fastapi`, name: 'ENV PIP_NO_CACHE_DIR=1' },
    { code: `${FROM}ENV PIP_NO_CACHE_DIR=true\nRUN pip install fastapi`, name: 'ENV PIP_NO_CACHE_DIR=true' },
    { code: `${FROM}ARG PIP_NO_CACHE_DIR=yes\nRUN pip install fastapi`, name: 'ARG PIP_NO_CACHE_DIR=yes' },
    { code: `${FROM}RUN PIP_NO_CACHE_DIR=1 pip install fastapi`, name: 'prefix assignment' },
    { code: `${FROM}RUN env PIP_NO_CACHE_DIR=1 pip install fastapi`, name: 'env wrapper assignment' },
    { code: `${FROM}RUN --mount=type=cache,target=/root/.cache/pip pip install fastapi`, name: 'cache mount on ~/.cache/pip' },
    { code: `${FROM}RUN --mount=type=cache,target=/root/.cache/pip/ pip install fastapi`, name: 'cache mount with trailing slash' },
    { code: `${FROM}ENV PIP_CACHE_DIR=/var/cache/pip\nRUN --mount=type=cache,target=/var/cache/pip pip install fastapi`, name: 'cache mount on PIP_CACHE_DIR' },
    { code: `FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x`, name: 'ENV inherited from a parent stage' },
    { code: `${FROM}RUN pip download fastapi`, name: 'pip download' },
    { code: `${FROM}RUN pip --version`, name: 'pip without subcommand' },
    { code: `${FROM}RUN pipx install poetry`, name: 'pipx' },
    { code: `${FROM}RUN pipenv install --system`, name: 'pipenv' },
    { code: `${FROM}RUN uv pip install --system fastapi`, name: 'uv pip' },
    { code: `${FROM}RUN echo "pip install fastapi"`, name: 'text in an argument' },
    { code: `${FROM}RUN python3 <<EOF\nimport os\nos.system("pip install x")\nEOF`, name: 'heredoc fed to python' },
    // pip disables the cache whatever PIP_NO_CACHE_DIR says (pypa/pip#5884).
    ...['0', 'false', 'off', 'no', 'on', 'yes'].map((value) => ({
      code: `${FROM}ENV PIP_NO_CACHE_DIR=${value}\nRUN pip install fastapi`,
      name: `ENV PIP_NO_CACHE_DIR=${value}`,
    })),
    { code: `${FROM}ARG PIP_NO_CACHE_DIR\nRUN pip install fastapi`, name: 'ARG PIP_NO_CACHE_DIR with its value given at build time' },
    { code: `${FROM}RUN PIP_NO_CACHE_DIR=off python3 -m pip install fastapi`, name: 'prefix assignment off' },
    // A mount on the cache or a parent of it keeps the cache out of the layer.
    { code: `${FROM}RUN --mount=type=cache,target=/root/.cache pip install fastapi`, name: 'cache mount on ~/.cache' },
    { code: `${FROM}RUN --mount=type=cache,target=/root pip install fastapi`, name: 'cache mount on the home directory' },
    { code: `${FROM}RUN --mount=type=tmpfs,target=/root/.cache pip install fastapi`, name: 'tmpfs mount on ~/.cache' },
    { code: `${FROM}RUN --mount=type=bind,target=/root/.cache/pip pip install fastapi`, name: 'bind mount: writes are not committed' },
    { code: `${FROM}ENV XDG_CACHE_HOME=/cache\nRUN --mount=type=cache,target=/cache pip install fastapi`, name: 'XDG_CACHE_HOME' },
    { code: `${FROM}ENV HOME=/app\nRUN --mount=type=cache,target=/app/.cache/pip pip install fastapi`, name: 'HOME set by ENV' },
    {
      code: `${FROM}ARG CACHE=/var/cache/pip\nRUN --mount=type=cache,target=$CACHE pip install --cache-dir=$CACHE fastapi`,
      name: '--cache-dir from an ARG with a mount there',
    },
    { code: `${FROM}RUN --mount=type=cache,target=/tmp/x pip install --cache-dir /tmp/x fastapi`, name: '--cache-dir VALUE with a mount there' },
    {
      code: `${FROM}RUN useradd -m appuser\nUSER appuser\nRUN --mount=type=cache,target=/home/appuser/.cache pip install --user fastapi`,
      name: 'USER appuser with a mount on its ~/.cache',
    },
    {
      code: `${FROM}RUN useradd -m appuser\nUSER appuser\nRUN --mount=type=cache,target=/home/appuser/.cache/pip,uid=1000 pip install --user fastapi`,
      name: 'USER appuser with a mount on its pip cache',
    },
    {
      code: `FROM ghcr.io/acme/python-base:1\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install fastapi`,
      name: 'a base image whose user is unknown, mount on a home',
    },
    // The cache is emptied in the same RUN.
    { code: `${FROM}RUN pip install -r requirements.txt && rm -rf /root/.cache`, name: 'rm -rf /root/.cache' },
    { code: `${FROM}RUN pip install -r requirements.txt && rm -rf ~/.cache/pip`, name: 'rm -rf ~/.cache/pip' },
    { code: `${FROM}RUN pip install fastapi \\\n && pip cache purge`, name: 'pip cache purge' },
    { code: `${FROM}RUN pip install -r requirements.txt && rm -rf ~/.cache/pip/*`, name: 'rm -rf ~/.cache/pip/* empties it' },
    { code: `${FROM}RUN pip install -r requirements.txt && rm -rf /root/.cache/*`, name: 'rm -rf /root/.cache/* empties its parent' },
    { code: `${FROM}RUN pip install -r requirements.txt && rm -rf $HOME/.cache/pip`, name: 'rm -rf $HOME/.cache/pip' },
    { code: `${FROM}RUN pip install -r requirements.txt && rm -rf \${HOME}/.cache`, name: 'rm -rf ${HOME}/.cache' },
    { code: `${FROM}RUN pip install -r requirements.txt && python3 -m pip cache purge`, name: 'python3 -m pip cache purge' },
    { code: `${FROM}RUN pip install -r requirements.txt; rm -r -f /root/.cache`, name: 'rm -r -f after a semicolon' },
    { code: `${FROM}USER app\nRUN pip install --user -r requirements.txt && rm -rf ~/.cache/pip/*`, name: 'USER app, its home unknown: ~ is its home' },
    {
      code: `${FROM}RUN useradd -m app\nUSER app\nRUN pip install --user x && rm -rf /home/app/.cache`,
      name: 'USER app created by useradd: its home is /home/app',
    },
    { code: `${FROM}RUN useradd -m app\nUSER app\nRUN pip install --user x && rm -rf $HOME/.cache/pip/*`, name: '$HOME of a user useradd created' },
    {
      code: `${FROM}RUN useradd --home-dir /srv/app app\nUSER app\nRUN --mount=type=cache,target=/srv/app/.cache/pip pip install --user x`,
      name: 'useradd --home-dir',
    },
    {
      code: `${FROM}ARG NAME=svc\nRUN useradd -u 10001 -m $NAME\nUSER 10001\nRUN pip install --user x && rm -rf ~/.cache`,
      name: 'USER by the UID useradd gave, the name from an ARG',
    },
    { code: 'FROM python:3.12-alpine\nRUN adduser -D -h /app app\nUSER app\nRUN pip install --user x && rm -rf /app/.cache/pip', name: 'BusyBox adduser -h' },
    { code: `${FROM}RUN pip install --no-index --find-links=/wheels fastapi`, name: '--no-index downloads nothing' },
    // Stages the image does not ship.
    {
      name: "the guide's poetry requirements-stage",
      code: 'FROM python:3.12 AS requirements-stage\nWORKDIR /tmp\nRUN pip install poetry\nCOPY ./pyproject.toml ./poetry.lock* /tmp/\nRUN poetry export -f requirements.txt --output requirements.txt --without-hashes\n\nFROM python:3.12\nWORKDIR /code\nCOPY --from=requirements-stage /tmp/requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir --upgrade -r /code/requirements.txt',
    },
    {
      name: 'a builder whose prefix is copied out',
      code: 'FROM python:3.12 AS builder\nRUN pip install --prefix=/install fastapi\nFROM python:3.12-slim\nCOPY --from=builder /install /usr/local',
    },
    {
      name: 'a test stage that is not the target',
      code: 'FROM python:3.12 AS app\nRUN pip install --no-cache-dir fastapi\nFROM app AS test\nRUN pip install pytest\nFROM app',
    },
  ],
  invalid: [
    {
      code: `${FROM}RUN pip install -r requirements.txt`,
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 16,
          messageId: 'missing',
          message:
            "`pip install -r requirements.txt` leaves pip's download cache (`/root/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/root/.cache/pip`.",
        },
      ],
      output: `${FROM}RUN pip install --no-cache-dir -r requirements.txt`,
    },
    {
      code: `${FROM}RUN pip3 install fastapi`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: `${FROM}RUN pip3 install --no-cache-dir fastapi`,
    },
    {
      code: `${FROM}RUN pip3.12 install fastapi`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: `${FROM}RUN pip3.12 install --no-cache-dir fastapi`,
    },
    {
      code: `${FROM}RUN /usr/local/bin/pip install fastapi`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: `${FROM}RUN /usr/local/bin/pip install --no-cache-dir fastapi`,
    },
    {
      code: `${FROM}RUN python -m pip install --upgrade pip`,
      errors: [
        {
          line: 2,
          column: 15,
          messageId: 'missing',
          message:
            "`python -m pip install --upgrade pip` leaves pip's download cache (`/root/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/root/.cache/pip`.",
        },
      ],
      output: `${FROM}RUN python -m pip install --no-cache-dir --upgrade pip`,
    },
    {
      code: `${FROM}RUN python3 -m pip install fastapi`,
      errors: [{ line: 2, column: 16, messageId: 'missing' }],
      output: `${FROM}RUN python3 -m pip install --no-cache-dir fastapi`,
    },
    {
      name: 'two installs in one RUN',
      code: `${FROM}RUN pip install -U pip && pip install -r requirements.txt`,
      errors: [
        { line: 2, column: 5, messageId: 'missing' },
        { line: 2, column: 27, messageId: 'missing' },
      ],
      output: `${FROM}RUN pip install --no-cache-dir -U pip && pip install --no-cache-dir -r requirements.txt`,
    },
    {
      name: 'inside sh -c',
      code: `${FROM}RUN sh -c "pip install fastapi"`,
      errors: [{ line: 2, column: 12, messageId: 'missing' }],
      output: `${FROM}RUN sh -c "pip install --no-cache-dir fastapi"`,
    },
    {
      name: 'exec-form RUN',
      code: `${FROM}RUN ["pip", "install", "fastapi"]`,
      errors: [{ line: 2, column: 6, messageId: 'missing' }],
      output: `${FROM}RUN ["pip", "install", "--no-cache-dir", "fastapi"]`,
    },
    {
      name: 'sh -c inside exec-form RUN',
      code: `${FROM}RUN ["/bin/sh", "-c", "pip install fastapi"]`,
      errors: [{ line: 2, column: 24, messageId: 'missing' }],
      output: `${FROM}RUN ["/bin/sh", "-c", "pip install --no-cache-dir fastapi"]`,
    },
    {
      name: 'inside a heredoc',
      code: `${FROM}RUN <<EOF\nset -e\npip install fastapi\nEOF`,
      errors: [{ line: 4, column: 1, messageId: 'missing' }],
      output: `${FROM}RUN <<EOF\nset -e\npip install --no-cache-dir fastapi\nEOF`,
    },
    {
      name: 'over continuation lines',
      code: `${FROM}RUN apt-get update \\\n && pip install \\\n      fastapi`,
      errors: [{ line: 3, column: 5, messageId: 'missing' }],
      output: `${FROM}RUN apt-get update \\\n && pip install --no-cache-dir \\\n      fastapi`,
    },
    {
      name: 'PIP_NO_CACHE_DIR empty is ignored by pip',
      code: `${FROM}ENV PIP_NO_CACHE_DIR=\nRUN pip install fastapi`,
      errors: [{ line: 3, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=\nRUN pip install --no-cache-dir fastapi',
    },
    {
      name: 'cache mount elsewhere',
      code: `${FROM}RUN --mount=type=cache,target=/root/.cache/uv pip install fastapi`,
      errors: [{ line: 2, column: 47, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv pip install --no-cache-dir fastapi',
    },
    {
      name: "a mount on another user's cache, as root",
      code: `${FROM}RUN --mount=type=cache,target=/home/app/.cache/pip pip install fastapi`,
      errors: [
        {
          line: 2,
          column: 52,
          messageId: 'missing',
          message:
            "`pip install fastapi` leaves pip's download cache (`/root/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/root/.cache/pip`.",
        },
      ],
      output: 'FROM python:3.12\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install --no-cache-dir fastapi',
    },
    {
      name: 'a secret mount is no cache',
      code: `${FROM}RUN --mount=type=secret,id=pip,target=/root/.cache/pip pip install fastapi`,
      errors: [{ line: 2, column: 56, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN --mount=type=secret,id=pip,target=/root/.cache/pip pip install --no-cache-dir fastapi',
    },
    {
      name: 'USER appuser: the cache is in its home, not /root',
      code: `${FROM}RUN useradd -m appuser\nUSER appuser\nRUN --mount=type=cache,target=/root/.cache/pip pip install --user fastapi`,
      errors: [
        {
          line: 4,
          column: 48,
          messageId: 'missing',
          message:
            "`pip install --user fastapi` leaves pip's download cache (`/home/appuser/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/home/appuser/.cache/pip`.",
        },
      ],
      output: `${FROM}RUN useradd -m appuser\nUSER appuser\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir --user fastapi`,
    },
    {
      name: "USER app whose home the Dockerfile does not show: root's cache is not its",
      code: `${FROM}USER app\nRUN --mount=type=cache,target=/root/.cache/pip pip install --user fastapi`,
      errors: [{ line: 3, column: 48, messageId: 'missingUserCache' }],
      output: 'FROM python:3.12\nUSER app\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir --user fastapi',
    },
    {
      name: 'rm -rf /root/.cache as a user created by useradd',
      code: `${FROM}RUN useradd -m app\nUSER app\nRUN pip install --user x && rm -rf /root/.cache`,
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'missing',
          message:
            "`pip install --user x` leaves pip's download cache (`/home/app/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/home/app/.cache/pip`.",
        },
      ],
      output: 'FROM python:3.12\nRUN useradd -m app\nUSER app\nRUN pip install --no-cache-dir --user x && rm -rf /root/.cache',
    },
    {
      name: 'Debian adduser --system: its home is not settled',
      code: `${FROM}RUN adduser --system app\nUSER app\nRUN pip install --user x`,
      errors: [{ line: 4, column: 5, messageId: 'missingUserCache' }],
      output: 'FROM python:3.12\nRUN adduser --system app\nUSER app\nRUN pip install --no-cache-dir --user x',
    },
    {
      name: 'a glob that removes only some of the cache',
      code: `${FROM}RUN pip install x && rm -rf ~/.cache/pip/http*`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN pip install --no-cache-dir x && rm -rf ~/.cache/pip/http*',
    },
    {
      name: 'one entry of the cache',
      code: `${FROM}RUN pip install x && rm -rf /root/.cache/pip/http`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN pip install --no-cache-dir x && rm -rf /root/.cache/pip/http',
    },
    {
      name: 'rm without -r leaves the directory',
      code: `${FROM}RUN pip install x && rm -f /root/.cache/pip/*`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN pip install --no-cache-dir x && rm -f /root/.cache/pip/*',
    },
    {
      name: 'HOME set by ENV: $HOME is that directory',
      code: `${FROM}ENV HOME=/app\nRUN pip install x && rm -rf /root/.cache`,
      errors: [
        {
          line: 3,
          column: 5,
          messageId: 'missing',
          message: "`pip install x` leaves pip's download cache (`/app/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/app/.cache/pip`.",
        },
      ],
      output: 'FROM python:3.12\nENV HOME=/app\nRUN pip install --no-cache-dir x && rm -rf /root/.cache',
    },
    {
      name: 'the cache emptied before the install',
      code: `${FROM}RUN rm -rf ~/.cache/pip/* && pip install x`,
      errors: [{ line: 2, column: 30, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN rm -rf ~/.cache/pip/* && pip install --no-cache-dir x',
    },
    {
      name: 'USER with HOME set: the message names the directory',
      code: `${FROM}ENV HOME=/home/app\nUSER app\nRUN pip install --user -r requirements.txt`,
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'missing',
          message:
            "`pip install --user -r requirements.txt` leaves pip's download cache (`/home/app/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/home/app/.cache/pip`.",
        },
      ],
      output: `${FROM}ENV HOME=/home/app\nUSER app\nRUN pip install --no-cache-dir --user -r requirements.txt`,
    },
    {
      name: 'PIP_CACHE_DIR elsewhere than the mount',
      code: `${FROM}ENV PIP_CACHE_DIR=/var/cache/pip\nRUN --mount=type=cache,target=/root/.cache/pip pip install fastapi`,
      errors: [
        {
          line: 3,
          column: 48,
          messageId: 'missing',
          message:
            "`pip install fastapi` leaves pip's download cache (`/var/cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/var/cache/pip`.",
        },
      ],
      output: 'FROM python:3.12\nENV PIP_CACHE_DIR=/var/cache/pip\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir fastapi',
    },
    {
      name: '--cache-dir elsewhere than the mount',
      code: `${FROM}RUN --mount=type=cache,target=/root/.cache/pip pip install --cache-dir=/tmp/x fastapi`,
      errors: [
        {
          line: 2,
          column: 48,
          messageId: 'missing',
          message:
            "`pip install --cache-dir=/tmp/x fastapi` leaves pip's download cache (`/tmp/x`) in the image: add `--no-cache-dir`, or mount a cache on `/tmp/x`.",
        },
      ],
      output: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir --cache-dir=/tmp/x fastapi',
    },
    {
      name: 'the cache is removed in a later RUN: still in the layer',
      code: `${FROM}RUN pip install fastapi\nRUN rm -rf /root/.cache/pip`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN pip install --no-cache-dir fastapi\nRUN rm -rf /root/.cache/pip',
    },
    {
      name: 'rm of something else',
      code: `${FROM}RUN pip install fastapi && rm -rf /tmp/*`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN pip install --no-cache-dir fastapi && rm -rf /tmp/*',
    },
    {
      name: 'the message quotes python3 -m pip as written',
      code: `${FROM}RUN python3 -m pip install -U pip`,
      errors: [
        {
          line: 2,
          column: 16,
          messageId: 'missing',
          message:
            "`python3 -m pip install -U pip` leaves pip's download cache (`/root/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/root/.cache/pip`.",
        },
      ],
      output: 'FROM python:3.12\nRUN python3 -m pip install --no-cache-dir -U pip',
    },
    {
      name: 'a tool install in the shipped stage leaves a cache too',
      code: `${FROM}RUN pip install poetry==1.8.3`,
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12\nRUN pip install --no-cache-dir poetry==1.8.3',
    },
    {
      name: 'a base stage is shipped',
      code: 'FROM python:3.12 AS base\nRUN pip install fastapi\nFROM base\nCMD ["fastapi", "run"]',
      errors: [{ line: 2, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12 AS base\nRUN pip install --no-cache-dir fastapi\nFROM base\nCMD ["fastapi", "run"]',
    },
    {
      // The invocation model may give `poetry` as the program (before wip/server) or `pip` itself.
      name: 'poetry run pip install',
      code: `${FROM}RUN poetry run pip install httpx`,
      errors: [
        {
          line: 2,
          column: 16,
          endColumn: 27,
          messageId: 'missing',
          message:
            "`poetry run pip install httpx` leaves pip's download cache (`/root/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on `/root/.cache/pip`.",
        },
      ],
      output: `${FROM}RUN poetry run pip install --no-cache-dir httpx`,
    },
    {
      name: 'ENV in another stage does not count',
      code: `FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install x`,
      errors: [{ line: 4, column: 5, messageId: 'missing' }],
      output: 'FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install --no-cache-dir x',
    },
    {
      name: 'FROM misspelt: the rest is still judged',
      code: 'FORM python:3.13\nWORKDIR /code\nRUN pip install fastapi',
      errors: [{ line: 3, column: 5, messageId: 'missingUserCache' }],
      output: 'FORM python:3.13\nWORKDIR /code\nRUN pip install --no-cache-dir fastapi',
    },
    {
      name: 'exec wrapper',
      code: `${FROM}RUN exec pip install fastapi`,
      errors: [{ line: 2, column: 10, messageId: 'missing' }],
      output: `${FROM}RUN exec pip install --no-cache-dir fastapi`,
    },
  ],
});
