/**
 * `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the
 * pull request. Data is escaped as the runner requires: `%`, CR and LF everywhere, and `:` and
 * `,` in properties too. Other control characters are shown visibly: the log viewer obeys ANSI
 * escapes.
 */
import type { Severity } from '../core/rule.js';
import { renderAll, type FileResult, type Formatter, type StreamingFormatter } from './types.js';
import { visibleExceptNewlines } from './visible.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(value: string): string {
  return visibleExceptNewlines(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string | number): string {
  return escapeData(String(value)).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One workflow command line (`::error file=a,line=1::message`), every value escaped: the one
 * place that writes them, for this format, the Action's annotations and the CLI's notices.
 */
export function workflowCommand(command: 'error' | 'warning' | 'notice', properties: Record<string, string | number>, message: string): string {
  const list = Object.entries(properties).map(([name, value]) => `${name}=${escapeProperty(value)}`);
  return `::${command}${list.length > 0 ? ` ${list.join(',')}` : ''}::${escapeData(message)}\n`;
}

function fileCommands(result: FileResult): string {
  return result.findings
    .map((finding) =>
      workflowCommand(
        COMMAND[finding.severity],
        {
          file: result.filePath,
          line: finding.line,
          col: finding.column,
          endLine: finding.endLine,
          // GitHub's endColumn is the last column of the range; ours is the one after it.
          endColumn: Math.max(finding.column, finding.endColumn - 1),
          title: `${finding.ruleId} ${finding.ruleName}`,
        },
        finding.message,
      ),
    )
    .join('');
}

/** Each file's commands as soon as the file is linted; nothing at the end. */
export const streamGithub: StreamingFormatter = () => ({ file: fileCommands, end: () => '' });

export const formatGithub: Formatter = renderAll(streamGithub);
