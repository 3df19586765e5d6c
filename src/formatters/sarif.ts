/**
 * `--format sarif`: SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`)
 * and other SARIF viewers. Rules carry their documentation link; fixable findings carry fixes.
 */
import { ruleDocUrl, REPOSITORY_URL } from '../docs/markdown.js';
import type { Severity } from '../rule.js';
import type { Formatter } from './types.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF artifact locations are URIs: relative paths with forward slashes, percent-encoded. */
function artifactUri(filePath: string): string {
  return filePath.split('/').map(encodeURIComponent).join('/');
}

export const formatSarif: Formatter = (results, context) => {
  const { rules } = context;
  const ruleIndex = new Map(rules.map((rule, index) => [rule.code, index]));
  const sarifResults = results.flatMap((result) =>
    result.findings.map((finding) => {
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
    }),
  );
  const sarif = {
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
            rules: rules.map((rule) => ({
              id: rule.code,
              name: rule.name,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.docs.description },
              helpUri: ruleDocUrl(rule),
              help: { text: `${rule.docs.why}\n\n${ruleDocUrl(rule)}` },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['fastapi', 'docker'], fixable: rule.fixable },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
};
