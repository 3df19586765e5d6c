/** `--format compact`: `path:line:col: severity: message [FDL001]`, one per line, for editors and grep. */
import type { Formatter } from './types.js';

export const formatCompact: Formatter = (results) =>
  results
    .flatMap((result) =>
      result.findings.map((finding) => `${result.filePath}:${finding.line}:${finding.column}: ${finding.severity}: ${finding.message.replace(/\s*\n\s*/g, ' ')} [${finding.ruleId}]\n`),
    )
    .join('');
