/**
 * `--format sonarqube`: SonarQube's generic issue import format (SonarQube 10.3 and later,
 * SonarQube Cloud), for `sonar.externalIssuesReportPaths`: `{ rules, issues }`. Each rule that
 * has a finding is described once (engineId, cleanCodeAttribute, impacts); each issue points at
 * its rule and carries a primary location. SonarQube's lines are 1-based and its columns 0-based
 * with an exclusive end; a zero-width finding gives its line only, as an empty range is refused.
 */
import type { Severity } from '../core/rule.js';
import type { Formatter } from './types.js';

export const SONAR_ENGINE_ID = 'fastapi-docker-lint';

/** Impact severity on the software quality; a Dockerfile's flaws weigh on reliability. */
const IMPACT: Record<Severity, string> = { error: 'HIGH', warning: 'MEDIUM', info: 'LOW' };

export const formatSonarqube: Formatter = (results, context) => {
  const used = new Map<string, Severity>();
  const issues = results.flatMap((result) =>
    result.findings.map((finding) => {
      // The worst severity a rule was reported at (a config may change it per file).
      const known = used.get(finding.ruleId);
      if (known === undefined || rank(finding.severity) > rank(known)) used.set(finding.ruleId, finding.severity);
      const sameLine = finding.endLine === finding.line;
      const empty = finding.endLine < finding.line || (sameLine && finding.endColumn <= finding.column);
      const textRange = empty
        ? { startLine: finding.line }
        : { startLine: finding.line, endLine: finding.endLine, startColumn: finding.column - 1, endColumn: finding.endColumn - 1 };
      return {
        ruleId: finding.ruleId,
        primaryLocation: { message: finding.message, filePath: result.filePath, textRange },
      };
    }),
  );
  const rules = [...used].map(([code, severity]) => {
    const rule = context.rules.find((candidate) => candidate.code === code);
    return {
      id: code,
      name: rule ? `${rule.code} ${rule.name}` : code,
      description: rule?.summary ?? code,
      engineId: SONAR_ENGINE_ID,
      cleanCodeAttribute: 'LOGICAL',
      impacts: [{ softwareQuality: 'RELIABILITY', severity: IMPACT[severity] }],
    };
  });
  return `${JSON.stringify({ rules, issues }, null, 2)}\n`;
};

function rank(severity: Severity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}
