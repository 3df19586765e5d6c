/**
 * `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the
 * pull request. Data is escaped as the runner requires: `%`, CR and LF everywhere, and `:` and
 * `,` in properties too. Other control characters are shown visibly: the log viewer obeys ANSI
 * escapes.
 */
import type { Severity } from '../core/rule.js';
import { renderAll, type FileResult, type Formatter, type StreamingFormatter } from './types.js';
import { visibleExceptNewlines } from './visible.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(value: string): string {
  return visibleExceptNewlines(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string | number): string {
  return escapeData(String(value)).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function fileCommands(result: FileResult): string {
  return result.findings
    .map((finding) => {
      // GitHub's endColumn is the last column of the range; ours is the one after it.
      const properties = [
        `file=${escapeProperty(result.filePath)}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `endLine=${finding.endLine}`,
        `endColumn=${Math.max(finding.column, finding.endColumn - 1)}`,
        `title=${escapeProperty(`${finding.ruleId} ${finding.ruleName}`)}`,
      ];
      return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}\n`;
    })
    .join('');
}

/** Each file's commands as soon as the file is linted; nothing at the end. */
export const streamGithub: StreamingFormatter = () => ({ file: fileCommands, end: () => '' });

export const formatGithub: Formatter = renderAll(streamGithub);
