import { createHash } from 'node:crypto';
import type { Finding } from '../core/lint.js';

/**
 * What identifies a finding (file, rule, position, message), hashed: the same on every run and
 * different between findings, as GitLab and Code Climate need to track an issue across runs.
 */
export function fingerprintOf(filePath: string, finding: Finding): string {
  return createHash('sha256').update([filePath, finding.ruleId, finding.line, finding.column, finding.message].join('\u0000')).digest('hex');
}
