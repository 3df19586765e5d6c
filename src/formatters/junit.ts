/**
 * `--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).
 * Each finding is a failed test case; a file without findings is one passing test case.
 */
import type { Formatter } from './types.js';
import { buildXml, xmlText } from './xml.js';

export const formatJunit: Formatter = (results) => {
  const suites = results.map((result) => {
    const cases =
      result.findings.length === 0
        ? [{ '@_name': xmlText(result.filePath), '@_classname': xmlText(result.filePath) }]
        : result.findings.map((finding) => ({
            '@_name': xmlText(`${result.filePath}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.ruleName}`),
            '@_classname': xmlText(result.filePath),
            failure: {
              '@_message': xmlText(finding.message),
              '@_type': finding.severity,
              '#text': xmlText(`${finding.severity}: ${finding.message} (${finding.ruleId}) at ${result.filePath}:${finding.line}:${finding.column}`),
            },
          }));
    return {
      '@_name': xmlText(result.filePath),
      '@_tests': cases.length,
      '@_failures': result.findings.length,
      '@_errors': 0,
      testcase: cases,
    };
  });
  const tests = suites.reduce((sum, suite) => sum + suite['@_tests'], 0);
  const failures = suites.reduce((sum, suite) => sum + suite['@_failures'], 0);
  return buildXml({ testsuites: { '@_name': 'fastapi-docker-lint', '@_tests': tests, '@_failures': failures, testsuite: suites } });
};
