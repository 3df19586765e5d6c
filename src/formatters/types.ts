import type { ChalkInstance } from 'chalk';
import type { Finding } from '../core/lint.js';
import type { Rule } from '../core/rule.js';

/** The findings of one file, as every formatter receives them. */
export interface FileResult {
  /** The path as reported: relative to the working directory, or the stdin name. */
  filePath: string;
  findings: Finding[];
}

export interface FormatContext {
  /** chalk when the output is coloured (stylish only); loaded only then. */
  chalk: ChalkInstance | undefined;
  /** The package version, for formats that name the tool. */
  version: string;
  /** The rules the findings come from, for formats that describe them (SARIF). */
  rules: readonly Rule[];
}

export type Formatter = (results: FileResult[], context: FormatContext) => string;

export function countBySeverity(findings: Finding[]): { errorCount: number; warningCount: number; infoCount: number } {
  let errorCount = 0;
  let warningCount = 0;
  let infoCount = 0;
  for (const finding of findings) {
    if (finding.severity === 'error') errorCount++;
    else if (finding.severity === 'warning') warningCount++;
    else infoCount++;
  }
  return { errorCount, warningCount, infoCount };
}

/**
 * A format written file by file. `file` returns the text to write as soon as that file is
 * linted ('' when the format writes nothing yet); `end` returns the rest (a summary line, or
 * the whole document for a format that needs every file first), as one string or as pieces to
 * write in turn, made as they are written (a large document is never whole in memory). Chunks concatenated are the
 * one-shot report, byte for byte.
 */
export interface ReportStream {
  file(result: FileResult): string;
  end(): string | Iterable<string>;
}

/** Starts a report: called once per run, with what the format needs to know up front. */
export type StreamingFormatter = (context: FormatContext) => ReportStream;

/** The one-shot report of a streaming format: every file's chunk, then the end. */
export function renderAll(stream: StreamingFormatter): Formatter {
  return (results, context) => {
    const report = stream(context);
    let text = '';
    for (const result of results) text += report.file(result);
    const end = report.end();
    return text + (typeof end === 'string' ? end : [...end].join(''));
  };
}

/**
 * A format that needs the whole document (one JSON array, one XML tree) rendered at the end:
 * it keeps, per file, only the fields formatters read (no fix objects, no model, no source text).
 */
export function collected(format: Formatter): StreamingFormatter {
  return (context) => {
    const kept: FileResult[] = [];
    return {
      file: (result) => {
        kept.push({ filePath: result.filePath, findings: result.findings.map(reportedFields) });
        return '';
      },
      end: () => format(kept, context),
    };
  };
}

/** A finding's public fields, in the order `--format json` writes them. */
export function publicFields(finding: Finding): Finding {
  return {
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    severity: finding.severity,
    message: finding.message,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    fixable: finding.fixable,
  };
}

/** What a report shows of a finding: everything but the engine's fix object and the absolute path. */
export function reportedFields(finding: Finding): Finding {
  const kept = publicFields(finding);
  if (finding.fixEdits) kept.fixEdits = finding.fixEdits;
  if (finding.unsafeFix) kept.unsafeFix = true;
  return kept;
}

/**
 * A JSON array written element by element, as `JSON.stringify(array, null, 2) + '\n'` renders
 * it: each element's own indented text shifted right by two spaces (JSON strings hold no raw
 * line break), joined by `,\n` inside `[\n` and `\n]`; an empty array is `[]`.
 */
export function jsonArrayStream(elementsOf: (result: FileResult) => unknown[]): ReportStream {
  let first = true;
  return {
    file(result) {
      let text = '';
      for (const element of elementsOf(result)) {
        text += `${first ? '[\n' : ',\n'}  ${JSON.stringify(element, null, 2).replace(/\n/g, '\n  ')}`;
        first = false;
      }
      return text;
    },
    end: () => (first ? '[]\n' : '\n]\n'),
  };
}
