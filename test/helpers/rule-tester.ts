/**
 * ESLint-style accept/reject tables for one rule: `valid` Dockerfiles the rule must not report,
 * `invalid` ones with the findings it must report (line, column, message fragment) and, for
 * fixable rules, the text after `--fix`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateContext } from '../../src/node/locate.js';
import { scratchDir } from './cli.js';
import { lint, lintAndFix, type Finding, type LintOptions } from '../../src/core/lint.js';
import type { Rule } from '../../src/core/rule.js';
import { rules } from '../../rules/index.js';

export interface ValidCase {
  code: string;
  options?: LintOptions;
  name?: string;
  /** Files of the build context around the Dockerfile (`code` is its `Dockerfile`); bytes as a Buffer. */
  files?: Record<string, string | Buffer>;
}

export interface ExpectedFinding {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** A fragment the message must contain. */
  message?: string;
  severity?: Finding['severity'];
  /** The context file the finding is in, when it is not the Dockerfile. */
  file?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying fixes; `null` when the rule offers none for this case. */
  output?: string | null;
}

/** Options with the build context of the case's files, written to a fresh directory. */
function withContext(testCase: ValidCase): LintOptions | undefined {
  if (!testCase.files) return testCase.options;
  const root = scratchDir({ ...testCase.files, Dockerfile: testCase.code });
  return { ...testCase.options, buildContext: locateContext(path.join(root, 'Dockerfile')) };
}

function findingsOf(rule: Rule, code: string, options: LintOptions | undefined): Finding[] {
  return lint(code, options).filter((finding) => finding.ruleId === rule.code);
}

function title(testCase: ValidCase): string {
  return testCase.name ?? testCase.code.replace(/\n/g, ' ⏎ ').slice(0, 110);
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.code} ${rule.name}`, () => {
    describe('accepts', () => {
      for (const testCase of cases.valid) {
        it(title(testCase), () => {
          expect(findingsOf(rule, testCase.code, withContext(testCase))).toEqual([]);
        });
      }
    });
    describe('rejects', () => {
      for (const testCase of cases.invalid) {
        it(title(testCase), () => {
          const options = withContext(testCase);
          const findings = findingsOf(rule, testCase.code, options);
          expect(findings.map((finding) => finding.line)).toEqual(testCase.errors.map((error) => error.line));
          testCase.errors.forEach((expected, index) => {
            const actual = findings[index];
            if (expected.column !== undefined) expect(actual.column, 'column').toBe(expected.column);
            if (expected.endLine !== undefined) expect(actual.endLine, 'endLine').toBe(expected.endLine);
            if (expected.endColumn !== undefined) expect(actual.endColumn, 'endColumn').toBe(expected.endColumn);
            if (expected.message !== undefined) expect(actual.message).toContain(expected.message);
            if (expected.file !== undefined) expect(actual.filePath?.endsWith(`/${expected.file}`), `in ${expected.file}`).toBe(true);
            else expect(actual.filePath, 'in the Dockerfile').toBeUndefined();
            expect(actual.severity).toBe(expected.severity ?? rule.severity);
          });
          if (testCase.output !== undefined) {
            // Only this rule's fixes: the others are turned off.
            const onlyThisRule = Object.fromEntries(rules.filter((other) => other !== rule).map((other) => [other.code, 'off' as const]));
            const fixOptions = { ...options, rules: { ...options?.rules, ...onlyThisRule } };
            const fixed = lintAndFix(testCase.code, fixOptions);
            if (testCase.output === null) {
              expect(findings.every((finding) => !finding.fixable)).toBe(true);
            } else {
              expect(fixed.output).toBe(testCase.output);
              // The fix is complete and idempotent: the rule is silent afterwards and a second pass changes nothing.
              expect(findingsOf(rule, fixed.output, options)).toEqual([]);
              expect(lintAndFix(fixed.output, fixOptions).output).toBe(fixed.output);
            }
          }
        });
      }
    });
  });
}
