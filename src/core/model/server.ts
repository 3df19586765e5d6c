/**
 * The command that starts the ASGI server in the image: the final stage's effective ENTRYPOINT
 * and CMD, looked through `sh -c`, `exec`, the wrappers of `invocation.ts` (`tini`, `uv run`,
 * `opentelemetry-instrument`, ...) and entrypoint scripts, and its options.
 */
import { argvInvocations, basename, isShellProgram, type Invocation } from './invocation.js';
import type { ShellScript, ShellWord, SimpleCommand } from './shell.js';
import type { OffsetRange, SourceText } from './source.js';
import { imageStages } from './stages.js';
import type { DockerfileModel, InstructionModel, Stage } from './types.js';
import type { VariableScope } from './variables.js';

export type ServerKind = 'fastapi' | 'uvicorn' | 'gunicorn' | 'hypercorn';

export interface ServerOption {
  /** The option as written (`--host`, `-b`). */
  name: string;
  /** Its value, `undefined` for a flag without one. */
  value: string | undefined;
  /** The word holding the option name. */
  word: ShellWord;
  /** The word holding the value (the same word for `--opt=value`). */
  valueWord: ShellWord | undefined;
}

export interface ServerCommand {
  kind: ServerKind;
  /** `run` or `dev` for the fastapi CLI. */
  subcommand: string | undefined;
  invocation: Invocation;
  /** The CMD or ENTRYPOINT instruction that names the server program. */
  instruction: InstructionModel;
  /** Options in the order written. */
  options: ServerOption[];
  /** Positional arguments: the app path or `module:app`. */
  positionals: ShellWord[];
  /** The container's environment: ENV at the end of the final stage, plus `VAR=1 cmd` prefixes. */
  env: VariableScope;
  /** The directory the server starts in: the final stage's last WORKDIR, or where a `cd` before it went. */
  workdir: string | undefined;
  /**
   * Where the command is written when it is not the Dockerfile's own: a Compose service's
   * `command:`/`entrypoint:` or a Kubernetes container's `command:`/`args:` that replace CMD and
   * ENTRYPOINT. Its words' offsets are in that file; `instruction` is then the one it replaces.
   */
  override?: CommandOverride;
}

/** A command written outside the Dockerfile (see `ServerCommand.override`). */
export interface CommandOverride {
  kind: 'compose' | 'kubernetes';
  /** The file the command's words are in (a ContextFile). */
  file: { path: string; absolutePath: string; source: SourceText };
  /** The command as a whole in that file, for a finding about all of it. */
  range: OffsetRange;
  /** Where it is, in words for a message: "service `api` in compose.prod.yaml". */
  where: string;
  /** Written for development (a Compose override or dev file, a `dev` profile): a reloading server is expected there. */
  development: boolean;
}

/** A command that replaces the image's, before its servers are read (see `context/runtime.ts`). */
export interface RuntimeOverride {
  override: CommandOverride;
  /** The new ENTRYPOINT's words, `undefined` when the image's is kept. */
  entrypoint: ShellWord[] | undefined;
  /** The new CMD's words, `undefined` when the image's is kept (or dropped, with a new ENTRYPOINT). */
  command: ShellWord[] | undefined;
  /** Variables set for the container (a value `undefined` when unknown). */
  env: [string, string | undefined][];
  workdir: string | undefined;
}

/** Where a finding about the server command as a whole goes: its instruction, or the override's command and file. */
export function commandPlace(server: ServerCommand): { range: OffsetRange; file?: CommandOverride['file'] } {
  return server.override ? { range: server.override.range, file: server.override.file } : { range: server.instruction.range };
}

/** Options that take no value, per server; every other option takes one. */
const FLAGS: Record<ServerKind, Set<string>> = {
  fastapi: new Set(['--reload', '--no-reload', '--proxy-headers', '--no-proxy-headers', '--help', '--version', '-v']),
  uvicorn: new Set([
    '--reload',
    '--proxy-headers',
    '--no-proxy-headers',
    '--access-log',
    '--no-access-log',
    '--use-colors',
    '--no-use-colors',
    '--server-header',
    '--no-server-header',
    '--date-header',
    '--no-date-header',
    '--factory',
    '--help',
    '--version',
  ]),
  gunicorn: new Set([
    '--reload',
    '--preload',
    '--daemon',
    '-D',
    '--check-config',
    '--print-config',
    '--capture-output',
    '--enable-stdio-inheritance',
    '--reuse-port',
    '--help',
    '-h',
    '-v',
    '--version',
    '-R',
    '--spew',
  ]),
  hypercorn: new Set(['--reload', '--debug', '--help', '--access-log', '--quic-bind', '--version']),
};

const SERVER_PROGRAMS = new Set<string>(['fastapi', 'uvicorn', 'gunicorn', 'hypercorn']);
const PYTHON = /^python(?:\d+(?:\.\d+)*)?$/;

/** The server the image starts, or `undefined` when its command starts none we know. */
export function serverCommand(model: DockerfileModel): ServerCommand | undefined {
  return findServers(model, 1)[0];
}

/**
 * Every server the container's command may start, in order: usually one, but a shell `if`
 * can choose between two (`if [ "$RELOAD" ]; then uvicorn ... --reload; else gunicorn ...; fi`).
 * `serverCommand` is the first of them.
 */
export function serverCommands(model: DockerfileModel): ServerCommand[] {
  return findServers(model, Infinity);
}

/**
 * The argv of an exec-form instruction, or of the command a JSON-like one was meant to be
 * (`CMD ['uvicorn', 'main:app']`, which FDL001 reports): the server is judged as intended.
 */
function execArgv(instruction: InstructionModel | undefined): ShellWord[] | undefined {
  const command = instruction?.command;
  return command?.form === 'exec' ? command.execWords : command?.intended?.words;
}

function invocationsOf(instruction: InstructionModel): Invocation[] {
  const command = instruction.command;
  if (!command) return [];
  return command.form === 'json-like-invalid' && command.intended ? command.intended.invocations : command.invocations;
}

/**
 * The programs the container's command may run, in the order they are tried: ENTRYPOINT and
 * CMD together as one argv (both in exec form, or meant as exec form), the ENTRYPOINT alone, and
 * the CMD when the ENTRYPOINT hands over to it. Each with the instructions its words come from.
 */
export interface CommandCandidate {
  invocations: Invocation[];
  instructions: InstructionModel[];
}

export function commandCandidates(stage: Stage): CommandCandidate[] {
  const { entrypoint, cmd } = effectiveCommands(stage);
  const candidates: CommandCandidate[] = [];
  const entrypointArgv = execArgv(entrypoint);
  const cmdArgv = execArgv(cmd);
  if (entrypoint && cmd && entrypointArgv && cmdArgv) {
    // ENTRYPOINT ["tini", "--"] + CMD ["uvicorn", ...] run as one argv.
    const command: SimpleCommand = { assignments: [], argv: [...entrypointArgv, ...cmdArgv], redirects: [], heredocs: [], isLast: true };
    candidates.push({ invocations: argvInvocations(command), instructions: [entrypoint, cmd] });
  }
  if (entrypoint?.command) candidates.push({ invocations: invocationsOf(entrypoint), instructions: [entrypoint] });
  // An entrypoint script usually ends in `exec "$@"`, which runs the CMD, and a wrapper with
  // nothing after it (`tini --`) runs the CMD too, even a shell-form one; a known program does
  // not: a bare shell (`ENTRYPOINT ["bash"]`) or python would take the CMD's first word as a
  // script to read, and a server (`ENTRYPOINT ["fastapi"]`) as its own arguments.
  const entrypointIsProgram =
    (entrypoint ? invocationsOf(entrypoint) : undefined)?.some((invocation) => {
      const name = basename(invocation.program);
      return isShellProgram(name) || SERVER_PROGRAMS.has(name) || PYTHON.test(name);
    }) ?? false;
  if (cmd?.command && (!entrypoint || (entrypointArgv !== undefined && !entrypointIsProgram))) {
    candidates.push({ invocations: invocationsOf(cmd), instructions: [cmd] });
  }
  return candidates;
}

/** The instruction of a candidate that holds an invocation's program word. */
export function instructionOf(candidate: CommandCandidate, invocation: Invocation): InstructionModel {
  return (
    candidate.instructions.find((found) => invocation.programWord.start >= found.range.start && invocation.programWord.start < found.range.end) ??
    candidate.instructions[0]
  );
}

function findServers(model: DockerfileModel, limit: number): ServerCommand[] {
  const stage = model.finalStage;
  if (!stage) return [];
  const finalEnv = stage.end.runtimeEnv;
  for (const candidate of commandCandidates(stage)) {
    const invocations = candidate.invocations.filter(startsServer).slice(0, limit);
    if (invocations.length === 0) continue;
    return invocations.map((invocation) => {
      const instruction = instructionOf(candidate, invocation);
      return readServer(invocation, instruction, finalEnv, commandDirectory(invocation, instruction.command?.script, stage.end.workdir));
    });
  }
  return [];
}

/**
 * The servers a container starts when its ENTRYPOINT and CMD are replaced from outside (Compose,
 * Kubernetes): `entrypoint` and `command` are the override's words, `undefined` where it keeps
 * the image's. Docker's rules: a new ENTRYPOINT drops the image's CMD; a new CMD keeps the
 * image's ENTRYPOINT, which runs it as its arguments (a shell-form ENTRYPOINT ignores it). Only
 * servers named by the override's own words are given: a server the image names (`ENTRYPOINT
 * ["uvicorn"]` with only arguments from Compose) is judged in the Dockerfile.
 */
export function overriddenServers(
  stage: Stage,
  replaced: { entrypoint: ShellWord[] | undefined; command: ShellWord[] | undefined },
  env: VariableScope,
  workdir: string | undefined,
  override: CommandOverride,
): ServerCommand[] {
  const image = effectiveCommands(stage);
  let entry: ShellWord[];
  let command: ShellWord[];
  if (replaced.entrypoint !== undefined) {
    entry = replaced.entrypoint;
    command = replaced.command ?? [];
  } else {
    if (image.entrypoint && execArgv(image.entrypoint) === undefined) return [];
    entry = execArgv(image.entrypoint) ?? [];
    command = replaced.command ?? [];
  }
  const own = new Set([...(replaced.entrypoint ?? []), ...(replaced.command ?? [])]);
  const argv = (words: ShellWord[]): SimpleCommand => ({ assignments: [], argv: words, redirects: [], heredocs: [], isLast: true });
  const candidates: Invocation[][] = [];
  if (entry.length > 0 && command.length > 0) candidates.push(argvInvocations(argv([...entry, ...command])));
  if (entry.length > 0) candidates.push(argvInvocations(argv(entry)));
  const entryIsProgram = argvInvocations(argv(entry)).some((invocation) => {
    const name = basename(invocation.program);
    return isShellProgram(name) || SERVER_PROGRAMS.has(name) || PYTHON.test(name);
  });
  if (command.length > 0 && (entry.length === 0 || !entryIsProgram)) candidates.push(argvInvocations(argv(command)));
  const instruction = image.cmd ?? image.entrypoint ?? stage.from;
  for (const invocations of candidates) {
    const servers = invocations.filter(startsServer);
    if (servers.length === 0) continue;
    return servers
      .filter((invocation) => own.has(invocation.wrappers[0]?.word ?? invocation.programWord))
      .map((invocation) => ({ ...readServer(invocation, instruction, env, commandDirectory(invocation, undefined, workdir)), override }));
  }
  return [];
}

/**
 * The directory a command starts in: WORKDIR, changed by the `cd DIR` run before it in its
 * script (`sh -c "cd src && uvicorn api:app"`, a shell-form CMD `cd /srv && exec gunicorn ...`),
 * in every script that leads to it, outermost first. `undefined` when a `cd` goes somewhere we
 * cannot know (`cd $APP_HOME`, `cd -`, a relative `cd` with no WORKDIR).
 */
export function commandDirectory(invocation: Invocation, outerScript: ShellScript | undefined, workdir: string | undefined): string | undefined {
  const shells = invocation.wrappers.filter((wrapper) => wrapper.kind === 'shell' && wrapper.script !== undefined);
  // Each script with the word that leads on from it: the next script's shell, or, in the last one, the program.
  const steps: { script: ShellScript; leadsOn: ShellWord }[] = [];
  const scripts = [...(outerScript ? [outerScript] : []), ...shells.map((wrapper) => wrapper.script as ShellScript)];
  const leads = [...shells.map((wrapper) => wrapper.word).slice(outerScript ? 0 : 1), invocation.programWord];
  scripts.forEach((script, index) => {
    steps.push({ script, leadsOn: leads[index] });
  });
  let directory = workdir;
  for (const { script, leadsOn } of steps) {
    const at = script.commands.findIndex((command) => command.argv.some((word) => word.start <= leadsOn.start && leadsOn.end <= word.end));
    for (const command of script.commands.slice(0, Math.max(at, 0))) {
      if (command.argv[0]?.value !== 'cd') continue;
      const target = command.argv.slice(1).find((word) => !word.value.startsWith('-'));
      if (!target || target.expands || target.value === '-' || target.value.startsWith('~')) directory = undefined;
      else if (target.value.startsWith('/')) directory = posixResolve('/', target.value);
      else if (directory !== undefined) directory = posixResolve(directory, target.value);
    }
  }
  return directory;
}

/** `path.posix.resolve` without Node: the image's paths are POSIX. */
function posixResolve(from: string, to: string): string {
  const parts: string[] = [];
  for (const segment of `${to.startsWith('/') ? '' : from}/${to}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

/**
 * Whether an invocation of a server program really starts the server, rather than failing on
 * words meant for something else (`ENTRYPOINT ["fastapi"]` + `CMD ["sh", "-c", ...]` runs
 * `fastapi sh -c ...`, which is no server): `fastapi` needs its `run` or `dev` subcommand;
 * `uvicorn` an app (`module:attribute`); `hypercorn` and `gunicorn` an app module, and gunicorn
 * may instead be given only options (a config file or `GUNICORN_CMD_ARGS` can name the app).
 */
export function startsServer(invocation: Invocation): boolean {
  const program = basename(invocation.program);
  if (!SERVER_PROGRAMS.has(program)) return false;
  const args = invocation.args;
  if (program === 'fastapi') return args[0] !== undefined && FASTAPI_SUBCOMMANDS.has(args[0].value);
  const app = args.find((word, index) => !word.value.startsWith('-') && !(index > 0 && takesValue(program as ServerKind, args[index - 1].value)));
  if (app === undefined) return program === 'gunicorn' && args.length > 0 && args[0].value.startsWith('-');
  if (app.expands) return true;
  if (program === 'uvicorn') return APP.test(app.value) && app.value.includes(':');
  return APP.test(app.value) && !isShellProgram(app.value);
}

/**
 * `module.path:attribute` (an attribute may be a factory call for gunicorn: `main:create_app()`).
 * Before a colon the module may have hyphens (`wsgi-service:app`): the servers import it with
 * importlib, which takes any file name; without a colon the word must read as a module name.
 */
const APP = /^(?:[A-Za-z_][\w.]*|[A-Za-z_][\w.-]*(?=:))(?::[A-Za-z_][\w.]*(?:\(.*\))?)?$/;
const FASTAPI_SUBCOMMANDS = new Set(['run', 'dev']);

function takesValue(kind: ServerKind, option: string): boolean {
  return option.startsWith('-') && !option.includes('=') && !FLAGS[kind].has(option) && (option.startsWith('--') || option.length === 2);
}

/**
 * The CMD and ENTRYPOINT instructions that some container runs: those in effect in a stage built
 * as an image (see `imageStages`; `targets` are Compose's `build.target`s). A CMD that a later
 * stage replaces, or one of a stage only built on or copied from, runs nowhere.
 */
export function commandsRun(model: DockerfileModel, targets: readonly string[] = []): Set<InstructionModel> {
  const run = new Set<InstructionModel>();
  for (const stage of imageStages(model, targets)) {
    const { entrypoint, cmd } = effectiveCommands(stage);
    if (entrypoint) run.add(entrypoint);
    if (cmd) run.add(cmd);
  }
  return run;
}

/** The ENTRYPOINT and CMD in effect in a stage, inherited from the stages it builds on. */
export function effectiveCommands(stage: Stage): { entrypoint: InstructionModel | undefined; cmd: InstructionModel | undefined } {
  let entrypoint: InstructionModel | undefined;
  let cmd: InstructionModel | undefined;
  let cmdResetByEntrypoint = false;
  for (let current: Stage | undefined = stage; current; current = current.baseStage) {
    // Setting ENTRYPOINT clears the CMD the stage inherited, not one the stage itself set before
    // it (BuildKit resets Cmd only when no CMD was dispatched in the stage yet).
    let resetsInherited = false;
    for (let index = current.instructions.length - 1; index >= 0; index--) {
      const instruction = current.instructions[index];
      if (instruction.keyword === 'ENTRYPOINT' && !entrypoint) {
        entrypoint = instruction;
        if (!cmd) resetsInherited = true;
      } else if (instruction.keyword === 'CMD' && !cmd && !cmdResetByEntrypoint) {
        cmd = instruction;
      }
    }
    if (resetsInherited && !cmd) cmdResetByEntrypoint = true;
  }
  return { entrypoint, cmd };
}

function readServer(invocation: Invocation, instruction: InstructionModel, finalEnv: VariableScope, workdir: string | undefined): ServerCommand {
  const kind = basename(invocation.program) as ServerKind;
  let args = invocation.args;
  let subcommand: string | undefined;
  if (kind === 'fastapi' && args[0] && FASTAPI_SUBCOMMANDS.has(args[0].value)) {
    subcommand = args[0].value;
    args = args.slice(1);
  }
  const options: ServerOption[] = [];
  const positionals: ShellWord[] = [];
  const flags = FLAGS[kind];
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    const value = word.value;
    if (value === '--') {
      for (const rest of args.slice(index + 1)) positionals.push(rest);
      break;
    }
    if (!value.startsWith('-') || value === '-') {
      positionals.push(word);
      continue;
    }
    const eq = value.indexOf('=');
    if (value.startsWith('--') && eq !== -1) {
      options.push({ name: value.slice(0, eq), value: value.slice(eq + 1), word, valueWord: word });
    } else if (flags.has(value)) {
      options.push({ name: value, value: undefined, word, valueWord: undefined });
    } else if (!value.startsWith('--') && value.length > 2) {
      // A short option with its value attached: `-b0.0.0.0:80`, `-w4`.
      options.push({ name: value.slice(0, 2), value: value.slice(2), word, valueWord: word });
    } else {
      const valueWord = args[index + 1];
      options.push({ name: value, value: valueWord?.value, word, valueWord });
      index++;
    }
  }
  const env = new Map(finalEnv);
  for (const assignment of invocation.assignments) env.set(assignment.name, assignment.value);
  return { kind, subcommand, invocation, instruction, options, positionals, env, workdir };
}

/** The last value given for any of the option's names (servers take the last one). */
export function serverOption(server: ServerCommand, ...names: string[]): ServerOption | undefined {
  const found = server.options.filter((option) => names.includes(option.name));
  return found[found.length - 1];
}

/** Values given for an option that may repeat (`--bind a --bind b`). */
export function serverOptions(server: ServerCommand, ...names: string[]): ServerOption[] {
  return server.options.filter((option) => names.includes(option.name));
}
