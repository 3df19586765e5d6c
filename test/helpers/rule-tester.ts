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
  /** The key of the rule's `messages` the finding was made from. */
  messageId?: string;
  severity?: Finding['severity'];
  /** The context file the finding is in, when it is not the Dockerfile. */
  file?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying the safe fixes; `null` when the rule offers none for this case. */
  output?: string | null;
  /**
   * The text after applying the unsafe fixes too (`--unsafe-fixes`); required when the case
   * offers one.
   */
  unsafeOutput?: string;
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

/** Whether a message was made from the rule's template `messageId`, whatever data filled it. */
function madeFrom(rule: Rule, messageId: string, message: string): boolean {
  const template = rule.messages[messageId];
  if (template === undefined) return false;
  const pattern = template.split(/\{\{\w+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${pattern}$`).test(message);
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
            if (expected.messageId !== undefined) expect(madeFrom(rule, expected.messageId, actual.message), `messageId ${expected.messageId}`).toBe(true);
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
              expect(findings.every((finding) => !finding.fixable || finding.unsafeFix)).toBe(true);
            } else {
              expect(fixed.output).toBe(testCase.output);
              // The fix is complete and idempotent: the rule is silent afterwards and a second pass changes nothing.
              expect(findingsOf(rule, fixed.output, options)).toEqual([]);
              expect(lintAndFix(fixed.output, fixOptions).output).toBe(fixed.output);
            }
          }
          if (findings.some((finding) => finding.unsafeFix)) expect(testCase.unsafeOutput, 'an unsafe fix is offered: pin unsafeOutput').toBeDefined();
          if (testCase.unsafeOutput !== undefined) {
            const onlyThisRule = Object.fromEntries(rules.filter((other) => other !== rule).map((other) => [other.code, 'off' as const]));
            const unsafeOptions = { ...options, rules: { ...options?.rules, ...onlyThisRule }, unsafeFixes: true };
            const fixed = lintAndFix(testCase.code, unsafeOptions);
            expect(fixed.output).toBe(testCase.unsafeOutput);
            // Complete and idempotent, as the safe ones.
            expect(findingsOf(rule, fixed.output, options).filter((finding) => finding.fixable)).toEqual([]);
            expect(lintAndFix(fixed.output, unsafeOptions).output).toBe(fixed.output);
          }
        });
      }
    });
  });
}
