/**
 * ESLint-style accept/reject tables for one rule: `valid` Dockerfiles the rule must not report,
 * `invalid` ones with the findings it must report (line, column, message fragment) and, for
 * fixable rules, the text after `--fix`.
 */
import { describe, expect, it } from 'vitest';
import { lint, lintAndFix, type Finding, type LintOptions } from '../../src/lint.js';
import type { Rule } from '../../src/rule.js';
import { rules } from '../../rules/index.js';

export interface ValidCase {
  code: string;
  options?: LintOptions;
  name?: string;
}

export interface ExpectedFinding {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** A fragment the message must contain. */
  message?: string;
  severity?: Finding['severity'];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying fixes; `null` when the rule offers none for this case. */
  output?: string | null;
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
          expect(findingsOf(rule, testCase.code, testCase.options)).toEqual([]);
        });
      }
    });
    describe('rejects', () => {
      for (const testCase of cases.invalid) {
        it(title(testCase), () => {
          const findings = findingsOf(rule, testCase.code, testCase.options);
          expect(findings.map((finding) => finding.line)).toEqual(testCase.errors.map((error) => error.line));
          testCase.errors.forEach((expected, index) => {
            const actual = findings[index];
            if (expected.column !== undefined) expect(actual.column, 'column').toBe(expected.column);
            if (expected.endLine !== undefined) expect(actual.endLine, 'endLine').toBe(expected.endLine);
            if (expected.endColumn !== undefined) expect(actual.endColumn, 'endColumn').toBe(expected.endColumn);
            if (expected.message !== undefined) expect(actual.message).toContain(expected.message);
            expect(actual.severity).toBe(expected.severity ?? rule.severity);
          });
          if (testCase.output !== undefined) {
            // Only this rule's fixes: the others are turned off.
            const onlyThisRule = Object.fromEntries(rules.filter((other) => other !== rule).map((other) => [other.code, 'off' as const]));
            const fixOptions = { ...testCase.options, rules: { ...testCase.options?.rules, ...onlyThisRule } };
            const fixed = lintAndFix(testCase.code, fixOptions);
            if (testCase.output === null) {
              expect(findings.every((finding) => !finding.fixable)).toBe(true);
            } else {
              expect(fixed.output).toBe(testCase.output);
              // The fix is complete and idempotent: the rule is silent afterwards and a second pass changes nothing.
              expect(findingsOf(rule, fixed.output, testCase.options)).toEqual([]);
              expect(lintAndFix(fixed.output, fixOptions).output).toBe(fixed.output);
            }
          }
        });
      }
    });
  });
}
