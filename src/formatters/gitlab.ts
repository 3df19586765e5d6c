/**
 * `--format gitlab`: GitLab Code Quality JSON. The fingerprint hashes what identifies a finding
 * (file, rule, position, message), so it is the same on every run and differs between findings.
 */
import type { Severity } from '../core/rule.js';
import { fingerprintOf } from './fingerprint.js';
import { jsonArrayStream, type FileResult, type Formatter, type StreamingFormatter } from './types.js';

const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

/** A file's issues. */
function issuesOf(result: FileResult) {
  return result.findings.map((finding) => ({
    description: `${finding.ruleId} ${finding.message}`,
    check_name: `${finding.ruleId} ${finding.ruleName}`,
    fingerprint: fingerprintOf(result.filePath, finding),
    severity: SEVERITY[finding.severity],
    location: { path: result.filePath, lines: { begin: finding.line, end: finding.endLine } },
  }));
}

export const formatGitlab: Formatter = (results) => `${JSON.stringify(results.flatMap(issuesOf), null, 2)}\n`;

/** One array of issues: each file's issues written as soon as the file is linted. */
export const streamGitlab: StreamingFormatter = () => jsonArrayStream(issuesOf);
