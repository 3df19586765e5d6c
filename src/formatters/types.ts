import type { ChalkInstance } from 'chalk';
import type { Finding } from '../lint.js';
import type { Rule } from '../rule.js';

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
