/**
 * `--format gitlab`: GitLab Code Quality JSON. The fingerprint hashes what identifies a finding
 * (file, rule, position, message), so it is the same on every run and differs between findings.
 */
import type { Severity } from '../rule.js';
import { fingerprintOf } from './fingerprint.js';
import type { Formatter } from './types.js';

const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

export const formatGitlab: Formatter = (results) => {
  const issues = results.flatMap((result) =>
    result.findings.map((finding) => ({
      description: `${finding.ruleId} ${finding.message}`,
      check_name: `${finding.ruleId} ${finding.ruleName}`,
      fingerprint: fingerprintOf(result.filePath, finding),
      severity: SEVERITY[finding.severity],
      location: { path: result.filePath, lines: { begin: finding.line, end: finding.endLine } },
    })),
  );
  return JSON.stringify(issues, null, 2) + '\n';
};
