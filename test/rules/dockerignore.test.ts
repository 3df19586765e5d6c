import { dockerignore } from '../../rules/dockerignore.js';
import { ruleTester } from '../helpers/rule-tester.js';

const COPY_ALL = 'FROM python:3.13\nWORKDIR /app\nCOPY . .';

ruleTester(dockerignore, {
  valid: [
    {
      name: 'everything sensitive ignored',
      code: COPY_ALL,
      files: {
        '.dockerignore': '.env\n.git\n.venv\n**/__pycache__\n',
        '.env': 'X=1',
        '.venv/pyvenv.cfg': '',
        'a/__pycache__/x.pyc': '',
        'requirements.txt': '',
      },
    },
    { name: 'only templates', code: COPY_ALL, files: { '.dockerignore': '.git\n', '.env.example': 'X=', 'requirements.txt': '' } },
    { name: 'no COPY of the whole context', code: 'FROM python:3.13\nCOPY main.py /app/', files: { '.env': 'X=1', 'requirements.txt': '' } },
    {
      name: 'nothing marks the folder as the project (a docker/ folder): FDL025 speaks instead',
      code: COPY_ALL,
      files: { 'entrypoint.sh': '', '.env': 'X=1' },
    },
    {
      name: 'the app module the server names marks the project',
      code: `${COPY_ALL}\nCMD ["uvicorn", "main:app"]`,
      files: { '.dockerignore': '.env\n', '.env': 'X=1', 'main.py': '' },
    },
    {
      name: 'a .git in a project that commits no Git file: an export of it has none to ship',
      code: COPY_ALL,
      files: { '.dockerignore': '.env\n', 'requirements.txt': '', '.git/HEAD': 'ref: refs/heads/main\n' },
    },
    {
      name: 'a Git project whose .dockerignore excludes .git',
      code: COPY_ALL,
      files: { '.dockerignore': '.git\n', '.gitignore': '.venv\n', 'requirements.txt': '' },
    },
    {
      name: 'COPY . in a builder whose only export is a wheel, moved out of the copied folder',
      code: 'FROM python:3.13-slim AS build\nWORKDIR /src\nCOPY . .\nRUN pip wheel --no-cache-dir --no-deps -w dist . && mv dist /dist\n\nFROM python:3.13-slim\nCOPY --from=build /dist/*.whl /tmp/\nRUN pip install --no-cache-dir /tmp/*.whl\nCMD ["uvicorn", "pkg.main:app"]',
      files: { '.dockerignore': '.git\n', 'conf/.env': 'DB_PASSWORD=local', 'pyproject.toml': '' },
    },
    {
      name: 'COPY . in a builder, its wheels copied out by a wildcard in the copied folder',
      code: 'FROM python:3.13 AS build\nWORKDIR /src\nCOPY . .\nRUN pip wheel -w . .\nFROM python:3.13-slim\nCOPY --from=build /src/*.whl /tmp/',
      files: { '.env': 'SECRET=1', 'pyproject.toml': '' },
    },
    {
      name: 'COPY . in a build stage whose output alone is copied out',
      code: 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html',
      files: { '.env': 'VITE_API_URL=http://localhost:8000', 'package.json': '{}' },
    },
    {
      name: 'a venv-named folder that is not a virtualenv',
      code: COPY_ALL,
      files: { '.dockerignore': '.env\n', 'venv/readme.txt': '', 'requirements.txt': '' },
    },
  ],
  invalid: [
    { name: 'no .dockerignore', code: COPY_ALL, files: { 'requirements.txt': '' }, errors: [{ line: 3, column: 6, endColumn: 7, messageId: 'missing' }] },
    {
      name: 'no .dockerignore, in a folder marked by the app module',
      code: `${COPY_ALL}\nCMD ["fastapi", "run", "app/main.py"]`,
      files: { 'app/main.py': '' },
      errors: [{ line: 3, column: 6, endColumn: 7, messageId: 'missing' }],
    },
    {
      name: 'no .dockerignore, naming .env',
      code: COPY_ALL,
      files: { 'requirements.txt': '', '.env': 'SECRET=1' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'missing',
          message:
            '`COPY .` copies the whole build context and there is no .dockerignore, so `.env` goes into the image: add one listing `.env`, `.git`, `.venv` and `__pycache__`.',
        },
      ],
    },
    {
      name: '.env.production let through',
      code: COPY_ALL,
      files: { '.dockerignore': '.git\n', '.env.production': 'SECRET=1', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'leaking',
          message: '`COPY .` copies the whole build context, and `.dockerignore` lets through `.env.production`: add it there.',
        },
      ],
    },
    {
      name: 'a virtual environment',
      code: COPY_ALL,
      files: { '.dockerignore': '.env\n', '.venv/pyvenv.cfg': 'home = /usr/bin', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'leaking',
          message: '`COPY .` copies the whole build context, and `.dockerignore` lets through `.venv`: add it there.',
        },
      ],
    },
    {
      name: '__pycache__ deep down',
      code: COPY_ALL,
      files: { '.dockerignore': '.env\n', 'pkg/sub/__pycache__/m.pyc': '', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'leaking',
          message: '`COPY .` copies the whole build context, and `.dockerignore` lets through `pkg/sub/__pycache__`: add it there.',
        },
      ],
    },
    {
      name: 'a Git project (it commits a .gitignore): a checkout ships .git, with or without the .git folder here',
      code: COPY_ALL,
      files: { '.dockerignore': '.env\n', '.gitignore': '.venv\n', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'leaking',
          message: '`COPY .` copies the whole build context, and `.dockerignore` lets through `.git`: add it there.',
        },
      ],
    },
    {
      name: 'no .dockerignore in a Git project, in the order a walk finds them',
      code: COPY_ALL,
      files: { '.github/workflows/ci.yml': '', '.env': 'S=1', '.venv/pyvenv.cfg': '', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'missing',
          message:
            '`COPY .` copies the whole build context and there is no .dockerignore, so `.env`, `.git` and 1 more go into the image: add one listing `.env`, `.git`, `.venv` and `__pycache__`.',
        },
      ],
    },
    {
      name: 'COPY . in a builder whose folder the image copies whole',
      code: 'FROM python:3.13 AS build\nWORKDIR /src\nCOPY . .\nRUN pip wheel -w /wheels -r requirements.txt\nFROM python:3.13-slim\nCOPY --from=build /src /app',
      files: { '.env': 'SECRET=1', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'missing',
          message:
            '`COPY .` copies the whole build context and there is no .dockerignore, so `.env` goes into the image: add one listing `.env`, `.git`, `.venv` and `__pycache__`.',
        },
      ],
    },
    {
      name: 'COPY . in a builder, copied out through another stage',
      code: 'FROM python:3.13 AS build\nCOPY . /src\nFROM python:3.13 AS assemble\nCOPY --from=build / /stage\nFROM python:3.13-slim\nCOPY --from=assemble /stage/src /app',
      files: { '.env': 'SECRET=1', 'requirements.txt': '' },
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'missing',
          message:
            '`COPY .` copies the whole build context and there is no .dockerignore, so `.env` goes into the image: add one listing `.env`, `.git`, `.venv` and `__pycache__`.',
        },
      ],
    },
    {
      name: 'ADD ./',
      code: 'FROM python:3.13\nADD ./ /app',
      files: { '.dockerignore': '.venv\n', '.env': 'S=1', 'pyproject.toml': '' },
      errors: [
        { line: 2, column: 5, messageId: 'leaking', message: '`ADD .` copies the whole build context, and `.dockerignore` lets through `.env`: add it there.' },
      ],
    },
    {
      name: 'no .dockerignore in a Python stage: the advice names .venv and __pycache__',
      code: COPY_ALL,
      files: { 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'missing',
          message: '`COPY .` copies the whole build context and there is no .dockerignore: add one listing `.env`, `.git`, `.venv` and `__pycache__`.',
        },
      ],
    },
    {
      name: 'no .dockerignore in a Node stage: the advice names node_modules',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nCMD ["node", "index.js"]',
      files: { 'package.json': '{}', 'index.js': '' },
      errors: [
        {
          line: 5,
          column: 6,
          messageId: 'missing',
          message: '`COPY .` copies the whole build context and there is no .dockerignore: add one listing `.env`, `.git` and `node_modules`.',
        },
      ],
    },
    {
      name: 'no .dockerignore in a stage of unknown kind: the advice is general',
      code: 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nCOPY . /usr/share/nginx/html',
      files: { 'index.html': '', 'nginx.conf': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'missing',
          message:
            '`COPY .` copies the whole build context and there is no .dockerignore: add one listing `.env`, `.git` and the folders your local builds and installs make.',
        },
      ],
    },
    {
      name: 'COPY . in a builder, the copied folder taken out by a wildcard',
      code: 'FROM python:3.13 AS build\nWORKDIR /src\nCOPY . .\nFROM python:3.13-slim\nCOPY --from=build /src/* /app/',
      files: { '.env': 'SECRET=1', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'missing',
          message:
            '`COPY .` copies the whole build context and there is no .dockerignore, so `.env` goes into the image: add one listing `.env`, `.git`, `.venv` and `__pycache__`.',
        },
      ],
    },
    {
      name: 'COPY . in a builder, a wildcard that matches .env files',
      code: 'FROM python:3.13 AS build\nWORKDIR /src\nCOPY . .\nFROM python:3.13-slim\nCOPY --from=build /src/*.env* /app/',
      files: { '.env': 'SECRET=1', 'requirements.txt': '' },
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'missing',
          message:
            '`COPY .` copies the whole build context and there is no .dockerignore, so `.env` goes into the image: add one listing `.env`, `.git`, `.venv` and `__pycache__`.',
        },
      ],
    },
  ],
});
