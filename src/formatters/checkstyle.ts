/** `--format checkstyle`: Checkstyle XML, read by Jenkins (Warnings NG), reviewdog and others. */
import type { Formatter } from './types.js';
import { buildXml, xmlText } from './xml.js';

export const formatCheckstyle: Formatter = (results) =>
  buildXml({
    checkstyle: {
      '@_version': '4.3',
      file: results.map((result) => ({
        '@_name': xmlText(result.filePath),
        error: result.findings.map((finding) => ({
          '@_line': finding.line,
          '@_column': finding.column,
          '@_severity': finding.severity,
          '@_message': xmlText(finding.message),
          '@_source': `fastapi-docker-lint.${finding.ruleId}.${finding.ruleName}`,
        })),
      })),
    },
  });
