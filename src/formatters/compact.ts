/** `--format compact`: `path:line:col: severity: message [FDL001]`, one per line, for editors and grep. */
import { renderAll, type FileResult, type Formatter, type StreamingFormatter } from './types.js';
import { visible } from './visible.js';

function fileLines(result: FileResult): string {
  return result.findings
    .map(
      (finding) =>
        `${visible(result.filePath)}:${finding.line}:${finding.column}: ${finding.severity}: ${visible(finding.message.replace(/\s*\n\s*/g, ' '))} [${finding.ruleId}]\n`,
    )
    .join('');
}

/** Each file's lines as soon as the file is linted; nothing at the end. */
export const streamCompact: StreamingFormatter = () => ({ file: fileLines, end: () => '' });

export const formatCompact: Formatter = renderAll(streamCompact);
