/** `--format compact`: `path:line:col: severity: message [FDL001]`, one per line, for editors and grep. */
import type { Formatter } from './types.js';
import { visible } from './visible.js';

export const formatCompact: Formatter = (results) =>
  results
    .flatMap((result) =>
      result.findings.map((finding) => `${visible(result.filePath)}:${finding.line}:${finding.column}: ${finding.severity}: ${visible(finding.message.replace(/\s*\n\s*/g, ' '))} [${finding.ruleId}]\n`),
    )
    .join('');
