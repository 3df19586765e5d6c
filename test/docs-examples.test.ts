/**
 * The examples in the rule docs are linted, as ESLint lints its own: each rule's "bad" example
 * triggers that rule and still parses (no FDL000, except FDL000's own), and its "good" example
 * lints clean: nothing from that rule, nor from any other (a "good" Dockerfile that fails to
 * build, or trips another rule, teaches the wrong thing). Examples are linted alone, without a
 * build context, as a reader pastes them into a file.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lint, type Finding, type LintOptions } from '../src/lint.js';
import type { Rule } from '../src/rule.js';

const TODAY = '2026-11-26';

/**
 * Examples that fail on this branch, in rule modules owned by wip/context-trust. These rules
 * judge the Dockerfile against its build context, which a Dockerfile-only example does not have:
 * their bad examples trigger nothing alone. They need the example's project files beside the
 * Dockerfile (for instance a `files` map in RuleDocs, written to a scratch directory here). The
 * lead removes each entry once the example triggers its rule; a stale entry fails the last test.
 */
const PENDING = new Set<string>([
  'FDL020 bad',
  'FDL021 bad',
  'FDL022 bad',
  'FDL023 bad',
  'FDL024 bad',
  'FDL025 bad',
]);

/** The options a rule needs to speak at all (FDL005 reports only behind a proxy, FDL009 only on Kubernetes). */
function optionsFor(rule: Rule): LintOptions {
  const options: LintOptions = { today: TODAY };
  if (rule.code === 'FDL005') options.behindProxy = true;
  if (rule.code === 'FDL009') options.deployTarget = 'kubernetes';
  if (rule.code === 'FDL090') options.reportUnusedIgnores = true;
  return options;
}

const show = (findings: Finding[]) => findings.map((finding) => `${finding.ruleId}@${finding.line} ${finding.severity}: ${finding.message}`).join('\n');

describe('rule docs examples', () => {
  for (const rule of rules) {
    const bad = PENDING.has(`${rule.code} bad`) ? it.skip : it;
    bad(`${rule.code} ${rule.name}: the bad example triggers it and parses`, () => {
      const findings = lint(rule.docs.bad, optionsFor(rule));
      expect(findings.some((finding) => finding.ruleId === rule.code), show(findings)).toBe(true);
      if (rule.code !== 'FDL000') expect(findings.filter((finding) => finding.ruleId === 'FDL000'), show(findings)).toEqual([]);
    });
    const good = PENDING.has(`${rule.code} good`) ? it.skip : it;
    good(`${rule.code} ${rule.name}: the good example lints clean`, () => {
      expect(show(lint(rule.docs.good, optionsFor(rule)))).toBe('');
    });
  }

  it('the pending list names only examples that really fail (remove an entry once it passes)', () => {
    for (const entry of PENDING) {
      const [code, which] = entry.split(' ');
      const rule = rules.find((candidate) => candidate.code === code);
      expect(rule, entry).toBeDefined();
      const findings = lint(which === 'bad' ? rule!.docs.bad : rule!.docs.good, optionsFor(rule!));
      const passes = which === 'bad' ? findings.some((finding) => finding.ruleId === code) : findings.length === 0;
      expect(passes, `${entry} passes now: remove it from PENDING`).toBe(false);
    }
  });
});
