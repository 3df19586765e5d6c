import { appPath } from '../../rules/app-path.js';
import { ruleTester } from '../helpers/rule-tester.js';

const APP = { 'requirements.txt': 'fastapi[standard]==0.115.0\n', 'app/__init__.py': '', 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };
const head = 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app\n';

ruleTester(appPath, {
  valid: [
    { code: `${head}CMD ["fastapi", "run", "app/main.py"]`, files: APP },
    { name: 'a package directory', code: `${head}CMD ["fastapi", "run", "app"]`, files: APP },
    { name: 'default discovery finds app/main.py', code: `${head}CMD ["fastapi", "run"]`, files: APP },
    { name: 'uvicorn module', code: `${head}CMD ["uvicorn", "app.main:app"]`, files: APP },
    { name: 'uvicorn --app-dir', code: `${head}CMD ["uvicorn", "main:app", "--app-dir", "app"]`, files: APP },
    { name: 'PYTHONPATH', code: `${head}ENV PYTHONPATH=/code/app\nCMD ["uvicorn", "main:app"]`, files: APP },
    { name: 'gunicorn --chdir', code: `${head}CMD ["gunicorn", "--chdir", "/code/app", "main:app"]`, files: APP },
    {
      name: 'pyproject entrypoint',
      code: `FROM python:3.13\nWORKDIR /code\nCOPY pyproject.toml ./\nCOPY ./app ./app\nCMD ["fastapi", "run"]`,
      files: { 'app/__init__.py': '', 'app/api.py': '', 'pyproject.toml': '[tool.fastapi]\nentrypoint = "app.api:app"\n' },
    },
    {
      name: 'an installed project',
      code: `FROM python:3.13\nWORKDIR /code\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD ["uvicorn", "mypkg.main:app"]`,
      files: { 'pyproject.toml': '[project]\nname="mypkg"\ndependencies=["fastapi[standard]<1"]\n', 'src/mypkg/main.py': '' },
    },
    {
      name: 'COPY --from hides the app',
      code: `FROM python:3.13 AS b\nFROM python:3.13\nCOPY --from=b /src /code\nCOPY app /code/app\nWORKDIR /code\nCMD ["fastapi", "run", "main.py"]`,
      files: APP,
    },
    { name: 'a variable path', code: `${head}CMD ["sh", "-c", "exec fastapi run $APP"]`, files: APP },
    { name: 'sh -c runs the server where `cd` went', code: `${head}CMD ["sh", "-c", "cd app && exec uvicorn main:app --host 0.0.0.0"]`, files: APP },
    {
      name: 'a shell-form CMD that changes directory first',
      code: `${head}CMD cd /code/app && exec gunicorn -k uvicorn.workers.UvicornWorker main:app`,
      files: APP,
    },
    { name: 'fastapi run after a `cd`', code: `${head}CMD ["bash", "-c", "cd /code/app; fastapi run main.py"]`, files: APP },
    { name: 'a `cd` into a variable: unknown', code: `${head}CMD ["sh", "-c", "cd $APP_HOME && uvicorn main:app"]`, files: APP },
    {
      name: 'uvicorn --app-dir names a hyphenated directory',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /code/my-app\nCMD ["uvicorn", "main:app", "--app-dir", "my-app"]',
      files: APP,
    },
    {
      name: 'a Compose working_dir',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY . .\nCMD ["fastapi", "run", "otp_auth/main.py"]',
      files: {
        'otp_auth/main.py': '',
        'compose.yaml': 'services:\n  otp:\n    build: .\n    working_dir: /code/otp_auth\n    command: uvicorn main:app --host 0.0.0.0\n',
      },
    },
    {
      name: 'a Compose command through sh -c and cd',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY . .\nCMD ["fastapi", "run", "otp_auth/main.py"]',
      files: {
        'otp_auth/main.py': '',
        'compose.yaml': 'services:\n  otp:\n    build: .\n    command: sh -c "cd otp_auth && uvicorn main:app --host 0.0.0.0"\n',
      },
    },
    {
      name: 'a hyphenated module file, which importlib takes',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./svc /code\nCMD ["uvicorn", "my-api:app"]',
      files: { 'svc/my-api.py': 'from fastapi import FastAPI\napp = FastAPI()\n' },
    },
    {
      name: 'only the final stage',
      code: `FROM python:3.13 AS t\nCOPY app /code/app\nCMD ["fastapi", "run", "nope.py"]\nFROM python:3.13\nWORKDIR /code\nCOPY app app\nCMD ["fastapi", "run", "app/main.py"]`,
      files: APP,
    },
  ],
  invalid: [
    {
      name: 'fastapi run main.py when it lives in app/',
      code: `${head}CMD ["fastapi", "run", "main.py"]`,
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`fastapi run main.py` looks for /code/main.py, which the image does not contain; it has /code/app/main.py: use `fastapi run app/main.py`.',
        },
      ],
    },
    {
      name: 'default discovery finds nothing',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./src /code/src\nCMD ["fastapi", "run"]',
      files: { 'src/server.py': '' },
      errors: [
        { line: 4, column: 1, messageId: 'missing', message: '`fastapi run` without a path finds none of main.py, app.py, api.py (nor in app/) in /code.' },
      ],
    },
    {
      name: 'uvicorn module missing',
      code: `${head}CMD ["uvicorn", "main:app"]`,
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`uvicorn main:app` imports `main` from /code, which the image does not contain; it has /code/app/main.py: use `app.main:app`.',
        },
      ],
    },
    {
      name: 'hypercorn',
      code: `${head}CMD ["hypercorn", "server:app", "--bind", "0.0.0.0:80"]`,
      files: APP,
      errors: [{ line: 4, column: 1, messageId: 'missing', message: '`hypercorn server:app` imports `server` from /code, which the image does not contain.' }],
    },
    {
      name: 'a WORKDIR change after COPY',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app ./app\nWORKDIR /srv\nCMD ["fastapi", "run", "app/main.py"]',
      files: APP,
      errors: [
        {
          line: 5,
          column: 1,
          messageId: 'missing',
          message:
            '`fastapi run app/main.py` looks for /srv/app/main.py, which the image does not contain; it has /code/app/main.py: use `fastapi run /code/app/main.py`.',
        },
      ],
    },
    {
      name: 'no WORKDIR: the module suggestion has no leading dot',
      code: 'FROM python:3.13\nCOPY ./app /app\nCMD ["uvicorn", "main:app"]',
      files: APP,
      errors: [
        {
          line: 3,
          column: 1,
          messageId: 'missing',
          message: '`uvicorn main:app` imports `main` from /, which the image does not contain; it has /app/main.py: use `app.main:app`.',
        },
      ],
    },
    {
      name: 'WORKDIR /: fastapi run gets a relative path',
      code: 'FROM python:3.13\nWORKDIR /\nCOPY ./app /app\nCMD ["fastapi", "run", "main.py"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`fastapi run main.py` looks for /main.py, which the image does not contain; it has /app/main.py: use `fastapi run app/main.py`.',
        },
      ],
    },
    {
      name: 'a relative WORKDIR',
      code: 'FROM python:3.13\nWORKDIR code\nCOPY ./app ./app\nCMD ["uvicorn", "main:app"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`uvicorn main:app` imports `main` from /code, which the image does not contain; it has /code/app/main.py: use `app.main:app`.',
        },
      ],
    },
    {
      name: 'outside WORKDIR: uvicorn is told --app-dir',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /srv/\nCMD ["uvicorn", "main:app"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`uvicorn main:app` imports `main` from /code, which the image does not contain; it has /srv/main.py: use `main:app --app-dir /srv`.',
        },
      ],
    },
    {
      name: 'outside WORKDIR: gunicorn is told --chdir',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /srv/\nCMD ["gunicorn", "main:app"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`gunicorn main:app` imports `main` from /code, which the image does not contain; it has /srv/main.py: use `--chdir /srv main:app`.',
        },
      ],
    },
    {
      name: 'outside WORKDIR: fastapi run gets the absolute path',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /srv/\nCMD ["fastapi", "run", "main.py"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`fastapi run main.py` looks for /code/main.py, which the image does not contain; it has /srv/main.py: use `fastapi run /srv/main.py`.',
        },
      ],
    },
    {
      name: 'below --app-dir: the module is relative to it',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /code/src/app\nCMD ["uvicorn", "main:app", "--app-dir", "src"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message:
            '`uvicorn main:app` imports `main` from /code/src or /code, which the image does not contain; it has /code/src/app/main.py: use `app.main:app`.',
        },
      ],
    },
    {
      name: 'below PYTHONPATH: the module is relative to it',
      code: 'FROM python:3.13\nWORKDIR /code\nENV PYTHONPATH=/opt/lib\nCOPY ./app /opt/lib/app\nCMD ["uvicorn", "main:app"]',
      files: APP,
      errors: [
        {
          line: 5,
          column: 1,
          messageId: 'missing',
          message:
            '`uvicorn main:app` imports `main` from /code or /opt/lib, which the image does not contain; it has /opt/lib/app/main.py: use `app.main:app`.',
        },
      ],
    },
    {
      name: 'a directory that is no module name: --app-dir',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /code/my-app\nCMD ["uvicorn", "main:app"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message:
            '`uvicorn main:app` imports `main` from /code, which the image does not contain; it has /code/my-app/main.py: use `main:app --app-dir /code/my-app`.',
        },
      ],
    },
    {
      name: 'hypercorn outside the import roots: where, without a suggestion',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./app /code/my-app\nCMD ["hypercorn", "main:app"]',
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`hypercorn main:app` imports `main` from /code, which the image does not contain; it has /code/my-app/main.py.',
        },
      ],
    },
    {
      name: 'pyproject entrypoint missing',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY pyproject.toml ./\nCOPY ./app ./app\nCMD ["fastapi", "run"]',
      files: { ...APP, 'pyproject.toml': '[tool.fastapi]\nentrypoint = "api.main:app"\n' },
      errors: [
        {
          line: 5,
          column: 1,
          messageId: 'missing',
          message:
            'pyproject.toml\'s `entrypoint = "api.main:app"` names `api.main`, which the image does not contain below /code; it has /code/app/main.py: point it at `app.main:app`.',
        },
      ],
    },
    {
      name: 'a main.py elsewhere that defines no app is not offered',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY . .\nCMD ["uvicorn", "app.main:app"]',
      files: {
        'requirements.txt': 'fastapi[standard]==0.115.0\n',
        'report/deep/main.py': 'def run():\n    pass\n',
        'server/app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      },
      errors: [
        { line: 4, column: 1, messageId: 'missing', message: '`uvicorn app.main:app` imports `app.main` from /code, which the image does not contain.' },
      ],
    },
    {
      name: 'the main.py elsewhere that defines the attribute is offered, by import or annotation',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY . .\nCMD ["uvicorn", "main:application"]',
      files: {
        'requirements.txt': 'fastapi[standard]==0.115.0\n',
        'a/main.py': 'app = 1\n',
        'b/main.py': 'from fastapi import FastAPI\napplication: FastAPI = FastAPI()\n',
      },
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message: '`uvicorn main:application` imports `main` from /code, which the image does not contain; it has /code/b/main.py: use `b.main:application`.',
        },
      ],
    },
    {
      name: 'a `cd` to the wrong directory',
      code: `${head}CMD ["sh", "-c", "cd /srv && exec uvicorn main:app"]`,
      files: APP,
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message:
            '`uvicorn main:app` imports `main` from /srv, which the image does not contain; it has /code/app/main.py: use `main:app --app-dir /code/app`.',
        },
      ],
    },
    {
      name: 'a Compose command names a module that is elsewhere',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY . .\nCMD ["fastapi", "run", "otp_auth/main.py"]',
      files: {
        'requirements.txt': 'fastapi==0.115.0\n',
        'otp_auth/__init__.py': '',
        'otp_auth/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'docker-compose.yml': 'services:\n  otp:\n    build: .\n    command: uvicorn main:app --host 0.0.0.0 --port 8000\n',
      },
      errors: [
        {
          line: 4,
          column: 14,
          messageId: 'missing',
          file: 'docker-compose.yml',
          message: '`uvicorn main:app` imports `main` from /code, which the image does not contain; it has /code/otp_auth/main.py: use `otp_auth.main:app`.',
        },
      ],
    },
    {
      name: 'a hyphenated module that is missing',
      code: 'FROM python:3.13\nWORKDIR /code\nCOPY ./svc /code/svc\nCMD ["uvicorn", "my-api:app"]',
      files: { 'svc/my-api.py': 'from fastapi import FastAPI\napp = FastAPI()\n' },
      errors: [
        {
          line: 4,
          column: 1,
          messageId: 'missing',
          message:
            '`uvicorn my-api:app` imports `my-api` from /code, which the image does not contain; it has /code/svc/my-api.py: use `my-api:app --app-dir /code/svc`.',
        },
      ],
    },
  ],
});
