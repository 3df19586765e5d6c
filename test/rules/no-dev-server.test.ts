import { noDevServer } from '../../rules/no-dev-server.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13\n';
const ENTRY =
  'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY main.py .\nCMD ["python", "main.py"]';
const ENTRY_REQUIREMENTS = { 'requirements.txt': 'fastapi>=0.115,<0.116\nuvicorn>=0.30,<0.31\n' };
const COMPOSE_APP = { 'requirements.txt': 'fastapi[standard]==0.115.0\n', 'app/__init__.py': '', 'app/main.py': '' };
const COMPOSE_DOCKERFILE = 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]';

ruleTester(noDevServer, {
  valid: [
    {
      name: 'uvicorn.run with reload=False',
      code: ENTRY,
      files: { ...ENTRY_REQUIREMENTS, 'main.py': 'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="0.0.0.0", reload=False)\n' },
    },
    {
      name: 'reload only under a condition',
      code: ENTRY,
      files: {
        ...ENTRY_REQUIREMENTS,
        'main.py': 'import os, uvicorn\nif __name__ == "__main__":\n    if os.getenv("DEV"):\n        uvicorn.run("main:app", reload=True)\n',
      },
    },
    {
      name: 'compose.override.yaml is for development',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'compose.yaml': 'services:\n  api:\n    build: .\n',
        'compose.override.yaml': 'services:\n  api:\n    command: uvicorn app.main:app --host 0.0.0.0 --reload\n',
      },
    },
    {
      name: 'a *.dev.yml Compose file',
      code: COMPOSE_DOCKERFILE,
      files: { ...COMPOSE_APP, 'docker-compose.dev.yml': 'services:\n  api:\n    build: .\n    command: fastapi dev app/main.py --host 0.0.0.0\n' },
    },
    {
      name: 'a service that bind-mounts the project over the code, to edit it live',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'docker-compose.yml': 'services:\n  api:\n    build: .\n    volumes:\n      - .:/code\n    command: uvicorn app.main:app --host 0.0.0.0 --reload\n',
      },
    },
    {
      name: 'a bind mount of one project folder, in the long syntax',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'compose.yaml':
          'services:\n  api:\n    build: .\n    volumes:\n      - type: bind\n        source: ./app\n        target: /code/app\n    command: uvicorn app.main:app --host 0.0.0.0 --reload\n',
      },
    },
    {
      name: 'a service under the dev profile',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'compose.yaml':
          'services:\n  api:\n    build: .\n  api-dev:\n    build: .\n    profiles: [dev]\n    command: ["uvicorn", "app.main:app", "--reload"]\n',
      },
    },
    {
      name: 'a container of another image',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'k8s/worker.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: ghcr.io/acme/worker:1.4\n          args: ["uvicorn", "app.main:app", "--reload"]\n',
      },
    },
    {
      name: 'a Helm template is not read',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'compose.yaml': 'services:\n  api:\n    build: .\n',
        'deploy/api.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api\n          args: ["uvicorn", "app.main:app", "--reload"]\n',
      },
    },
    { name: 'uv run without a server', code: `${FROM}CMD ["uv", "run", "python", "main.py"]` },
    { name: 'poetry run with a script', code: `${FROM}CMD ["poetry", "run", "start"]` },
    { name: 'ENTRYPOINT ["fastapi"] + CMD ["sh", "-c", ...] is no server', code: `${FROM}ENTRYPOINT ["fastapi"]\nCMD ["sh", "-c", "fastapi dev"]` },
    { name: 'uv run --script', code: `${FROM}CMD ["uv", "run", "--script", "uvicorn", "main:app", "--reload"]` },
    { code: `${FROM}CMD ["fastapi", "run", "app/main.py"]` },
    { code: `${FROM}CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]` },
    { name: '--no-reload', code: `${FROM}CMD ["fastapi", "run", "--no-reload"]` },
    { name: 'UVICORN_RELOAD false', code: `${FROM}ENV UVICORN_RELOAD=false\nCMD ["uvicorn", "main:app"]` },
    { name: 'fastapi run ignores UVICORN_RELOAD', code: `${FROM}ENV UVICORN_RELOAD=true\nCMD ["fastapi", "run"]` },
    { name: 'dev stage that is not final', code: `FROM python:3.13 AS dev\nCMD ["fastapi", "dev"]\nFROM python:3.13\nCMD ["fastapi", "run"]` },
    { name: '--reload in a RUN is not the server', code: `${FROM}RUN uvicorn --help | grep reload\nCMD ["fastapi", "run"]` },
  ],
  invalid: [
    {
      name: 'poetry run uvicorn --reload',
      code: `${FROM}CMD ["poetry", "run", "uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 2, column: 46, endColumn: 56, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["poetry", "run", "uvicorn", "main:app"]`,
    },
    {
      name: 'uv run --frozen fastapi dev',
      code: `${FROM}CMD ["uv", "run", "--frozen", "fastapi", "dev", "main.py"]`,
      errors: [{ line: 2, column: 31, endColumn: 47, messageId: 'fastapiDev' }],
      unsafeOutput: `${FROM}CMD ["uv", "run", "--frozen", "fastapi", "run", "main.py"]`,
    },
    {
      name: 'pipenv run',
      code: `${FROM}CMD ["pipenv", "run", "uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 2, column: 46, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["pipenv", "run", "uvicorn", "main:app"]`,
    },
    {
      name: 'pdm run',
      code: `${FROM}CMD ["pdm", "run", "uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 2, column: 43, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["pdm", "run", "uvicorn", "main:app"]`,
    },
    {
      name: 'hatch run ENV:command',
      code: `${FROM}CMD ["hatch", "run", "prod:uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 2, column: 50, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["hatch", "run", "prod:uvicorn", "main:app"]`,
    },
    {
      name: 'rye run',
      code: `${FROM}CMD ["rye", "run", "uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 2, column: 43, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["rye", "run", "uvicorn", "main:app"]`,
    },
    {
      name: 'uv run -m uvicorn',
      code: `${FROM}CMD ["uv", "run", "-m", "uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 2, column: 48, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["uv", "run", "-m", "uvicorn", "main:app"]`,
    },
    {
      name: 'su-exec USER',
      code: `${FROM}CMD ["su-exec", "app:app", "uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 2, column: 51, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["su-exec", "app:app", "uvicorn", "main:app"]`,
    },
    {
      name: 'tini in the ENTRYPOINT',
      code: `${FROM}ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["uvicorn", "main:app", "--reload"]`,
      errors: [{ line: 3, column: 29, messageId: 'reload' }],
      unsafeOutput: `${FROM}ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["uvicorn", "main:app"]`,
    },
    {
      name: 'exec in shell form',
      code: `${FROM}CMD exec uvicorn main:app --reload --port $PORT`,
      errors: [{ line: 2, column: 27, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD exec uvicorn main:app --port $PORT`,
    },
    {
      name: 'python main.py whose uvicorn.run turns reload on',
      code: ENTRY,
      files: {
        ...ENTRY_REQUIREMENTS,
        'main.py':
          'import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="0.0.0.0", reload=True)\n',
      },
      errors: [
        {
          messageId: 'entryPointReload',
          file: 'main.py',
          line: 5,
          column: 45,
          endColumn: 56,
          message:
            '`uvicorn.run()`, run by `python main.py`, reloads on file changes (`reload=True`), in one process. Remove it: reloading is for development.',
        },
      ],
    },
    {
      name: "--reload in the production Compose file's command",
      code: COMPOSE_DOCKERFILE,
      files: { ...COMPOSE_APP, 'compose.yaml': 'services:\n  api:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0 --reload\n' },
      errors: [
        {
          line: 4,
          column: 50,
          messageId: 'reload',
          endColumn: 58,
          file: 'compose.yaml',
          message: '`--reload` makes `uvicorn` watch files and restart on changes, in a single process. Remove it: reloading belongs to local development.',
        },
      ],
    },
    {
      name: 'a mounted config file or data folder is no live code: still production',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'compose.yaml':
          'services:\n  api:\n    build: .\n    volumes:\n      - ./.env:/code/.env\n      - ./.data:/data\n      - ./nginx.conf:/etc/nginx.conf\n    command: uvicorn app.main:app --host 0.0.0.0 --reload\n',
      },
      errors: [
        {
          line: 8,
          column: 50,
          messageId: 'reload',
          endColumn: 58,
          file: 'compose.yaml',
          message: '`--reload` makes `uvicorn` watch files and restart on changes, in a single process. Remove it: reloading belongs to local development.',
        },
      ],
      output: null,
    },
    {
      name: 'a Compose list command, in a file laid over the one that builds',
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'compose.yaml': 'services:\n  api:\n    build: .\n',
        'compose.traefik.yaml': 'services:\n  api:\n    command: ["fastapi", "dev", "app/main.py", "--host", "0.0.0.0"]\n',
      },
      errors: [
        {
          line: 3,
          column: 15,
          messageId: 'fastapiDev',
          file: 'compose.traefik.yaml',
          message: '`fastapi dev` is the development server: it restarts whenever a file changes, in one process. In an image use `fastapi run`.',
        },
      ],
    },
    {
      name: "a Kubernetes container's args",
      code: COMPOSE_DOCKERFILE,
      files: {
        ...COMPOSE_APP,
        'compose.yaml': 'services:\n  api:\n    build: .\n    image: ghcr.io/acme/api:1.0\n',
        'k8s/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4\n          args: ["uvicorn", "app.main:app", "--reload"]\n',
      },
      errors: [
        {
          line: 11,
          column: 45,
          messageId: 'reload',
          file: 'k8s/deployment.yaml',
          message: '`--reload` makes `uvicorn` watch files and restart on changes, in a single process. Remove it: reloading belongs to local development.',
        },
      ],
    },
    {
      name: 'fastapi dev --host 0.0.0.0: it reloads, and the message says nothing of 127.0.0.1',
      code: `${FROM}CMD ["fastapi", "dev", "app/main.py", "--host", "0.0.0.0"]`,
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 22,
          messageId: 'fastapiDev',
          message: '`fastapi dev` is the development server: it restarts whenever a file changes, in one process. In an image use `fastapi run`.',
        },
      ],
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "app/main.py", "--host", "0.0.0.0"]`,
    },
    {
      name: 'fastapi dev with its defaults',
      code: `${FROM}CMD ["fastapi", "dev", "app/main.py"]`,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'fastapiDev',
          message:
            '`fastapi dev` is the development server: it restarts whenever a file changes, in one process, and listens on 127.0.0.1 only (its default). In an image use `fastapi run`.',
        },
      ],
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "app/main.py"]`,
    },
    {
      name: 'fastapi dev --host 127.0.0.1',
      code: `${FROM}CMD ["fastapi", "dev", "--host", "127.0.0.1"]`,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'fastapiDev',
          message:
            '`fastapi dev` is the development server: it restarts whenever a file changes, in one process, and listens on 127.0.0.1 only (`--host 127.0.0.1`). In an image use `fastapi run`.',
        },
      ],
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "--host", "127.0.0.1"]`,
    },
    {
      name: 'fastapi dev --host=localhost',
      code: `${FROM}CMD ["fastapi", "dev", "--host=localhost"]`,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'fastapiDev',
          message:
            '`fastapi dev` is the development server: it restarts whenever a file changes, in one process, and listens on 127.0.0.1 only (`--host localhost`). In an image use `fastapi run`.',
        },
      ],
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "--host=localhost"]`,
    },
    {
      name: 'fastapi dev --no-reload: only the host is wrong',
      code: `${FROM}CMD ["fastapi", "dev", "--no-reload", "main.py"]`,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'fastapiDev',
          message:
            '`fastapi dev` is the development server: it listens on 127.0.0.1 only (its default), unreachable from outside the container. In an image use `fastapi run`.',
        },
      ],
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "--no-reload", "main.py"]`,
    },
    {
      name: 'fastapi dev with a host from a variable: nothing said of it',
      code: `${FROM}CMD fastapi dev --host $HOST`,
      errors: [
        {
          line: 2,
          column: 5,
          messageId: 'fastapiDev',
          message: '`fastapi dev` is the development server: it restarts whenever a file changes, in one process. In an image use `fastapi run`.',
        },
      ],
      unsafeOutput: `${FROM}CMD fastapi run --host $HOST`,
    },
    {
      name: 'fastapi dev --no-reload --host 0.0.0.0 serves as fastapi run: an info note',
      code: `${FROM}CMD ["fastapi", "dev", "--no-reload", "--host", "0.0.0.0", "main.py"]`,
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 22,
          messageId: 'fastapiDevLikeRun',
          message:
            '`fastapi dev` with `--no-reload` and `--host 0.0.0.0` serves as `fastapi run` does: write `fastapi run`, which says so and takes `--workers`.',
          severity: 'info',
        },
      ],
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "--no-reload", "--host", "0.0.0.0", "main.py"]`,
    },
    {
      name: 'a single-quoted CMD is linted as the command it means',
      code: `${FROM}CMD ['fastapi', 'dev', 'app/main.py']`,
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 22,
          messageId: 'fastapiDev',
          message:
            '`fastapi dev` is the development server: it restarts whenever a file changes, in one process, and listens on 127.0.0.1 only (its default). In an image use `fastapi run`.',
        },
      ],
      unsafeOutput: `${FROM}CMD ['fastapi', 'run', 'app/main.py']`,
    },
    {
      name: 'fastapi dev in shell form',
      code: `${FROM}CMD fastapi dev`,
      errors: [{ line: 2, column: 5, messageId: 'fastapiDev' }],
      unsafeOutput: `${FROM}CMD fastapi run`,
    },
    {
      name: 'uvicorn --reload',
      code: `${FROM}CMD ["uvicorn", "main:app", "--reload"]`,
      errors: [
        {
          line: 2,
          column: 29,
          endColumn: 39,
          messageId: 'reload',
          message: '`--reload` makes `uvicorn` watch files and restart on changes, in a single process. Remove it: reloading belongs to local development.',
        },
      ],
      unsafeOutput: `${FROM}CMD ["uvicorn", "main:app"]`,
    },
    {
      name: 'fastapi run --reload',
      code: `${FROM}CMD ["fastapi", "run", "--reload"]`,
      errors: [{ line: 2, column: 24, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["fastapi", "run"]`,
    },
    {
      name: 'gunicorn --reload',
      code: `${FROM}CMD ["gunicorn", "--reload", "main:app"]`,
      errors: [{ line: 2, column: 18, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["gunicorn", "main:app"]`,
    },
    {
      name: 'UVICORN_RELOAD truthy',
      code: `${FROM}ENV UVICORN_RELOAD=1\nCMD ["uvicorn", "main:app"]`,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'reload',
          message:
            '`UVICORN_RELOAD` in the environment makes `uvicorn` watch files and restart on changes, in a single process. Remove it: reloading belongs to local development.',
        },
      ],
    },
    {
      name: 'inside sh -c',
      code: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --reload --port $PORT"]`,
      errors: [{ line: 2, column: 41, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD ["sh", "-c", "exec uvicorn main:app --port $PORT"]`,
    },
    {
      name: 'fastapi dev --reload: dev becomes run, then --reload goes (two passes of unsafe fixes)',
      code: `${FROM}CMD ["fastapi", "dev", "--reload", "main.py"]`,
      errors: [{ line: 2, column: 6, messageId: 'fastapiDev' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["fastapi", "run", "main.py"]`,
    },
    {
      name: '--reload on a continued line goes with its continuation',
      code: `${FROM}CMD uvicorn main:app \\\n  --host 0.0.0.0 \\\n  --reload`,
      errors: [{ line: 4, column: 3, messageId: 'reload' }],
      output: null,
      unsafeOutput: `${FROM}CMD uvicorn main:app \\\n  --host 0.0.0.0`,
    },
    {
      name: '--reload first after the program: the separator after it goes',
      code: `${FROM}CMD ["uvicorn", "--reload", "main:app"]`,
      errors: [{ line: 2, column: 17, messageId: 'reload' }],
      output: null,
      unsafeOutput: `${FROM}CMD ["uvicorn", "main:app"]`,
    },
    {
      name: 'a CMD of --reload alone after an ENTRYPOINT: reported, not fixed (nothing would be left of the CMD)',
      code: `${FROM}ENTRYPOINT ["uvicorn", "main:app", "--host", "0.0.0.0"]\nCMD ["--reload"]`,
      errors: [{ line: 3, column: 6, messageId: 'reload' }],
      output: null,
    },
    {
      name: 'UVICORN_RELOAD in the environment: not fixed',
      code: `${FROM}ENV UVICORN_RELOAD=true\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]`,
      errors: [{ line: 3, column: 6, messageId: 'reload' }],
      output: null,
    },
    {
      name: 'fastapi dev --no-reload --host 0.0.0.0: the info note offers the same unsafe fix',
      code: `${FROM}CMD fastapi dev --no-reload --host 0.0.0.0 main.py`,
      errors: [{ line: 2, column: 5, messageId: 'fastapiDevLikeRun', severity: 'info' }],
      output: null,
      unsafeOutput: `${FROM}CMD fastapi run --no-reload --host 0.0.0.0 main.py`,
    },
    {
      name: 'python -m uvicorn',
      code: `${FROM}CMD python -m uvicorn main:app --reload`,
      errors: [{ line: 2, column: 32, messageId: 'reload' }],
      unsafeOutput: `${FROM}CMD python -m uvicorn main:app`,
    },
  ],
});
