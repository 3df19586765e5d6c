import { defineRule, type RuleContext } from '../src/core/rule.js';
import {
  basename,
  commandCandidates,
  contextContainers,
  type InstructionModel,
  type Invocation,
  migrationCommand,
  type MigrationCommand,
  pythonCommands,
  serverCommand,
} from '../src/core/facts.js';

/** Variables that name the database an app and its migration tool connect to. */
const DATABASE_VARIABLES = /^(?:[A-Z0-9]+_)*(?:DATABASE|DB|SQLALCHEMY_DATABASE)_(?:URL|URI|DSN)$|^DATABASE$/;
/** Database servers a RUN may start to migrate a database it bakes into the image on purpose. */
const DATABASE_SERVERS = new Set(['pg_ctl', 'pg_ctlcluster', 'postgres', 'mysqld', 'mysqld_safe', 'mariadbd', 'mongod', 'initdb']);

/** A database started by the same RUN, before the migration: the image is built with its data on purpose. */
function startsDatabase(invocation: Invocation): boolean {
  const program = basename(invocation.program);
  if (DATABASE_SERVERS.has(program)) return true;
  const words = invocation.args.map((word) => word.value);
  return program === 'service' && /^(?:postgresql|mysql|mariadb|mongodb)/.test(words[0] ?? '') && words[1] === 'start';
}

/** The SQLite file the build's environment points the migration at, as written (`sqlite:///./app.db`). */
function sqliteDatabase(instruction: InstructionModel, invocation: Invocation): string | undefined {
  const values = [...invocation.assignments.map((assignment) => [assignment.name, assignment.value] as const), ...instruction.buildScope];
  for (const [name, value] of values) {
    if (DATABASE_VARIABLES.test(name) && value !== undefined && /^sqlite(?:\+\w+)?:/.test(value)) return value;
  }
  return undefined;
}

/**
 * Why the container may run as several replicas at once, in words for the message; `undefined`
 * when nothing says so: the project's evidence (a Compose `deploy.replicas`, a Kubernetes
 * workload of this image with more than one replica, naming the file), else the deploy target.
 */
function replicationEvidence(context: RuleContext): string | undefined {
  const fromProject = context.project?.replicationEvidence();
  if (fromProject) return fromProject;
  // Manifests that run this image with one replica say more than the deploy target does.
  if (context.project && contextContainers(context.project.context).length > 0) return undefined;
  if (context.options.deployTarget === 'kubernetes') return 'the deploy target is Kubernetes';
  return undefined;
}

export const migrationsRunOnce = defineRule({
  code: 'FDL032',
  name: 'migrations-run-once',
  severity: 'warning',
  summary: 'Migrations run once, against the database the app uses: not in `docker build`, not in every replica',
  fixable: false,
  messages: {
    atBuild: '`{{command}}` runs in `docker build`, without the database the app will use: the build fails or migrates another one. Run it at container start.',
    bakedSqlite: '`{{command}}` migrates `{{database}}` in the image at build time; the database the container gets at run time is never migrated.',
    everyReplica: '`{{command}}` runs at every start, so in a cluster ({{why}}) replicas race on the schema. Run it once, in a Job or an init container.',
  },
  docs: {
    description:
      "Reports a database migration (`alembic upgrade`, `flask db upgrade`, `python manage.py migrate`, `prisma migrate deploy`, `prisma db push`, `yoyo apply`, `aerich upgrade`, `piccolo migrations forwards`, `pw_migrate migrate`, `dbmate up`, `atlas migrate apply`, `flyway migrate`, also through `uv run`, `python -m`, `npx` and `sh -c`) where it cannot migrate the app's database once:\n\n- in a `RUN` instruction, in any stage: the build has no access to the database the container will use. When the build's environment points the tool at a SQLite file (`DATABASE_URL=sqlite:///...`), the finding is `info`: the build succeeds and migrates a file inside the image, which is right only if that file is the database the app keeps using.\n- in the container's start command, next to the server (`alembic upgrade head && exec fastapi run ...`), when the container runs in a cluster, as several replicas: known from the repository, naming the file that says so: a Compose service that builds the Dockerfile with `deploy.replicas` (or `scale`) above one, or a Kubernetes workload of the repository's manifests whose container runs the image with `replicas` above one, a HorizontalPodAutoscaler up to more than one, a kustomization's replica count, or a DaemonSet; else when the deploy target is `kubernetes` (`--deploy-target kubernetes`). Manifests that run the image with one replica outweigh the deploy target.\n\nNot reported: a migration written out as SQL (`alembic upgrade head --sql`), a RUN that starts the database server it migrates (an image built with its data on purpose), a start command that migrates and starts no server (a migration image, run as a Job: what the guide asks for), and migrations at start outside a cluster, which is what the guide recommends for a single container. Migrations started from the app's own code (a lifespan handler) or from an entrypoint script are not read.",
    why: "During `docker build` there is no database: the one the app will use is reached at run time, through the container's network and secrets. A migration in a `RUN` then fails the build, or, worse, succeeds against whatever the build can reach: a SQLite file that ends up inside the image (and is hidden by the volume mounted over it at run time), or a database reachable from the build machine. The database the container is given is never migrated, and the app starts against an old schema.\n\nIn a single container, running the migrations just before the server is what the guide recommends. In a cluster, every replica runs its start command at the same time: several migration runs race on the same schema, and Alembic, Flask-Migrate and Django take no lock of their own, so a deployment fails with duplicate-table errors or half-applied migrations. The guide's advice is to run them once, in a separate container: a Kubernetes Job, or an init container (which runs once per pod, before the app starts; with several replicas, a Job or a tool that takes a lock is safer).",
    bad: '# Deployed to Kubernetes (`--deploy-target kubernetes`), as several replicas.\nFROM python:3.13-slim\nRUN useradd --uid 10001 --no-create-home app\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN alembic upgrade head\nUSER 10001\nCMD ["sh", "-c", "alembic upgrade head && exec fastapi run app/main.py"]',
    good: '# Deployed to Kubernetes (`--deploy-target kubernetes`), as several replicas.\n# The manifests run `alembic upgrade head` once, in a Job or an init container, from this same image.\nFROM python:3.13-slim\nRUN useradd --uid 10001 --no-create-home app\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 10001\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety: 'No fix: where the migration goes (the start command, a Job, an init container) is a deployment decision.',
    guideItems: [9],
    options: '`--deploy-target kubernetes` (config `deploy-target`) turns on the start-command check when the repository says nothing of replicas.',
    references: [
      'https://alembic.sqlalchemy.org/en/latest/tutorial.html#running-our-first-migration',
      'https://kubernetes.io/docs/concepts/workloads/pods/init-containers/',
      'https://kubernetes.io/docs/concepts/workloads/controllers/job/',
    ],
  },
  check(context) {
    const { model, report } = context;
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN' || !instruction.command) continue;
      const invocations = instruction.command.invocations;
      for (let index = 0; index < invocations.length; index++) {
        const migration = migrationCommand(invocations[index]);
        if (!migration) continue;
        if (invocations.slice(0, index).some(startsDatabase)) break;
        const database = sqliteDatabase(instruction, invocations[index]);
        if (database) report({ messageId: 'bakedSqlite', data: { command: migration.text, database }, range: migration.range, severity: 'info' });
        else report({ messageId: 'atBuild', data: { command: migration.text }, range: migration.range });
      }
    }
    const why = replicationEvidence(context);
    if (why)
      for (const migration of startMigrations(context)) report({ messageId: 'everyReplica', data: { command: migration.text, why }, range: migration.range });
  },
});

/** Migrations in the container's start command, when the same command then starts the app. */
function startMigrations({ model }: RuleContext): MigrationCommand[] {
  const stage = model.finalStage;
  if (!stage) return [];
  const startsApp = serverCommand(model) !== undefined || pythonCommands(model).some((command) => command.target.kind !== 'program');
  if (!startsApp) return [];
  for (const candidate of commandCandidates(stage)) {
    const found = candidate.invocations.map(migrationCommand).filter((migration): migration is MigrationCommand => migration !== undefined);
    if (found.length > 0) return found;
  }
  return [];
}
