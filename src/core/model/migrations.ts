/**
 * Database migration commands: the programs that change a database's schema to the code's
 * version, as their own docs name the command for applying migrations. Each needs the database
 * it migrates, so where it runs matters: not in `docker build`, and only once per deployment.
 * Found through the wrappers of `invocation.ts` (`uv run alembic`, `python -m alembic`,
 * `sh -c "alembic upgrade head && ..."`).
 */
import { basename, type Invocation } from './invocation.js';
import type { ShellWord } from './shell.js';
import type { OffsetRange } from './source.js';

export interface MigrationCommand {
  /** The tool, as messages name it: `alembic`, `manage.py migrate`, `flask db`. */
  tool: string;
  /** The command as written, for messages (`alembic upgrade head`). */
  text: string;
  /** From the program (or `python`) to the last word read. */
  range: OffsetRange;
}

/**
 * How each tool applies migrations: the program (basename), and the words that must follow it,
 * in order, among its non-option arguments. Options of the tool (`alembic -c alembic.ini`,
 * `-x key=value`) may come anywhere.
 */
const TOOLS: { program: RegExp; subcommand: string[]; tool: string }[] = [
  // Alembic (SQLAlchemy, SQLModel): `alembic upgrade head`.
  { program: /^alembic$/, subcommand: ['upgrade'], tool: 'alembic' },
  // Flask-Migrate: `flask db upgrade`.
  { program: /^flask$/, subcommand: ['db', 'upgrade'], tool: 'flask db' },
  // Django: `python manage.py migrate`, `django-admin migrate`.
  { program: /^manage\.py$/, subcommand: ['migrate'], tool: 'manage.py migrate' },
  { program: /^django-admin$/, subcommand: ['migrate'], tool: 'django-admin migrate' },
  // Prisma Client Python and Prisma: `prisma migrate deploy` (and `prisma db push`, which alters the schema too).
  { program: /^prisma$/, subcommand: ['migrate', 'deploy'], tool: 'prisma' },
  { program: /^prisma$/, subcommand: ['db', 'push'], tool: 'prisma' },
  // yoyo-migrations: `yoyo apply`.
  { program: /^yoyo(?:-migrate)?$/, subcommand: ['apply'], tool: 'yoyo' },
  // Aerich (Tortoise ORM): `aerich upgrade`.
  { program: /^aerich$/, subcommand: ['upgrade'], tool: 'aerich' },
  // Piccolo ORM: `piccolo migrations forwards all`.
  { program: /^piccolo$/, subcommand: ['migrations', 'forwards'], tool: 'piccolo' },
  // peewee-migrate: `pw_migrate migrate`.
  { program: /^pw_migrate$/, subcommand: ['migrate'], tool: 'pw_migrate' },
  // Language-neutral tools often paired with FastAPI: dbmate, Atlas, Flyway.
  { program: /^dbmate$/, subcommand: ['up'], tool: 'dbmate' },
  { program: /^dbmate$/, subcommand: ['migrate'], tool: 'dbmate' },
  { program: /^atlas$/, subcommand: ['migrate', 'apply'], tool: 'atlas' },
  { program: /^flyway$/, subcommand: ['migrate'], tool: 'flyway' },
];

/** Options of the tools above that take the next word as their value. */
const VALUE_OPTIONS = new Set([
  '-c',
  '--config',
  '-n',
  '--name',
  '-x',
  '--database',
  '-d',
  '--url',
  '--dir',
  '--env',
  '--schema',
  '--app',
  '-A',
  '--migrations-dir',
  '--settings',
  '--pythonpath',
  '--database-url',
]);
const PYTHON = /^python(?:\d+(?:\.\d+)*)?$/;
/** Package runners that run a tool by name (`npx prisma migrate deploy`). */
const TOOL_RUNNERS = new Set(['npx', 'bunx', 'pnpx']);

/**
 * The migration an invocation applies, if it is one. A migration written out as SQL instead of
 * applied (`alembic upgrade head --sql`, Alembic's and Flask-Migrate's offline mode) needs no
 * database and is not one.
 */
export function migrationCommand(invocation: Invocation): MigrationCommand | undefined {
  let programWord = invocation.programWord;
  let args = invocation.args;
  let program = basename(invocation.program);
  // `python manage.py migrate`, `python3 ./manage.py migrate`.
  if (PYTHON.test(program) && invocation.wrappers[invocation.wrappers.length - 1]?.kind !== 'python-module') {
    const script = args.findIndex((word) => !word.value.startsWith('-'));
    if (script === -1) return undefined;
    programWord = args[script];
    program = basename(programWord.value);
    args = args.slice(script + 1);
  }
  if (TOOL_RUNNERS.has(program) && args[0]) {
    programWord = args[0];
    program = basename(programWord.value);
    args = args.slice(1);
  }
  for (const { program: name, subcommand, tool } of TOOLS) {
    if (!name.test(program)) continue;
    const positionals: ShellWord[] = [];
    for (let index = 0; index < args.length; index++) {
      const value = args[index].value;
      if (VALUE_OPTIONS.has(value)) {
        index++;
        continue;
      }
      if (!value.startsWith('-')) positionals.push(args[index]);
    }
    if (!subcommand.every((word, index) => positionals[index]?.value === word)) continue;
    if (args.some((word) => word.value === '--sql')) return undefined;
    const last = positionals[subcommand.length] ?? positionals[subcommand.length - 1];
    const words = [programWord, ...args.slice(0, args.indexOf(last) + 1)];
    // `python manage.py migrate` is shown and pointed at from `python`; `npx prisma ...` from `prisma`.
    const fromPython = PYTHON.test(basename(invocation.program)) && programWord !== invocation.programWord;
    const start = fromPython ? invocation.programWord : programWord;
    const text = (fromPython ? `${basename(invocation.program)} ` : '') + words.map((word) => word.value).join(' ');
    return { tool, text, range: { start: start.start, end: Math.max(start.end, last.end) } };
  }
  return undefined;
}
