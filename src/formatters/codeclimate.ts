/**
 * `--format codeclimate`: a JSON array of issues as Code Climate's engine specification
 * describes them (`type: "issue"`, check_name, description, categories, location with 1-based
 * line and column positions, severity, fingerprint). The engine protocol itself streams issues
 * separated by NUL characters; a file of issues is read as one array, which is what this writes.
 *
 * Categories: our rules find what breaks or weakens the running container, so errors and
 * warnings are "Bug Risk"; info findings are "Style" (advice that changes no behaviour).
 */
import type { Severity } from '../core/rule.js';
import { fingerprintOf } from './fingerprint.js';
import { jsonArrayStream, type FileResult, type Formatter, type StreamingFormatter } from './types.js';

const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };
const CATEGORY: Record<Severity, string> = { error: 'Bug Risk', warning: 'Bug Risk', info: 'Style' };

/** A file's issues. */
function issuesOf(result: FileResult) {
  return result.findings.map((finding) => ({
    type: 'issue',
    check_name: `${finding.ruleId} ${finding.ruleName}`,
    description: finding.message,
    categories: [CATEGORY[finding.severity]],
    location: {
      path: result.filePath,
      positions: {
        begin: { line: finding.line, column: finding.column },
        end: { line: finding.endLine, column: finding.endColumn },
      },
    },
    severity: SEVERITY[finding.severity],
    fingerprint: fingerprintOf(result.filePath, finding),
  }));
}

export const formatCodeclimate: Formatter = (results) => `${JSON.stringify(results.flatMap(issuesOf), null, 2)}\n`;

/** One array of issues: each file's issues written as soon as the file is linted. */
export const streamCodeclimate: StreamingFormatter = () => jsonArrayStream(issuesOf);
