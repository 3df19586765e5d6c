/** `--format json`: one object per file; the shape is a public interface, keep it stable. */
import { countBySeverity, type Formatter } from './types.js';

export const formatJson: Formatter = (results) =>
  JSON.stringify(
    results.map((result) => ({
      filePath: result.filePath,
      messages: result.findings.map((finding) => ({
        ruleId: finding.ruleId,
        ruleName: finding.ruleName,
        severity: finding.severity,
        message: finding.message,
        line: finding.line,
        column: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
        fixable: finding.fixable,
      })),
      ...countBySeverity(result.findings),
    })),
    null,
    2,
  ) + '\n';
