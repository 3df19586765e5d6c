/**
 * The command line: arguments, configuration, files, formats and exit codes. Everything a
 * terminal or CI sees is decided here; the engine only returns findings.
 *
 * Exit codes: 0 no finding at or above the failure threshold, 1 at least one (or more warnings
 * than --max-warnings), 2 a usage, configuration or I/O error.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { atLeast, OptionsError, type Finding, type RuleSetting } from '../core/lint.js';
import { describeUnknownRule, findRule, rules } from '../../rules/index.js';
import { DEPLOY_TARGETS, describeSeverity, type DeployTarget, type Rule } from '../core/rule.js';
import { counterpartOf, OTHER_LINTER_NAMES, OVERLAPS } from '../core/other-linters.js';
import { FORMAT_NAMES, loadStreamingFormatter } from '../formatters/index.js';
import { VERSION } from '../core/version.js';
import { InputError, readStream, readTextFile, ReportFile, writeFixedFile } from './files.js';
import { Linter } from '../node/linter.js';
import { LintCache, runKey, type CachedLint } from '../node/cache.js';
import { cacheLocation, replayKey } from '../node/cache-file.js';
import { keepReplay, MAX_REPLAY_BYTES, recordOutput, replayable } from './warm.js';
import { mergeSettings, type FileSetup } from '../node/linter.js';
import { shadowingNotes } from '../node/config-load.js';
import { workflowCommand } from '../formatters/github.js';
import { ConfigError, FAILURE_THRESHOLDS, RULE_SETTINGS, type Config, type FailureThreshold } from '../core/config/schema.js';
import { nearest } from '../core/suggest.js';
import { describeSetup, initConfig } from './config-commands.js';
import { OutputSink } from './output.js';
import { StreamingReport } from './report.js';
import { discover } from './discover.js';
import { describeFix, renderRulePage } from '../core/docs/markdown.js';
import { sizeYoungGenerationFor } from './young-generation.js';
import { diagnosticLine, visible } from '../formatters/visible.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** The largest Dockerfile linted unless `max-file-size` says otherwise. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

interface CliOptions {
  format?: string;
  outputFile?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  unsafeFixes?: boolean;
  behindProxy?: boolean;
  deployTarget?: DeployTarget;
  today?: string;
  /** `--color` true, `--no-color` false, neither undefined (decided by the terminal). */
  color?: boolean;
  quiet?: boolean;
  printConfig?: string;
  init?: boolean;
  listRules?: boolean;
  explain?: string;
  failureThreshold?: FailureThreshold;
  maxWarnings?: number;
  stdinFilename?: string;
  reportUnusedIgnores?: boolean;
  /** `--context DIR`; `false` for `--no-context`. */
  context?: string | false;
  /** `-c FILE`; `false` for `--no-config`. */
  config?: string | false;
  rule?: string[];
  ignore?: string[];
  cache?: boolean;
  cacheLocation?: string;
  statistics?: boolean;
}

class UsageError extends Error {}

/**
 * A one-line message on stderr. It can quote a file name or a config key from the repository,
 * so control characters are shown visibly and GitHub's workflow-command markers are broken.
 */
function warn(io: CliIo, message: string): void {
  io.stderr.write(`fastapi-docker-lint: ${diagnosticLine(message)}\n`);
}

/** No default value: commander would print "(default: [])" in --help. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}

/** `--max-warnings N`: a whole number, or -1 for no limit (ESLint's convention). */
function parseMaxWarnings(value: string): number {
  if (value.trim() === '-1') return -1;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--max-warnings takes a whole number (or -1 for no limit), not '${value}'`);
  return Number(value);
}

/**
 * A flag with a closed set of values: `--help` lists them, and a wrong one is a usage error with
 * a suggestion, as `--rule X=warn` gets (commander's own message has none).
 */
function choiceOption(flags: string, description: string, allowed: readonly string[]): Option {
  const option = new Option(flags, description).choices(allowed);
  const name = option.long ?? flags;
  return option.argParser((value) => {
    if (allowed.includes(value)) return value;
    const guess = nearest(value, allowed);
    throw new UsageError(`${name} ${value}: '${value}' is not allowed;${guess ? ` did you mean '${guess}'?` : ''} use ${allowed.join(', ')}`);
  });
}

/** `1 warning`, `2 warnings`. */
function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function buildProgram(io: CliIo): Command {
  return new Command()
    .name('fastapi-docker-lint')
    .description("Lint the Dockerfiles of FastAPI applications against FastAPI's container guide.")
    .argument('[paths...]', 'Dockerfiles, directories or globs to lint; - for standard input (default: every Dockerfile below the current directory)')
    .addOption(choiceOption('-f, --format <format>', 'output format (default: stylish; github under GitHub Actions)', FORMAT_NAMES))
    .option('-o, --output-file <file>', 'write the report to a file instead of standard output')
    .option('--fix', 'apply safe fixes to the files (stdin: print the fixed text)')
    .option('--unsafe-fixes', 'with --fix or --fix-dry-run, also apply the fixes marked unsafe (they may change what the image does)')
    .option('--fix-dry-run', 'print the fixes as a unified diff instead of writing them (the report goes to stderr); not with --fix')
    .option('-c, --config <file>', 'use this config file instead of looking for one')
    .option('--no-config', 'ignore config files')
    .option('--rule <code=severity>', "set a rule's severity: error, warning, info or off (repeatable)", collect)
    .option('--ignore <codes>', 'turn rules off, by code or name (repeatable, comma-separated)', collect)
    .addOption(choiceOption('--failure-threshold <level>', 'exit 1 when a finding is at or above this level (default: error)', FAILURE_THRESHOLDS))
    .option('--max-warnings <number>', 'also exit 1 when there are more warnings than this (-1: no limit, the default)', parseMaxWarnings)
    .option('-q, --quiet', 'report errors only (warnings and info still count for the exit code)')
    .option('--behind-proxy', 'the app is served behind a TLS-terminating proxy (FDL005)')
    .addOption(choiceOption('--deploy-target <target>', 'where the image runs (FDL009)', DEPLOY_TARGETS))
    .option('--context <dir>', "the build context directory (default: from compose.yaml, else the Dockerfile's directory)")
    .option('--no-context', 'do not read the build context (skips FDL020-FDL025)')
    .option('--today <date>', 'judge support windows as of this date, YYYY-MM-DD (FDL010)')
    .option('--stdin-filename <name>', 'the name to report for standard input')
    .option('--report-unused-ignores', 'report ignore comments that silence nothing')
    .option('--statistics', 'print how many findings each rule reported, most first, instead of the findings (text; json with --format json)')
    .option('--cache', "lint only the files that changed since the last run (what they read included); results kept in the user's cache directory")
    .option('--cache-location <path>', 'the cache file, or a directory to keep .fdlcache in (implies --cache)')
    .option('--color', 'always colour the output (stylish), as FORCE_COLOR does')
    .option('--no-color', 'never colour the output')
    .option('--print-config <file>', 'print the config and build context used for this file as JSON, and exit')
    .option('--init', 'write a starter .fastapi-docker-lint.yaml here, and exit')
    .option('--list-rules', 'list the rules and exit')
    .option('--explain <rule>', "print a rule's documentation and exit")
    .version(VERSION, '-v, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text.replace(/[^\n]+/g, diagnosticLine)),
      // One line: commander puts its "Did you mean" on a second one.
      outputError: (text, write) =>
        write(
          `fastapi-docker-lint: ${diagnosticLine(
            text
              .replace(/^error: /, '')
              .trim()
              .replace(/\s*\n\s*/g, ' '),
          )} (see --help)\n`,
        ),
    });
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    if (error instanceof UsageError) {
      warn(io, error.message);
      return EXIT_ERROR;
    }
    throw error;
  }
  const options = program.opts<CliOptions>();
  // What a run leaves to undo when it ends early (a report file half written).
  const cleanups: (() => void)[] = [];
  try {
    return await run(program, options, io, cleanups, argv);
  } catch (error) {
    // Undone before the error's line: the report written so far comes out before it.
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (error instanceof ConfigError || error instanceof OptionsError || error instanceof UsageError || error instanceof InputError) {
      warn(io, error.message);
      return EXIT_ERROR;
    }
    throw error;
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

/** One invocation: the parsed command line, its streams, and what to undo when it ends early. */
interface Invocation {
  program: Command;
  options: CliOptions;
  io: CliIo;
  cleanups: (() => void)[];
  argv: string[];
  /** Whether an option was given on the command line (not a default). */
  fromCli: (name: string) => boolean;
}

type Handler = (invocation: Invocation) => number | Promise<number>;

/**
 * What a command line asks for, and who answers it: the first row whose option is given. The
 * commands that only print or write something come first; linting is what is left.
 */
const MODES: readonly { asked: (options: CliOptions) => boolean; handle: Handler }[] = [
  { asked: (options) => options.init === true, handle: runInit },
  {
    asked: (options) => options.listRules === true,
    handle: ({ io }) => {
      io.stdout.write(listRules());
      return EXIT_OK;
    },
  },
  {
    asked: (options) => options.explain !== undefined,
    handle: ({ io, options }) => {
      io.stdout.write(explain(options.explain!));
      return EXIT_OK;
    },
  },
  { asked: (options) => options.printConfig !== undefined, handle: runPrintConfig },
  { asked: () => true, handle: runLint },
];

async function run(program: Command, options: CliOptions, io: CliIo, cleanups: (() => void)[], argv: string[]): Promise<number> {
  if (options.fix && options.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together: --fix-dry-run shows what --fix would write');
  const invocation: Invocation = { program, options, io, cleanups, argv, fromCli: (name) => program.getOptionValueSource(name) === 'cli' };
  return MODES.find((mode) => mode.asked(options))!.handle(invocation);
}

function runInit({ io }: Invocation): number {
  const refused = initConfig(io.cwd, (text) => io.stdout.write(text));
  if (refused === undefined) return EXIT_OK;
  warn(io, refused);
  return EXIT_ERROR;
}

/** The Linter the flags describe, and the options it was made with (the lint cache keys on them). */
function linterFor({ options, io, fromCli }: Invocation) {
  const cliSettings = ruleSettingsFromFlags(options.rule ?? [], options.ignore ?? [], io.env.FASTAPI_DOCKER_LINT_IGNORE);
  const useCache = options.cache === true || options.cacheLocation !== undefined;
  const linterOptions = {
    cwd: io.cwd,
    config: options.config,
    // --context DIR or --no-context override the config's context; otherwise it applies.
    context: fromCli('context') || options.context === false ? options.context : undefined,
    overrides: {
      rules: cliSettings,
      behindProxy: fromCli('behindProxy') ? options.behindProxy : undefined,
      deployTarget: fromCli('deployTarget') ? options.deployTarget : undefined,
      reportUnusedIgnores: fromCli('reportUnusedIgnores') ? options.reportUnusedIgnores : undefined,
      unsafeFixes: options.unsafeFixes,
      today: options.today,
    },
  };
  const linter = new Linter({ ...linterOptions, showPath: (file) => displayPathOf(file, io.cwd), recordContextQueries: useCache });
  return { linter, linterOptions, useCache };
}

function runPrintConfig(invocation: Invocation): number {
  const { options, io, fromCli } = invocation;
  // What a lint of that file would use: a file that is not there would never be linted.
  const file = options.printConfig!;
  const kind = statKind(path.resolve(io.cwd, file));
  if (kind !== 'file') throw new UsageError(`--print-config ${file}: ${kind === 'missing' ? 'no such file' : 'not a file'}; name a Dockerfile`);
  const { linter } = linterFor(invocation);
  const show = (file: string) => displayPathOf(file, io.cwd);
  const described = describeSetup(linter, options.printConfig!, (config) => thresholdFor(config, options, fromCli, io.env), show);
  io.stdout.write(`${JSON.stringify(described, null, 2)}\n`);
  return EXIT_OK;
}

/** How one file's text is linted: checked, fixed in place, or fixed as a diff. */
type FileAction = (lint: LintRun, file: FileToLint) => Promise<{ findings: Finding[]; textOnDisk: string | undefined }>;

interface FileToLint {
  target: string;
  isStdin: boolean;
  displayPath: string;
  text: string;
  options: FileSetup['options'];
}

const FILE_ACTIONS: Record<'check' | 'fix' | 'fixDryRun', FileAction> = {
  async check(lint, file) {
    return { findings: lint.linter.engine.lint(file.text, file.options), textOnDisk: file.isStdin ? undefined : file.text };
  },
  async fixDryRun(lint, file) {
    const fixed = lint.linter.engine.lintAndFix(file.text, file.options);
    if (fixed.fixed) lint.io.stdout.write(await unifiedDiff(file.displayPath, file.text, fixed.output));
    // The report shows the findings left after the fix, not the file's: not cached.
    return { findings: fixed.findings, textOnDisk: file.isStdin || fixed.fixed ? undefined : file.text };
  },
  async fix(lint, file) {
    const fixed = lint.linter.engine.lintAndFix(file.text, file.options);
    if (file.isStdin) {
      lint.io.stdout.write(fixed.output);
      return { findings: fixed.findings, textOnDisk: undefined };
    }
    if (!fixed.fixed) return { findings: fixed.findings, textOnDisk: file.text };
    try {
      writeFixedFile(file.target, file.displayPath, file.text, fixed.output, lint.linter.writableRoots(file.target));
      return { findings: fixed.findings, textOnDisk: fixed.output };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Not written: report the file as it is, and fail the run.
      lint.fail(error.message);
      return { findings: lint.linter.engine.lint(file.text, file.options), textOnDisk: file.text };
    }
  },
};

async function runLint(invocation: Invocation): Promise<number> {
  const { options, program } = invocation;
  const { linter, linterOptions, useCache } = linterFor(invocation);
  const lint = new LintRun(invocation, linter);
  // --cache: never for standard input; never fails a run (its problems are one-line notes). Made
  // before the walk, so a first run's cache file is in the listings the lint records.
  if (useCache) lint.openCache(linterOptions);
  const paths = (program.processedArgs[0] as string[] | undefined) ?? [];
  // A run whose output the launcher can give back next time (src/cli/warm.ts) is recorded.
  const recorder = lint.cache && replayable(options, paths, invocation.io.cwd) ? recordOutput(invocation.io, MAX_REPLAY_BYTES) : undefined;
  if (recorder) lint.io = recorder.io;

  const discovery = await discover(paths, lint.io.cwd, linter.session);
  for (const message of discovery.errors) lint.fail(message);
  for (const note of discovery.notes) warn(lint.io, note);
  await lint.openReport(discovery.targets.includes('-'));
  const action = FILE_ACTIONS[options.fixDryRun ? 'fixDryRun' : options.fix ? 'fix' : 'check'];
  for (const target of discovery.targets) {
    await lint.lintTarget(target, action);
    // A slow reader holds the run back rather than the report piling up in memory; a reader
    // gone (`| head`) ends it.
    if (lint.sink && !(await lint.sink.ready())) return EXIT_OK;
  }
  lint.report!.finish();
  const status = lint.exitStatus();
  if (status === EXIT_OK) lint.sayClean();
  lint.sink?.flush();
  lint.reportFile?.commit();
  lint.closeCache(status, recorder, discovery.targets);
  return status;
}

/** The state of one lint run: the linter, the cache, the report and what the exit code counts. */
class LintRun {
  io: CliIo;
  readonly options: CliOptions;
  cache: LintCache | undefined;
  sink: OutputSink | undefined;
  report: StreamingReport | undefined;
  reportFile: ReportFile | undefined;
  formatName = 'stylish';
  /** Whether the report goes to standard output and that is a terminal. */
  private toTerminal = false;
  private hadError = false;
  private skipped = 0;
  private linted = 0;
  private failed = false;
  /** Notes said once per run (a config that turns the gate off, a file of the context skipped). */
  private readonly noted = new Set<string>();
  private readonly thresholdOverridden: boolean;

  constructor(
    private readonly invocation: Invocation,
    readonly linter: Linter,
  ) {
    this.io = invocation.io;
    this.options = invocation.options;
    const { options, fromCli, io } = invocation;
    this.thresholdOverridden = (fromCli('failureThreshold') && options.failureThreshold !== undefined) || Boolean(io.env.FASTAPI_DOCKER_LINT_FAILURE_THRESHOLD);
  }

  private show(file: string): string {
    return displayPathOf(file, this.io.cwd);
  }

  fail(message: string): void {
    warn(this.io, message);
    this.hadError = true;
  }

  private noteOnce(message: string): void {
    if (this.noted.has(message)) return;
    this.noted.add(message);
    warn(this.io, message);
  }

  /** A config that turns the gate off (a pull request can commit one): said once per config file. */
  private gateNotice(configFile: string | undefined, threshold: FailureThreshold | undefined, allRulesOff: boolean): void {
    const off = [
      threshold === 'none' && !this.thresholdOverridden
        ? "sets failure-threshold: none, so no finding fails this run (--failure-threshold, or the Action's failure-threshold input, overrides it)"
        : '',
      allRulesOff ? 'turns every rule off, so nothing is reported' : '',
    ].filter(Boolean);
    if (configFile === undefined || off.length === 0 || this.noted.has(`gate\0${configFile}`)) return;
    this.noted.add(`gate\0${configFile}`);
    const message = `notice: ${this.show(configFile)} ${off.join('; and ')}`;
    if (this.io.env.GITHUB_ACTIONS === 'true') this.io.stderr.write(workflowCommand('notice', { title: 'fastapi-docker-lint' }, message));
    else warn(this.io, message);
  }

  openCache(linterOptions: ReturnType<typeof linterFor>['linterOptions']): void {
    const { options, io } = this;
    const place = cacheLocation(options.cacheLocation, io.cwd, io.env);
    if ('refused' in place) {
      warn(io, `--cache: ${place.refused}; the cache is not used`);
      return;
    }
    const linter = this.linter;
    this.cache = new LintCache({
      ...place,
      cwd: io.cwd,
      run: runKey(
        VERSION,
        linter.engine.ruleSet,
        options.today,
        io.cwd,
        JSON.stringify({ ...linterOptions, explicitConfig: typeof options.config === 'string' ? linter.configFor(undefined) : null }),
      ),
      ruleSet: linter.engine.ruleSet,
      unsafeFixes: options.unsafeFixes === true,
      allowedRoots: typeof linterOptions.context === 'string' ? [path.resolve(io.cwd, linterOptions.context)] : [],
      warn: (message) => warn(io, message),
      show: (file) => this.show(file),
    });
  }

  /** The report is written file by file as the run goes (src/cli/report.ts); --output-file into a temporary file, renamed at the end. */
  async openReport(readsStdin: boolean): Promise<void> {
    const { options, io } = this;
    const formatName = chooseFormat(options, io.env);
    this.formatName = formatName;
    const format = options.statistics
      ? await statisticsFormat(formatName, options.format !== undefined || Boolean(io.env.FASTAPI_DOCKER_LINT_FORMAT))
      : await loadStreamingFormatter(formatName);
    const color = useColor(options.color, io) && options.outputFile === undefined && formatName === 'stylish';
    const chalk = color ? new (await import('chalk')).Chalk({ level: 1 }) : undefined;
    const reportFile = options.outputFile === undefined ? undefined : ReportFile.open(path.resolve(io.cwd, options.outputFile), options.outputFile, io.cwd);
    if (reportFile) this.invocation.cleanups.push(() => reportFile.abort());
    this.reportFile = reportFile;
    // stdout carries the fixed Dockerfile (--fix on stdin) or the diff (--fix-dry-run): the report goes to stderr.
    const out = options.outputFile !== undefined ? undefined : options.fixDryRun || (options.fix && readsStdin) ? io.stderr : io.stdout;
    this.toTerminal = out === io.stdout && io.stdout.isTTY === true;
    const sink = out ? new OutputSink(out) : undefined;
    this.sink = sink;
    if (sink) {
      // Lines on stderr come after the report batched so far, as a reader of both expects.
      this.io = sink.ordered(this.io);
      this.invocation.cleanups.push(() => sink.flush());
    }
    // --quiet drops warnings and info from the report only: the exit code below still counts them.
    this.report = new StreamingReport(format({ chalk, version: VERSION, rules }), (text) => (sink ? sink.write(text) : reportFile?.write(text)), options.quiet);
  }

  async lintTarget(target: string, action: FileAction): Promise<void> {
    const { options, io, linter } = this;
    const isStdin = target === '-';
    const displayPath = isStdin ? (options.stdinFilename ?? '<stdin>') : this.show(target);
    // Standard input takes its config from --stdin-filename's place, else the working directory.
    const placedAt = isStdin ? (options.stdinFilename === undefined ? undefined : path.resolve(io.cwd, options.stdinFilename)) : target;
    // --cache: a file whose lint is known is neither set up nor linted.
    const cached: CachedLint | undefined =
      this.cache && !isStdin ? this.cache.lookup(target, linter.session, { fixing: options.fix === true || options.fixDryRun === true }) : undefined;
    if (cached) {
      if (cached.contextRefused) this.noteOnce(cached.contextRefused);
      this.linted++;
      for (const note of cached.notes) this.noteOnce(`${this.show(note.path)}: ${note.message}`);
      this.gateNotice(cached.configFile, cached.failureThreshold, cached.allRulesOff);
      this.judge({ failureThreshold: cached.failureThreshold }, cached.findings);
      this.report!.add(displayPath, cached.findings, (absolute) => this.show(absolute), cached.contextRoot);
      return;
    }
    // With --cache, what the setup rests on is recorded (which config, which Compose file).
    const { value: setup, facts } = linter.session.capture(() => linter.setup(placedAt, { hasContext: !isStdin }));
    const { config } = setup;
    const maxFileSize = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    let text: string;
    try {
      text = isStdin ? await readStream(io.stdin, displayPath, maxFileSize) : readTextFile(target, maxFileSize);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const message = isStdin ? error.message : error.message.split(target).join(displayPath);
      if (error.kind === 'skipped') {
        warn(io, message);
        this.skipped++;
      } else this.fail(message);
      return;
    }
    sizeYoungGenerationFor(text.length);
    const buildContext = setup.buildContext;
    if (setup.contextRefused) this.noteOnce(setup.contextRefused);
    // Notes said once per run, and kept with a cached result: a config shadowing another, then the context's.
    // textOnDisk: what the file on disk now holds, when the findings are its lint (what the cache keeps).
    const { findings, textOnDisk } = await action(this, { target, isStdin, displayPath, text, options: setup.options });
    // Taken after the lint: the context's notes come from the files its rules read.
    const notes = [...shadowingNotes(setup.loaded, (file) => this.show(file)), ...(buildContext?.notes ?? [])];
    const allOff = allRulesOff(setup, linter);
    if (this.cache && textOnDisk !== undefined) this.cache.store(target, textOnDisk, textOnDisk === text, setup, facts, maxFileSize, findings, notes, allOff);
    this.linted++;
    for (const note of notes) this.noteOnce(`${this.show(note.path)}: ${note.message}`);
    this.gateNotice(setup.loaded.file, config.failureThreshold, allOff);
    this.judge(config, findings);
    this.report!.add(displayPath, findings, (absolute) => this.show(absolute), buildContext?.root);
  }

  /** Whether these findings fail the run, at the threshold their config and the flags set. */
  private judge(config: Config, findings: readonly Finding[]): void {
    const threshold = thresholdFor(config, this.options, this.invocation.fromCli, this.io.env);
    if (threshold !== 'none' && findings.some((finding) => atLeast(finding.severity, threshold))) this.failed = true;
  }

  /**
   * A clean run in stylish format says so in one line when the report goes to a terminal
   * ("No problems in 3 Dockerfiles."); into a pipe or a file it stays silent, as ESLint is.
   */
  sayClean(): void {
    if (!this.toTerminal || this.formatName !== 'stylish' || this.options.statistics || this.report!.findings > 0 || this.linted === 0) return;
    this.sink!.write(`No problems in ${plural(this.linted, 'Dockerfile')}.\n`);
  }

  exitStatus(): number {
    // A skipped file (binary, too large) fails the run only when nothing else was linted.
    if (this.hadError || (this.skipped > 0 && this.linted === 0)) return EXIT_ERROR;
    const warnings = this.report!.warnings;
    const { maxWarnings } = this.options;
    if (maxWarnings !== undefined && maxWarnings >= 0 && warnings > maxWarnings) {
      warn(this.io, `${plural(warnings, 'warning')}, more than --max-warnings ${maxWarnings}`);
      return EXIT_FINDINGS;
    }
    return this.failed ? EXIT_FINDINGS : EXIT_OK;
  }

  closeCache(status: number, recorder: ReturnType<typeof recordOutput> | undefined, files: string[]): void {
    const cache = this.cache;
    if (!cache) return;
    const { io } = this;
    cache.save();
    const output = status <= EXIT_FINDINGS ? recorder?.output() : undefined;
    const checks = output && cache.replayChecks(files);
    const failed =
      checks &&
      keepReplay(
        cache.file,
        cache.key,
        { key: replayKey(this.invocation.argv, io.cwd, io.env, io.stdout.isTTY === true), files, ...output, status },
        checks,
        io.cwd,
      );
    if (failed) warn(io, `${this.show(cache.file)}.replay${failed}`);
    // Said on every cached run, last: a result taken from a cache is never silent.
    warn(io, `cache: ${cache.hits} from the cache, ${cache.misses} linted`);
  }
}

function statKind(file: string): 'file' | 'other' | 'missing' {
  try {
    return statSync(file).isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * --statistics replaces the findings with counts, as ruff does: as text, or as JSON when the
 * format asked for is json. A format that was chosen for the user (github under GitHub Actions)
 * gives text; another asked for is a usage error.
 */
async function statisticsFormat(formatName: string, asked: boolean) {
  const { streamStatistics, streamStatisticsJson } = await import('../formatters/statistics.js');
  if (formatName === 'json') return streamStatisticsJson;
  if (!asked || formatName === 'stylish' || formatName === 'compact') return streamStatistics;
  throw new UsageError(`--statistics prints text (stylish, compact) or json, not --format ${formatName}`);
}

/** Whether a file's config turns every rule off (the settings it is linted with have none on, and the config turned some off). */
function allRulesOff(setup: FileSetup, linter: Linter): boolean {
  const rules = linter.engine.ruleSet.rules;
  const off = (settings: Record<string, string> | undefined) => (rule: { code: string }) => settings?.[rule.code] === 'off';
  return rules.every(off(setup.options.rules)) && rules.some(off(mergeSettings(setup.config, {}).rules));
}

/** A unified diff of a fix, loaded only for --fix-dry-run. */
async function unifiedDiff(displayPath: string, before: string, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(`a/${visible(displayPath)}`, `b/${visible(displayPath)}`, before, after, undefined, undefined, { context: 3 }).replace(
    /^=+\n/,
    '',
  );
}

/** `--rule FDL004=off`, `--ignore FDL004` and FASTAPI_DOCKER_LINT_IGNORE, validated. */
function ruleSettingsFromFlags(ruleFlags: string[], ignoreFlags: string[], ignoreEnv: string | undefined): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  const codeOf = (name: string, where: string) => {
    const rule = findRule(name);
    if (!rule) throw new UsageError(`${where}: ${describeUnknownRule(name)}`);
    return rule.code;
  };
  for (const name of (ignoreEnv ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean))
    settings[codeOf(name, 'FASTAPI_DOCKER_LINT_IGNORE')] = 'off';
  for (const flag of ruleFlags) {
    const [name, setting] = flag.split('=');
    if (setting === undefined) throw new UsageError(`--rule ${flag}: write it as CODE=SEVERITY, e.g. --rule FDL004=off`);
    if (!RULE_SETTINGS.includes(setting as RuleSetting)) {
      const guess = nearest(setting, RULE_SETTINGS);
      throw new UsageError(`--rule ${flag}: '${setting}' is not a severity;${guess ? ` did you mean '${guess}'?` : ''} use error, warning, info or off`);
    }
    settings[codeOf(name, '--rule')] = setting as RuleSetting;
  }
  for (const name of ignoreFlags) settings[codeOf(name, '--ignore')] = 'off';
  return settings;
}

function thresholdFor(config: Config, options: CliOptions, fromCli: (name: string) => boolean, env: CliIo['env']): FailureThreshold {
  if (fromCli('failureThreshold') && options.failureThreshold) return options.failureThreshold;
  const fromEnv = env.FASTAPI_DOCKER_LINT_FAILURE_THRESHOLD;
  if (fromEnv) {
    if (!(FAILURE_THRESHOLDS as readonly string[]).includes(fromEnv)) {
      throw new UsageError(`FASTAPI_DOCKER_LINT_FAILURE_THRESHOLD: '${fromEnv}' is not allowed; use ${FAILURE_THRESHOLDS.join(', ')}`);
    }
    return fromEnv as FailureThreshold;
  }
  return config.failureThreshold ?? 'error';
}

function chooseFormat(options: CliOptions, env: CliIo['env']): string {
  if (options.format) return options.format;
  const fromEnv = env.FASTAPI_DOCKER_LINT_FORMAT;
  if (fromEnv) {
    if (!FORMAT_NAMES.includes(fromEnv)) throw new UsageError(`FASTAPI_DOCKER_LINT_FORMAT: '${fromEnv}' is not a format; use ${FORMAT_NAMES.join(', ')}`);
    return fromEnv;
  }
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'stylish';
}

/** --color and --no-color decide; else colour on a terminal, never with NO_COLOR, always with FORCE_COLOR (as chalk reads them). */
function useColor(flag: boolean | undefined, io: CliIo): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.stdout.isTTY === true && io.env.TERM !== 'dumb';
}

/** Paths relative to the working directory, with forward slashes: never more than the user gave. */
function displayPathOf(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' ? path.basename(absolute) : path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

/**
 * `--explain`: a rule's page; for another linter's code that rules of ours cover (`DL3025`), what
 * covers it and how far, then those rules' pages.
 */
function explain(codeOrName: string): string {
  const page = (rule: Rule) => renderRulePage(rule).replace(/^<!--.*-->\n\n/m, '');
  const rule = findRule(codeOrName);
  if (rule) return page(rule);
  const other = counterpartOf(codeOrName);
  const covering = other?.rules.map((code) => findRule(code)).filter((found): found is Rule => found !== undefined) ?? [];
  if (!other || covering.length === 0) throw new UsageError(describeUnknownRule(codeOrName));
  const { counterpart } = other;
  const note = counterpart.note ? ` (${counterpart.note})` : '';
  const lines = covering.map((found) => {
    const extent = OVERLAPS.find((overlap) => overlap.rule === found.code)?.extent ?? '';
    return `${found.code} ${found.name} covers ${OTHER_LINTER_NAMES[counterpart.linter]} ${counterpart.code}${note}. ${extent}`.trimEnd();
  });
  return `${lines.join('\n')}\n\n${covering.map(page).join('\n')}`;
}

/** The rules as a table; a level that follows the deploy target is marked `*` and spelt out below it. */
function listRules(): string {
  const varies = (rule: Rule) => describeSeverity(rule) !== rule.severity;
  const rows = rules.map((rule) => [rule.code, rule.name, varies(rule) ? `${rule.severity}*` : rule.severity, describeFix(rule), rule.summary]);
  const header = ['code', 'name', 'severity', 'fix', 'summary'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  const notes = rules.filter(varies).map((rule) => `* ${rule.code}: ${describeSeverity(rule)}`);
  return `${[line(header), ...rows.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')}\n`;
}
