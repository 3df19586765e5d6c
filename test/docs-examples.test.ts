/**
 * The examples in the rule docs are linted, as ESLint lints its own: each rule's "bad" example
 * triggers that rule and still parses (no FDL000, except FDL000's own), and its "good" example
 * lints clean: nothing from that rule, nor from any other (a "good" Dockerfile that fails to
 * build, or trips another rule, teaches the wrong thing). Examples are linted alone, without a
 * build context, as a reader pastes them into a file.
 *
 * Each example shows one thing, most of them on the official images with no USER: FDL014's note
 * that such an image runs as root (info, without a deploy target) is left to FDL014's own
 * examples. As a warning (with a deploy target) it counts everywhere.
 */
import { isRootNote } from './helpers/expectations.js';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lint, type Finding, type LintOptions } from '../src/core/lint.js';
import type { Rule } from '../src/core/rule.js';

const TODAY = '2026-11-26';

/**
 * The rules that judge the Dockerfile against its build context: their bad examples declare the
 * project's files in leading comments and trigger their rule only with that project, so
 * test/context-docs.test.ts lints them with it. Here they must still parse.
 */
const CONTEXT_RULES = new Set(['FDL020', 'FDL021', 'FDL022', 'FDL023', 'FDL024', 'FDL025', 'FDL026', 'FDL033']);

/** The options a rule needs to speak at all (FDL005 reports only behind a proxy, FDL009 and FDL032's start check only on Kubernetes). */
function optionsFor(rule: Rule): LintOptions {
  const options: LintOptions = { today: TODAY };
  if (rule.code === 'FDL005') options.behindProxy = true;
  if (rule.code === 'FDL009' || rule.code === 'FDL032') options.deployTarget = 'kubernetes';
  if (rule.code === 'FDL090') options.reportUnusedIgnores = true;
  return options;
}

const show = (findings: Finding[]) => findings.map((finding) => `${finding.ruleId}@${finding.line} ${finding.severity}: ${finding.message}`).join('\n');

describe('rule docs examples', () => {
  for (const rule of rules) {
    it(`${rule.code} ${rule.name}: the bad example ${CONTEXT_RULES.has(rule.code) ? 'parses' : 'triggers it and parses'}`, () => {
      const findings = lint(rule.docs.bad, optionsFor(rule));
      if (!CONTEXT_RULES.has(rule.code))
        expect(
          findings.some((finding) => finding.ruleId === rule.code),
          show(findings),
        ).toBe(true);
      if (rule.code !== 'FDL000')
        expect(
          findings.filter((finding) => finding.ruleId === 'FDL000'),
          show(findings),
        ).toEqual([]);
    });
    it(`${rule.code} ${rule.name}: the good example lints clean`, () => {
      const counted = (finding: Finding) => rule.code === 'FDL014' || !isRootNote(finding);
      expect(show(lint(rule.docs.good, optionsFor(rule)).filter(counted))).toBe('');
    });
  }
});
