/**
 * The command line: arguments, configuration, files, formats and exit codes. Everything a
 * terminal or CI sees is decided here; the engine only returns findings.
 *
 * Exit codes: 0 no finding at or above the failure threshold, 1 at least one (or more warnings
 * than --max-warnings), 2 a usage, configuration or I/O error.
 */
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
import { workflowCommand } from '../formatters/github.js';
import { ConfigError, FAILURE_THRESHOLDS, RULE_SETTINGS, type Config, type FailureThreshold } from '../core/config/schema.js';
import { nearest } from '../core/suggest.js';
import { describeSetup, initConfig } from './config-commands.js';
import { OutputSink } from './output.js';
import { StreamingReport } from './report.js';
import { discover } from './discover.js';
import { renderRulePage } from '../core/docs/markdown.js';
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
  return [...(previous ?? []), ...value.split(',').map((part) => part.trim()).filter(Boolean)];
}

/** `--max-warnings N`: a whole number, or -1 for no limit (ESLint's convention). */
function parseMaxWarnings(value: string): number {
  if (value.trim() === '-1') return -1;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--max-warnings takes a whole number (or -1 for no limit), not '${value}'`);
  return Number(value);
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
    .addOption(new Option('-f, --format <format>', 'output format (default: stylish; github under GitHub Actions)').choices(FORMAT_NAMES))
    .option('-o, --output-file <file>', 'write the report to a file instead of standard output')
    .option('--fix', 'apply safe fixes to the files (stdin: print the fixed text)')
    .option('--unsafe-fixes', 'with --fix or --fix-dry-run, also apply the fixes marked unsafe (they may change what the image does)')
    .option('--fix-dry-run', 'print the fixes as a unified diff instead of writing them (the report goes to stderr); not with --fix')
    .option('-c, --config <file>', 'use this config file instead of looking for one')
    .option('--no-config', 'ignore config files')
    .option('--rule <code=severity>', 'set a rule\'s severity: error, warning, info or off (repeatable)', collect)
    .option('--ignore <codes>', 'turn rules off, by code or name (repeatable, comma-separated)', collect)
    .addOption(new Option('--failure-threshold <level>', 'exit 1 when a finding is at or above this level (default: error)').choices([...FAILURE_THRESHOLDS]))
    .option('--max-warnings <number>', 'also exit 1 when there are more warnings than this (-1: no limit, the default)', parseMaxWarnings)
    .option('-q, --quiet', 'report errors only (warnings and info still count for the exit code)')
    .option('--behind-proxy', 'the app is served behind a TLS-terminating proxy (FDL005)')
    .addOption(new Option('--deploy-target <target>', 'where the image runs (FDL009)').choices([...DEPLOY_TARGETS]))
    .option('--context <dir>', "the build context directory (default: from compose.yaml, else the Dockerfile's directory)")
    .option('--no-context', 'do not read the build context (skips FDL020-FDL025)')
    .option('--today <date>', 'judge support windows as of this date, YYYY-MM-DD (FDL010)')
    .option('--stdin-filename <name>', 'the name to report for standard input')
    .option('--report-unused-ignores', 'report ignore comments that silence nothing')
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
      outputError: (text, write) => write(`fastapi-docker-lint: ${diagnosticLine(text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' '))} (see --help)\n`),
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

async function run(program: Command, options: CliOptions, given: CliIo, cleanups: (() => void)[], argv: string[]): Promise<number> {
  let io = given;
  if (options.fix && options.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together: --fix-dry-run shows what --fix would write');
  if (options.init) {
    const refused = initConfig(io.cwd, (text) => io.stdout.write(text));
    if (refused === undefined) return EXIT_OK;
    warn(io, refused);
    return EXIT_ERROR;
  }
  if (options.listRules) {
    io.stdout.write(listRules());
    return EXIT_OK;
  }
  if (options.explain !== undefined) {
    io.stdout.write(explain(options.explain));
    return EXIT_OK;
  }

  const cliSettings = ruleSettingsFromFlags(options.rule ?? [], options.ignore ?? [], io.env.FASTAPI_DOCKER_LINT_IGNORE);
  const fromCli = (name: string) => program.getOptionValueSource(name) === 'cli';
  const show = (file: string) => displayPathOf(file, io.cwd);
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
  const linter = new Linter({ ...linterOptions, showPath: show, recordContextQueries: useCache });

  if (options.printConfig !== undefined) {
    const described = describeSetup(linter, options.printConfig, (config) => thresholdFor(config, options, fromCli, io.env), show);
    io.stdout.write(JSON.stringify(described, null, 2) + '\n');
    return EXIT_OK;
  }

  // A config that turns the gate off (a pull request can commit one): said once per config file.
  const noted = new Set<string>();
  const thresholdOverridden = (fromCli('failureThreshold') && options.failureThreshold !== undefined) || Boolean(io.env.FASTAPI_DOCKER_LINT_FAILURE_THRESHOLD);
  const gateNotice = (configFile: string | undefined, threshold: FailureThreshold | undefined, allRulesOff: boolean) => {
    const off = [threshold === 'none' && !thresholdOverridden ? 'sets failure-threshold: none, so no finding fails this run (--failure-threshold, or the Action\'s failure-threshold input, overrides it)' : '', allRulesOff ? 'turns every rule off, so nothing is reported' : ''].filter(Boolean);
    if (configFile === undefined || off.length === 0 || noted.has(`gate\0${configFile}`)) return;
    noted.add(`gate\0${configFile}`);
    const message = `notice: ${show(configFile)} ${off.join('; and ')}`;
    if (io.env.GITHUB_ACTIONS === 'true') io.stderr.write(workflowCommand('notice', { title: 'fastapi-docker-lint' }, message));
    else warn(io, message);
  };

  // --cache: never for standard input; never fails a run (its problems are one-line notes). Made
  // before the walk, so a first run's cache file is in the listings the lint records.
  let cache: LintCache | undefined;
  if (useCache) {
    const place = cacheLocation(options.cacheLocation, io.cwd, io.env);
    if ('refused' in place) warn(io, `--cache: ${place.refused}; the cache is not used`);
    else {
      cache = new LintCache({
        ...place,
        cwd: io.cwd,
        run: runKey(VERSION, linter.engine.ruleSet, options.today, io.cwd, JSON.stringify({ ...linterOptions, explicitConfig: typeof options.config === 'string' ? linter.configFor(undefined) : null })),
        ruleSet: linter.engine.ruleSet,
        unsafeFixes: options.unsafeFixes === true,
        allowedRoots: typeof linterOptions.context === 'string' ? [path.resolve(io.cwd, linterOptions.context)] : [],
        warn: (message) => warn(io, message),
        show,
      });
    }
  }
  // A run whose output the launcher can give back next time (src/cli/warm.ts) is recorded.
  const recorder = cache && replayable(options, (program.processedArgs[0] as string[] | undefined) ?? [], io.cwd) ? recordOutput(io, MAX_REPLAY_BYTES) : undefined;
  if (recorder) io = recorder.io;

  const discovery = await discover((program.processedArgs[0] as string[] | undefined) ?? [], io.cwd, linter.session);
  let hadError = false;
  let skipped = 0;
  const fail = (message: string) => {
    warn(io, message);
    hadError = true;
  };
  discovery.errors.forEach(fail);
  for (const note of discovery.notes) warn(io, note);
  // Notes about the context (a file skipped, a .dockerignore line Docker rejects): once per run.
  const noteOnce = (message: string) => {
    if (noted.has(message)) return;
    noted.add(message);
    warn(io, message);
  };

  // The report is written file by file as the run goes (src/cli/report.ts); --output-file into a temporary file, renamed at the end.
  const formatName = chooseFormat(options, io.env);
  const format = await loadStreamingFormatter(formatName);
  const color = useColor(options.color, io) && options.outputFile === undefined && formatName === 'stylish';
  const chalk = color ? new (await import('chalk')).Chalk({ level: 1 }) : undefined;
  const reportFile = options.outputFile === undefined ? undefined : ReportFile.open(path.resolve(io.cwd, options.outputFile), options.outputFile, io.cwd);
  if (reportFile) cleanups.push(() => reportFile.abort());
  // stdout carries the fixed Dockerfile (--fix on stdin) or the diff (--fix-dry-run): the report goes to stderr.
  const out = options.outputFile !== undefined ? undefined : options.fixDryRun || (options.fix && discovery.targets.includes('-')) ? io.stderr : io.stdout;
  const sink = out ? new OutputSink(out) : undefined;
  if (sink) {
    io = sink.ordered(io);
    cleanups.push(() => sink.flush());
  }
  // --quiet drops warnings and info from the report only: the exit code below still counts them.
  const report = new StreamingReport(format({ chalk, version: VERSION, rules }), (text) => (sink ? sink.write(text) : reportFile?.write(text)), options.quiet);
  let failed = false;
  let linted = 0;
  for (const target of discovery.targets) {
    const isStdin = target === '-';
    const displayPath = isStdin ? (options.stdinFilename ?? '<stdin>') : displayPathOf(target, io.cwd);
    // Standard input takes its config from --stdin-filename's place, else the working directory.
    const placedAt = isStdin ? (options.stdinFilename === undefined ? undefined : path.resolve(io.cwd, options.stdinFilename)) : target;
    // --cache: a file whose lint is known is neither set up nor linted.
    const cached: CachedLint | undefined = cache && !isStdin ? cache.lookup(target, linter.session, { fixing: options.fix === true || options.fixDryRun === true }) : undefined;
    if (cached) {
      if (cached.contextRefused) noteOnce(cached.contextRefused);
      linted++;
      for (const note of cached.notes) noteOnce(`${displayPathOf(note.path, io.cwd)}: ${note.message}`);
      gateNotice(cached.configFile, cached.failureThreshold, cached.allRulesOff);
      const threshold = thresholdFor({ failureThreshold: cached.failureThreshold }, options, fromCli, io.env);
      if (threshold !== 'none' && cached.findings.some((finding) => atLeast(finding.severity, threshold))) failed = true;
      report.add(displayPath, cached.findings, (absolute) => displayPathOf(absolute, io.cwd), cached.contextRoot);
      if (sink && !(await sink.ready())) return EXIT_OK;
      continue;
    }
    // With --cache, what the setup rests on is recorded (which config, which Compose file).
    const { value: setup, facts } = linter.session.capture(() => linter.setup(placedAt, { hasContext: !isStdin }));
    const { config } = setup.loaded;
    const maxFileSize = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    let text: string;
    try {
      text = isStdin ? await readStream(io.stdin, displayPath, maxFileSize) : readTextFile(target, maxFileSize);
    } catch (error) {
      if (error instanceof InputError) {
        const message = isStdin ? error.message : error.message.split(target).join(displayPath);
        if (error.kind === 'skipped') {
          warn(io, message);
          skipped++;
        } else fail(message);
        continue;
      }
      throw error;
    }
    sizeYoungGenerationFor(text.length);
    const lintOptions = setup.options;
    const buildContext = setup.buildContext;
    if (setup.contextRefused) noteOnce(setup.contextRefused);
    let findings: Finding[];
    // What the file on disk now holds, when the findings are its lint (what the cache keeps).
    let textOnDisk: string | undefined = isStdin ? undefined : text;
    if (options.fixDryRun) {
      const fixed = linter.engine.lintAndFix(text, lintOptions);
      findings = fixed.findings;
      // The report shows the findings left after the fix, not the file's: not cached.
      if (fixed.fixed) textOnDisk = undefined;
      if (fixed.fixed) io.stdout.write(await unifiedDiff(displayPath, text, fixed.output));
    } else if (options.fix) {
      const fixed = linter.engine.lintAndFix(text, lintOptions);
      findings = fixed.findings;
      if (isStdin) io.stdout.write(fixed.output);
      else if (fixed.fixed) {
        try {
          writeFixedFile(target, displayPath, text, fixed.output, linter.writableRoots(target));
          textOnDisk = fixed.output;
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          // Not written: report the file as it is, and fail the run.
          fail(error.message);
          findings = linter.engine.lint(text, lintOptions);
        }
      }
    } else {
      findings = linter.engine.lint(text, lintOptions);
    }
    const allOff = allRulesOff(setup, linter);
    if (cache && textOnDisk !== undefined) cache.store(target, textOnDisk, textOnDisk === text, setup, facts, maxFileSize, findings, buildContext?.notes ?? [], allOff);
    linted++;
    for (const note of buildContext?.notes ?? []) noteOnce(`${displayPathOf(note.path, io.cwd)}: ${note.message}`);
    gateNotice(setup.loaded.file, config.failureThreshold, allOff);
    const threshold = thresholdFor(config, options, fromCli, io.env);
    if (threshold !== 'none' && findings.some((finding) => atLeast(finding.severity, threshold))) failed = true;
    report.add(displayPath, findings, (absolute) => displayPathOf(absolute, io.cwd), buildContext?.root);
    // A slow reader holds the run back rather than the report piling up in memory; a reader
    // gone (`| head`) ends it.
    if (sink && !(await sink.ready())) return EXIT_OK;
  }

  report.finish();
  sink?.flush();
  reportFile?.commit();
  const status = exitStatus();
  if (cache) {
    cache.save();
    const output = status <= EXIT_FINDINGS ? recorder?.output() : undefined;
    const checks = output && cache.replayChecks(discovery.targets);
    const failed = checks && keepReplay(cache.file, cache.key, { key: replayKey(argv, io.cwd, io.env, io.stdout.isTTY === true), files: discovery.targets, ...output, status }, checks, io.cwd);
    if (failed) warn(io, `${show(cache.file)}.replay${failed}`);
    // Said on every cached run, last: a result taken from a cache is never silent.
    warn(io, `cache: ${cache.hits} from the cache, ${cache.misses} linted`);
  }
  return status;

  function exitStatus(): number {
    // A skipped file (binary, too large) fails the run only when nothing else was linted.
    if (hadError || (skipped > 0 && linted === 0)) return EXIT_ERROR;
    const warnings = report.warnings;
    if (options.maxWarnings !== undefined && options.maxWarnings >= 0 && warnings > options.maxWarnings) {
      warn(io, `${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}`);
      return EXIT_FINDINGS;
    }
    return failed ? EXIT_FINDINGS : EXIT_OK;
  }
}

/** Whether a file's config turns every rule off (the settings it is linted with have none on, and the config turned some off). */
function allRulesOff(setup: FileSetup, linter: Linter): boolean {
  const rules = linter.engine.ruleSet.rules;
  const off = (settings: Record<string, string> | undefined) => (rule: { code: string }) => settings?.[rule.code] === 'off';
  return rules.every(off(setup.options.rules)) && rules.some(off(mergeSettings(setup.loaded.config, {}).rules));
}

/** A unified diff of a fix, loaded only for --fix-dry-run. */
async function unifiedDiff(displayPath: string, before: string, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(`a/${visible(displayPath)}`, `b/${visible(displayPath)}`, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
}

/** `--rule FDL004=off`, `--ignore FDL004` and FASTAPI_DOCKER_LINT_IGNORE, validated. */
function ruleSettingsFromFlags(ruleFlags: string[], ignoreFlags: string[], ignoreEnv: string | undefined): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  const codeOf = (name: string, where: string) => {
    const rule = findRule(name);
    if (!rule) throw new UsageError(`${where}: ${describeUnknownRule(name)}`);
    return rule.code;
  };
  for (const name of (ignoreEnv ?? '').split(',').map((part) => part.trim()).filter(Boolean)) settings[codeOf(name, 'FASTAPI_DOCKER_LINT_IGNORE')] = 'off';
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
  const rows = rules.map((rule) => [rule.code, rule.name, varies(rule) ? `${rule.severity}*` : rule.severity, rule.fixable ? 'yes' : '', rule.summary]);
  const header = ['code', 'name', 'severity', 'fixable', 'summary'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  const notes = rules.filter(varies).map((rule) => `* ${rule.code}: ${describeSeverity(rule)}`);
  return [line(header), ...rows.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n') + '\n';
}
