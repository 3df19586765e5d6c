import { migrationsRunOnce } from '../../rules/migrations-run-once.js';
import { ruleTester } from '../helpers/rule-tester.js';

const BASE = 'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n';
const KUBERNETES = { deployTarget: 'kubernetes' as const };
const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: REPLICAS\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/shop/api:2.1\n';
const TIED = { 'requirements.txt': 'alembic==1.14.0\n', 'compose.yaml': 'services:\n  api:\n    build: .\n    image: registry.example.com/shop/api\n' };
const MIGRATE_THEN_SERVE = `${BASE}CMD ["sh", "-c", "alembic upgrade head && exec fastapi run app/main.py"]`;

ruleTester(migrationsRunOnce, {
  valid: [
    {
      name: 'a Deployment of this image with one replica, even with the kubernetes target',
      code: MIGRATE_THEN_SERVE,
      options: KUBERNETES,
      files: { ...TIED, 'k8s/deployment.yaml': DEPLOYMENT.replace('REPLICAS', '1') },
    },
    {
      name: 'migrations just before the server, in a single container (the guide)',
      code: `${BASE}CMD ["sh", "-c", "alembic upgrade head && exec fastapi run app/main.py"]`,
    },
    {
      name: 'the same on Compose',
      code: `${BASE}CMD ["sh", "-c", "alembic upgrade head && exec fastapi run app/main.py"]`,
      options: { deployTarget: 'compose' },
    },
    { name: 'a migration image for a Kubernetes Job: no server in the command', code: `${BASE}CMD ["alembic", "upgrade", "head"]`, options: KUBERNETES },
    { name: 'a server alone on Kubernetes', code: `${BASE}CMD ["fastapi", "run", "app/main.py"]`, options: KUBERNETES },
    {
      name: 'offline SQL at build time needs no database',
      code: `${BASE}RUN alembic upgrade head --sql > /app/schema.sql\nCMD ["fastapi", "run", "app/main.py"]`,
    },
    { name: 'creating a migration is no migration', code: `${BASE}RUN alembic revision --autogenerate -m init\nCMD ["fastapi", "run", "app/main.py"]` },
    {
      name: 'a RUN that starts the database it migrates bakes the data on purpose',
      code: 'FROM postgres:16\nCOPY migrations /migrations\nRUN pg_ctl -D /var/lib/postgresql/data start && dbmate up && pg_ctl -D /var/lib/postgresql/data stop',
    },
  ],
  invalid: [
    {
      name: 'a Deployment of this image with three replicas',
      code: MIGRATE_THEN_SERVE,
      files: { ...TIED, 'k8s/deployment.yaml': DEPLOYMENT.replace('REPLICAS', '3') },
      errors: [
        {
          line: 6,
          column: 19,
          messageId: 'everyReplica',
          message:
            '`alembic upgrade head` runs at every start, so in a cluster (`replicas: 3` in k8s/deployment.yaml) replicas race on the schema. Run it once, in a Job or an init container.',
        },
      ],
    },
    {
      name: 'Compose deploy.replicas',
      code: MIGRATE_THEN_SERVE,
      files: { 'requirements.txt': 'alembic==1.14.0\n', 'compose.yaml': 'services:\n  api:\n    build: .\n    deploy:\n      replicas: 2\n' },
      errors: [
        {
          line: 6,
          column: 19,
          messageId: 'everyReplica',
          message:
            '`alembic upgrade head` runs at every start, so in a cluster (`replicas: 2` for service `api` in compose.yaml) replicas race on the schema. Run it once, in a Job or an init container.',
        },
      ],
    },
    {
      name: 'alembic upgrade in a RUN',
      code: `${BASE}RUN alembic upgrade head\nCMD ["fastapi", "run", "app/main.py"]`,
      errors: [
        {
          line: 6,
          column: 5,
          endColumn: 25,
          messageId: 'atBuild',
          message:
            '`alembic upgrade head` runs in `docker build`, without the database the app will use: the build fails or migrates another one. Run it at container start.',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'in a builder stage too',
      code: `FROM python:3.13 AS build\nWORKDIR /app\nCOPY . .\nRUN python manage.py migrate\nFROM python:3.13-slim\nCMD ["fastapi", "run"]`,
      errors: [
        {
          line: 4,
          column: 5,
          messageId: 'atBuild',
          message:
            '`python manage.py migrate` runs in `docker build`, without the database the app will use: the build fails or migrates another one. Run it at container start.',
        },
      ],
    },
    {
      name: 'through uv run, after other commands',
      code: `${BASE}RUN uv sync --frozen && uv run alembic upgrade head\nCMD ["fastapi", "run", "app/main.py"]`,
      errors: [{ line: 6, column: 32, messageId: 'atBuild' }],
    },
    {
      name: 'a SQLite file baked into the image: info',
      code: `${BASE}ENV DATABASE_URL=sqlite:///./default.db\nRUN alembic upgrade head\nCMD ["fastapi", "run", "app/main.py"]`,
      errors: [
        {
          line: 7,
          column: 5,
          messageId: 'bakedSqlite',
          message:
            '`alembic upgrade head` migrates `sqlite:///./default.db` in the image at build time; the database the container gets at run time is never migrated.',
          severity: 'info',
        },
      ],
    },
    {
      name: 'a SQLite URL set for the command alone',
      code: `${BASE}RUN SQLALCHEMY_DATABASE_URL=sqlite:////data/app.db alembic upgrade head`,
      errors: [{ line: 6, column: 52, messageId: 'bakedSqlite', severity: 'info' }],
    },
    {
      name: 'migrations before the server in a cluster',
      code: `${BASE}CMD ["sh", "-c", "alembic upgrade head && exec fastapi run app/main.py"]`,
      options: KUBERNETES,
      errors: [
        {
          line: 6,
          column: 19,
          endColumn: 39,
          messageId: 'everyReplica',
          message:
            '`alembic upgrade head` runs at every start, so in a cluster (the deploy target is Kubernetes) replicas race on the schema. Run it once, in a Job or an init container.',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'shell form, before a python entry point',
      code: `${BASE}CMD flask db upgrade && exec python main.py`,
      options: KUBERNETES,
      errors: [{ line: 6, column: 5, messageId: 'everyReplica' }],
    },
    {
      name: 'an ENTRYPOINT that migrates, then runs the CMD server',
      code: `${BASE}ENTRYPOINT ["sh", "-c", "aerich upgrade && exec \\"$@\\"", "--"]\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]`,
      options: KUBERNETES,
      errors: [
        {
          line: 6,
          column: 26,
          messageId: 'everyReplica',
          message:
            '`aerich upgrade` runs at every start, so in a cluster (the deploy target is Kubernetes) replicas race on the schema. Run it once, in a Job or an init container.',
        },
      ],
    },
    {
      name: 'both: at build and at start',
      code: `${BASE}RUN alembic upgrade head\nCMD ["bash", "-c", "alembic upgrade head; exec uvicorn app.main:app --host 0.0.0.0"]`,
      options: KUBERNETES,
      errors: [
        { line: 6, column: 5, messageId: 'atBuild' },
        { line: 7, column: 21, messageId: 'everyReplica' },
      ],
    },
  ],
});
