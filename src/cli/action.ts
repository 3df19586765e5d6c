/**
 * The GitHub Action's helper (dist/bundle/action.cjs, run by action.yml after the lint):
 *
 *   node action.cjs annotate REPORT.sarif   the report's results as workflow commands: the
 *                                           annotations on the pull request, exactly the lines
 *                                           `--format github` prints (its own formatter);
 *   node action.cjs failed STATUS ERRORS    one `::error` saying that the linter could not run
 *                                           (exit 2 and the like) and why: the last line it wrote
 *                                           on stderr, kept in the file ERRORS.
 *
 * Every value goes through the github format's escaping (src/formatters/github.ts).
 */
import type { Finding } from '../core/lint.js';
import type { Severity } from '../core/rule.js';
import { streamGithub, workflowCommand } from '../formatters/github.js';
import { readTextLimited } from '../node/read-limited.js';

/** Our own SARIF reports only; a larger file is not read. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;
const SEVERITY: Record<string, Severity> = { error: 'error', warning: 'warning', note: 'info', none: 'info' };

interface SarifRegion {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message?: { text?: string };
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: SarifRegion } }[];
}
interface Sarif {
  runs?: { tool?: { driver?: { rules?: { name?: string }[] } }; results?: SarifResult[] }[];
}

function readText(file: string): string {
  const read = readTextLimited(file, MAX_REPORT_BYTES);
  if (read.kind !== 'text') throw new Error(`${file}: cannot read it (${read.kind === 'error' ? read.error.code : read.kind})`);
  return read.text;
}

/** A SARIF report's results, file by file, in the github format. */
function annotate(file: string): string {
  const sarif = JSON.parse(readText(file)) as Sarif;
  const format = streamGithub({ chalk: undefined, version: '', rules: [] });
  let out = '';
  for (const run of sarif.runs ?? []) {
    const rules = run.tool?.driver?.rules ?? [];
    for (const result of run.results ?? []) {
      const physical = result.locations?.[0]?.physicalLocation;
      const uri = physical?.artifactLocation?.uri;
      if (!uri) continue;
      const region = physical?.region ?? {};
      const line = region.startLine ?? 1;
      const column = region.startColumn ?? 1;
      const finding: Finding = {
        ruleId: result.ruleId ?? '',
        ruleName: rules[result.ruleIndex ?? -1]?.name ?? '',
        severity: SEVERITY[result.level ?? 'warning'] ?? 'warning',
        message: result.message?.text ?? '',
        line,
        column,
        endLine: region.endLine ?? line,
        endColumn: region.endColumn ?? column + 1,
        fixable: false,
      };
      // SARIF's artifact URIs are percent-encoded relative paths.
      out += format.file({ filePath: uri.split('/').map(decodeURIComponent).join('/'), findings: [finding] });
    }
  }
  return out;
}

/** The `::error` of a linter that could not run. */
function failed(status: string, errorsFile: string): string {
  let why = '';
  try {
    why =
      readText(errorsFile)
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/^fastapi-docker-lint: /, '') ?? '';
  } catch {
    // Nothing kept: the status alone.
  }
  return workflowCommand(
    'error',
    { title: 'fastapi-docker-lint could not run' },
    `fastapi-docker-lint stopped with exit ${status}${why ? `: ${why}` : ''}; the Dockerfiles were not all linted`,
  );
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'annotate' && args.length === 1) process.stdout.write(annotate(args[0]));
  else if (command === 'failed' && args.length === 2) process.stdout.write(failed(args[0], args[1]));
  else throw new Error('usage: action.cjs annotate REPORT.sarif | action.cjs failed STATUS ERRORS-FILE');
} catch (error) {
  process.stdout.write(workflowCommand('error', { title: 'fastapi-docker-lint' }, (error as Error).message));
  process.exitCode = 2;
}
