/**
 * `--format gitlab`: GitLab Code Quality JSON. The fingerprint hashes what identifies a finding
 * (file, rule, position, message), so it is the same on every run and differs between findings.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../rule.js';
import type { Formatter } from './types.js';

const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

export const formatGitlab: Formatter = (results) => {
  const issues = results.flatMap((result) =>
    result.findings.map((finding) => ({
      description: `${finding.ruleId} ${finding.message}`,
      check_name: `${finding.ruleId} ${finding.ruleName}`,
      fingerprint: createHash('sha256')
        .update([result.filePath, finding.ruleId, finding.line, finding.column, finding.message].join('\u0000'))
        .digest('hex'),
      severity: SEVERITY[finding.severity],
      location: { path: result.filePath, lines: { begin: finding.line, end: finding.endLine } },
    })),
  );
  return JSON.stringify(issues, null, 2) + '\n';
};
