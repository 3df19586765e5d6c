/** The examples menu: the guide's own Dockerfile, and the mistakes the linter exists for. */
export interface Example {
  id: string;
  title: string;
  dockerfile: string;
  files?: Record<string, string>;
  /** The project's other files (the "other files" tab): what its COPY instructions copy. */
  paths?: string[];
  behindProxy?: boolean;
}

const REQUIREMENTS = 'fastapi[standard]>=0.115.0,<0.116.0\n';
/** The app the guide-shaped Dockerfiles copy (`COPY ./app /code/app`). */
const APP = ['app/__init__.py', 'app/main.py'];

/** The guide's Dockerfile with another install line or server command. */
function guideShaped({ install = 'RUN pip install --no-cache-dir -r /code/requirements.txt', command }: { install?: string; command: string }): string {
  return ['FROM python:3.13', 'WORKDIR /code', 'COPY ./requirements.txt /code/requirements.txt', install, 'COPY ./app /code/app', command, ''].join('\n');
}

export const EXAMPLES: Example[] = [
  {
    id: 'guide',
    title: "The guide's Dockerfile",
    dockerfile: guideShaped({
      install: 'RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt',
      command: 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    }),
    files: { 'requirements.txt': REQUIREMENTS },
    paths: APP,
  },
  {
    id: 'shell-form',
    title: 'CMD in shell form (no graceful shutdown)',
    dockerfile: guideShaped({ command: 'CMD fastapi run app/main.py --port 80' }),
    files: { 'requirements.txt': REQUIREMENTS },
    paths: APP,
  },
  {
    id: 'code-before-deps',
    title: 'Code copied before the install (slow rebuilds)',
    dockerfile: [
      'FROM python:3.13-slim',
      'WORKDIR /code',
      'COPY . /code',
      'RUN pip install -r requirements.txt',
      'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80"]',
      '',
    ].join('\n'),
    files: { 'requirements.txt': 'fastapi\nuvicorn\n' },
    paths: APP,
  },
  {
    id: 'deprecated-base',
    title: "tiangolo's deprecated base image",
    dockerfile: ['FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11', 'COPY ./app /app', ''].join('\n'),
    paths: APP,
  },
  {
    id: 'dev-server',
    title: 'A development server in the image',
    dockerfile: guideShaped({ command: 'CMD ["uvicorn", "app.main:app", "--reload", "--host", "127.0.0.1"]' }),
    files: { 'requirements.txt': 'fastapi>=0.115.0,<0.116.0\nuvicorn>=0.32.0,<0.33.0\n' },
    paths: APP,
  },
  {
    id: 'behind-proxy',
    // `fastapi run` reads X-Forwarded-* by default, but only from 127.0.0.1: Traefik's are ignored.
    title: 'Behind Traefik, whose X-Forwarded-* headers the server ignores',
    dockerfile: guideShaped({ command: 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]' }),
    files: {
      'requirements.txt': REQUIREMENTS,
      'compose.yaml': ['services:', '  api:', '    build: .', '    labels:', '      - traefik.enable=true', '  traefik:', '    image: traefik:v3.2', ''].join(
        '\n',
      ),
    },
    paths: APP,
  },
];
