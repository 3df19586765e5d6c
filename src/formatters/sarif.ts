/**
 * `--format sarif`: SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`)
 * and other SARIF viewers. Rules carry their documentation link; fixable findings carry fixes.
 */
import { ruleDocUrl, REPOSITORY_URL } from '../core/docs/markdown.js';
import type { Severity } from '../core/rule.js';
import type { FileResult, FormatContext, Formatter, StreamingFormatter } from './types.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF artifact locations are URIs: relative paths with forward slashes, percent-encoded. */
function artifactUri(filePath: string): string {
  return filePath.split('/').map(encodeURIComponent).join('/');
}

/** A file's SARIF results. */
function sarifResultsOf(result: FileResult, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown>[] {
  return result.findings.map((finding) => {
    const location = {
      physicalLocation: {
        artifactLocation: { uri: artifactUri(result.filePath) },
        region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
      },
    };
    const sarifResult: Record<string, unknown> = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [location],
    };
    if (finding.fixable && finding.fixEdits) {
      sarifResult.fixes = [
        {
          description: { text: `Fix ${finding.ruleId} ${finding.ruleName}` },
          artifactChanges: [
            {
              artifactLocation: { uri: artifactUri(result.filePath) },
              replacements: finding.fixEdits.map((edit) => ({
                deletedRegion: { startLine: edit.line, startColumn: edit.column, endLine: edit.endLine, endColumn: edit.endColumn },
                insertedContent: { text: edit.text },
              })),
            },
          ],
        },
      ];
    }
    return sarifResult;
  });
}

function sarifDocument(context: FormatContext, results: unknown) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'fastapi-docker-lint',
            version: context.version,
            semanticVersion: context.version,
            informationUri: REPOSITORY_URL,
            rules: context.rules.map((rule) => ({
              id: rule.code,
              name: rule.name,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.docs.description },
              helpUri: ruleDocUrl(rule),
              help: { text: `${rule.docs.why}\n\n${ruleDocUrl(rule)}` },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['fastapi', 'docker'], fixable: rule.fixable !== false },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function ruleIndexOf(context: FormatContext): Map<string, number> {
  return new Map(context.rules.map((rule, index) => [rule.code, index]));
}

export const formatSarif: Formatter = (results, context) => {
  const ruleIndex = ruleIndexOf(context);
  return `${JSON.stringify(
    sarifDocument(
      context,
      results.flatMap((result) => sarifResultsOf(result, ruleIndex)),
    ),
    null,
    2,
  )}\n`;
};

/** Where `runs[0].results` sits in the document: its elements are indented by eight spaces. */
const RESULTS_INDENT = '\n        ';
/** Stands for the results while the rest of the document is rendered; no rule text holds it. */
const RESULTS_MARKER = '\u0000results\u0000';

/**
 * The document needs every file, so it is written at the end; each file's results are rendered
 * to text as the file is linted (a string is a small part of the objects it is made from), and
 * put in their place in the document: `JSON.stringify(document, null, 2)` byte for byte.
 */
export const streamSarif: StreamingFormatter = (context) => {
  const ruleIndex = ruleIndexOf(context);
  // UTF-8 bytes, not strings: a string built by concatenation keeps its parts (and one with a
  // single non-Latin-1 character is two bytes a character); bytes are the text and no more.
  const rendered: Buffer[] = [];
  return {
    file(result) {
      const elements = sarifResultsOf(result, ruleIndex).map(
        (element) => `${RESULTS_INDENT}${JSON.stringify(element, null, 2).replace(/\n/g, RESULTS_INDENT)}`,
      );
      if (elements.length > 0) rendered.push(Buffer.from(elements.join(','), 'utf8'));
      return '';
    },
    end() {
      // The document around its results, written in pieces, each made as it is written.
      const [head, tail] = JSON.stringify(sarifDocument(context, RESULTS_MARKER), null, 2).split(JSON.stringify(RESULTS_MARKER));
      if (rendered.length === 0) return `${head}[]${tail}\n`;
      return (function* pieces() {
        yield `${head}[`;
        for (let index = 0; index < rendered.length; index++) yield `${index === 0 ? '' : ','}${rendered[index].toString('utf8')}`;
        yield `\n      ]${tail}\n`;
      })();
    },
  };
};
