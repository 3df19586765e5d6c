/**
 * `--format json`: an array of one object per file; the shape is a public interface, keep it
 * stable. `--format jsonl` (JSON Lines): the same objects, one per line, each written as soon as
 * its file is linted, for tools that read a report as it grows (`jq -c`, log shippers).
 */
import { countBySeverity, jsonArrayStream, publicFields, renderAll, type FileResult, type Formatter, type StreamingFormatter } from './types.js';

function fileObject(result: FileResult) {
  return {
    filePath: result.filePath,
    messages: result.findings.map(publicFields),
    ...countBySeverity(result.findings),
  };
}

/** The array written element by element. */
export const streamJson: StreamingFormatter = () => jsonArrayStream((result) => [fileObject(result)]);

export const formatJson: Formatter = renderAll(streamJson);

/** One line per file, as soon as the file is linted. */
export const streamJsonLines: StreamingFormatter = () => ({ file: (result) => `${JSON.stringify(fileObject(result))}\n`, end: () => '' });

export const formatJsonLines: Formatter = renderAll(streamJsonLines);
