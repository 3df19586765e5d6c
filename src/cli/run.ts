/**
 * The command line: arguments, files, formats and exit codes. Everything a terminal or CI
 * sees is decided here; the engine only returns findings.
 *
 * Exit codes: 0 no finding at or above the failure threshold, 1 at least one, 2 a usage,
 * configuration or I/O error.
 */
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { lint, lintAndFix, atLeast, OptionsError, type LintOptions, type Finding } from '../lint.js';
import { rules } from '../../rules/index.js';
import { DEPLOY_TARGETS, SEVERITIES, type Severity } from '../rule.js';
import { FORMAT_NAMES, loadFormatter } from '../formatters/index.js';
import type { FileResult } from '../formatters/types.js';
import { VERSION } from '../version.js';
import { InputError, readStream, readTextFile, writeFileAtomic } from './files.js';
import { BuildContext } from '../context/build-context.js';
import { locateContext } from '../context/locate.js';

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

type FailureThreshold = Severity | 'none';

interface CliOptions {
  format?: string;
  fix?: boolean;
  behindProxy?: boolean;
  deployTarget?: string;
  today?: string;
  color: boolean;
  listRules?: boolean;
  failureThreshold: FailureThreshold;
  stdinFilename?: string;
  reportUnusedIgnores?: boolean;
  /** `--context DIR`; `false` for `--no-context`. */
  context?: string | false;
}

function buildProgram(io: CliIo): Command {
  return new Command()
    .name('fastapi-docker-lint')
    .description("Lint the Dockerfiles of FastAPI applications against FastAPI's container guide.")
    .argument('[paths...]', 'Dockerfiles to lint, or - for standard input', [])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMAT_NAMES))
    .option('--fix', 'apply safe fixes to the files (stdin: print the fixed text)')
    .option('--behind-proxy', 'the app is served behind a TLS-terminating proxy (FDL005)')
    .addOption(new Option('--deploy-target <target>', 'where the image runs (FDL009)').choices([...DEPLOY_TARGETS]))
    .option('--today <date>', 'judge support windows as of this date, YYYY-MM-DD (FDL010)')
    .addOption(
      new Option('--failure-threshold <level>', 'exit 1 when a finding is at or above this level').choices([...SEVERITIES, 'none']).default('error'),
    )
    .option('--context <dir>', 'the build context directory (default: from compose.yaml, else the Dockerfile\'s directory)')
    .option('--no-context', 'do not read the build context (skips FDL020-FDL025)')
    .option('--stdin-filename <name>', 'the name to report for standard input')
    .option('--report-unused-ignores', 'report ignore comments that silence nothing')
    .option('--no-color', 'never colour the output')
    .option('--list-rules', 'list the rules and exit')
    .version(VERSION, '-v, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One line: commander puts its "Did you mean" on a second one.
      outputError: (text, write) => write(`fastapi-docker-lint: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`),
    });
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    throw error;
  }
  const options = program.opts<CliOptions>();
  if (options.listRules) {
    io.stdout.write(listRules());
    return EXIT_OK;
  }
  const lintOptions: LintOptions = {
    behindProxy: options.behindProxy,
    deployTarget: options.deployTarget as LintOptions['deployTarget'],
    today: options.today,
    reportUnusedIgnores: options.reportUnusedIgnores,
  };
  const paths = program.processedArgs[0] as string[];
  const targets = paths.length > 0 ? paths : ['Dockerfile'];

  const results: FileResult[] = [];
  let hadError = false;
  const fail = (message: string) => {
    io.stderr.write(`fastapi-docker-lint: ${message}\n`);
    hadError = true;
  };
  for (const target of targets) {
    const isStdin = target === '-';
    const displayPath = isStdin ? options.stdinFilename ?? '<stdin>' : displayPathOf(target, io.cwd);
    let text: string;
    try {
      text = isStdin ? await readStream(io.stdin, displayPath) : await readTextFile(path.resolve(io.cwd, target));
    } catch (error) {
      if (error instanceof InputError) {
        fail(error.message.replace(path.resolve(io.cwd, target), displayPath));
        continue;
      }
      throw error;
    }
    let findings: Finding[];
    const buildContext = contextFor(isStdin ? undefined : path.resolve(io.cwd, target), options.context, io.cwd);
    try {
      if (options.fix) {
        const fixed = lintAndFix(text, { ...lintOptions, buildContext });
        findings = fixed.findings;
        if (isStdin) io.stdout.write(fixed.output);
        else if (fixed.fixed) await writeFileAtomic(path.resolve(io.cwd, target), fixed.output);
      } else {
        findings = lint(text, { ...lintOptions, buildContext });
      }
    } catch (error) {
      if (error instanceof OptionsError || error instanceof InputError) {
        fail(error.message);
        return EXIT_ERROR;
      }
      throw error;
    }
    addResults(results, displayPath, findings, io.cwd);
  }

  const formatName = options.format ?? 'stylish';
  const formatter = await loadFormatter(formatName);
  const report = formatter(results, { color: options.color && useColor(io), version: VERSION });
  // With --fix on stdin, stdout carries the fixed Dockerfile: the report goes to stderr.
  const reportStream = options.fix && targets.includes('-') ? io.stderr : io.stdout;
  if (report !== '') reportStream.write(report);

  if (hadError) return EXIT_ERROR;
  const threshold = options.failureThreshold;
  const failed = threshold !== 'none' && results.some((result) => result.findings.some((finding) => atLeast(finding.severity, threshold)));
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The build context for a Dockerfile: `--context DIR`, else found from Compose files or the
 * Dockerfile's directory; none for standard input without `--context`, or with `--no-context`.
 */
function contextFor(dockerfilePath: string | undefined, option: string | false | undefined, cwd: string): BuildContext | undefined {
  if (option === false) return undefined;
  const explicit = typeof option === 'string' ? path.resolve(cwd, option) : undefined;
  if (dockerfilePath === undefined) return explicit === undefined ? undefined : new BuildContext(explicit, undefined, 'option');
  return locateContext(dockerfilePath, { context: explicit });
}

/**
 * Files the findings are in: the Dockerfile's own, and others (a requirements file) under
 * their own path. A finding two Dockerfiles share about one requirements file is listed once.
 */
function addResults(results: FileResult[], dockerfilePath: string, findings: Finding[], cwd: string): void {
  const byFile = new Map<string, Finding[]>([[dockerfilePath, []]]);
  for (const finding of findings) {
    const file = finding.filePath === undefined ? dockerfilePath : displayPathOf(finding.filePath, cwd);
    if (!byFile.has(file)) byFile.set(file, []);
    (byFile.get(file) as Finding[]).push(finding);
  }
  for (const [filePath, fileFindings] of byFile) {
    const existing = results.find((result) => result.filePath === filePath);
    if (!existing) {
      results.push({ filePath, findings: fileFindings });
      continue;
    }
    const known = new Set(existing.findings.map(findingKey));
    existing.findings.push(...fileFindings.filter((finding) => !known.has(findingKey(finding))));
  }
}

function findingKey(finding: Finding): string {
  return `${finding.ruleId}:${finding.line}:${finding.column}:${finding.message}`;
}

/** Colour on a terminal, never with NO_COLOR, always with FORCE_COLOR (as chalk reads them). */
function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.stdout.isTTY === true && io.env.TERM !== 'dumb';
}

/** Paths as the user gave them, relative to the working directory, with forward slashes. */
function displayPathOf(target: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, target));
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
  return shown.split(path.sep).join('/');
}

function listRules(): string {
  const rows = rules.map((rule) => [rule.code, rule.name, rule.severity, rule.fixable ? 'yes' : '', rule.summary]);
  const header = ['code', 'name', 'severity', 'fixable', 'summary'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
