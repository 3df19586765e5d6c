/**
 * The engine with rules it is given (not the built-in ones): fix applicability, the fixable
 * declaration, and a failing rule that does not take the others down.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/core/engine.js';
import { RuleSet } from '../src/core/rule-set.js';
import { describeSeverity, type FixAvailability, type Rule } from '../src/core/rule.js';

const DOCS = { description: 'd', why: 'w', bad: 'FROM a', good: 'FROM a', fixSafety: 'f', guideItems: [] };

/** A rule that puts a comment before the first instruction, with a fix of the given applicability. */
function commentRule(code: string, applicability: 'safe' | 'unsafe' | undefined, fixable: FixAvailability = applicability ?? 'safe'): Rule {
  return {
    code,
    name: `comment-${code.toLowerCase()}`,
    severity: 'warning',
    summary: 's',
    fixable,
    messages: { missing: 'No comment before the first instruction.' },
    docs: DOCS,
    check({ model, report }) {
      if (model.source.text.startsWith('#')) return;
      const first = model.instructions[0];
      if (first)
        report({
          messageId: 'missing',
          range: first.keywordRange,
          fix: { title: 'Add a comment', applicability, edits: [{ start: 0, end: 0, text: `# ${code}\n` }] },
        });
    },
  };
}

const failing: Rule = {
  code: 'TST900',
  name: 'always-fails',
  severity: 'error',
  summary: 's',
  fixable: false,
  messages: { never: 'Never said.' },
  docs: DOCS,
  check({ report, model }) {
    report({ messageId: 'never', range: model.instructions[0].keywordRange });
    throw new Error('broken rule');
  },
};

/** A rule whose level rises with the deploy target, and one finding that sets its own. */
const targetRule: Rule = {
  code: 'TST500',
  name: 'target-levels',
  severity: 'info',
  targetSeverity: { any: 'warning', kubernetes: 'error' },
  summary: 's',
  fixable: false,
  messages: { plain: 'Plain.', own: 'Own level.' },
  docs: DOCS,
  check({ model, report }) {
    report({ messageId: 'plain', range: model.instructions[0].keywordRange });
    report({ messageId: 'own', range: model.instructions[0].keywordRange, severity: 'warning' });
  },
};

describe('Engine', () => {
  it("gives a finding the rule's level for the deploy target, unless the finding or the config sets one", () => {
    const engine = new Engine(new RuleSet([targetRule]));
    const levels = (options: Parameters<Engine['lint']>[1]) => engine.lint('FROM a', options).map((finding) => `${finding.message} ${finding.severity}`);
    expect(levels({})).toEqual(['Plain. info', 'Own level. warning']);
    expect(levels({ deployTarget: 'compose' })).toEqual(['Plain. warning', 'Own level. warning']);
    expect(levels({ deployTarget: 'server' })).toEqual(['Plain. warning', 'Own level. warning']);
    expect(levels({ deployTarget: 'kubernetes' })).toEqual(['Plain. error', 'Own level. warning']);
    expect(levels({ deployTarget: 'kubernetes', rules: { TST500: 'info' } })).toEqual(['Plain. info', 'Own level. info']);
  });

  it('describes a level that depends on the deploy target, for the rules table and --list-rules', () => {
    expect(describeSeverity(targetRule)).toBe('info (warning with a deploy target, error on kubernetes)');
    expect(describeSeverity({ severity: 'warning' })).toBe('warning');
    expect(describeSeverity({ severity: 'info', targetSeverity: { compose: 'warning', server: 'warning' } })).toBe(
      'info (warning on compose, warning on server)',
    );
    expect(describeSeverity({ severity: 'warning', targetSeverity: { any: 'warning' } })).toBe('warning');
  });

  it('runs only the rules it is given', () => {
    const engine = new Engine(new RuleSet([commentRule('TST001', undefined)]));
    expect(engine.lint('FROM python:3.13\nCMD fastapi run\n').map((finding) => finding.ruleId)).toEqual(['TST001']);
  });

  it('applies safe fixes, and unsafe ones only when asked', () => {
    const engine = new Engine(new RuleSet([commentRule('TST002', 'unsafe')]));
    const text = 'FROM python:3.13\n';
    expect(engine.lintAndFix(text)).toMatchObject({ output: text, fixed: false });
    expect(engine.lintAndFix(text).findings[0].fix).toMatchObject({ title: 'Add a comment', applicability: 'unsafe' });
    expect(engine.lint(text)[0]).toMatchObject({ fixable: true, unsafeFix: true });
    expect(new Engine(new RuleSet([commentRule('TST003', 'safe')])).lint(text)[0].unsafeFix).toBeUndefined();
    expect(engine.lintAndFix(text, { unsafeFixes: true })).toMatchObject({ output: `# TST002\n${text}`, fixed: true, findings: [] });
    expect(new Engine(new RuleSet([commentRule('TST003', 'safe')])).lintAndFix(text).output).toBe(`# TST003\n${text}`);
  });

  it('refuses a fix from a rule that does not declare itself fixable', () => {
    const engine = new Engine(new RuleSet([commentRule('TST004', undefined, false)]));
    expect(() => engine.lint('FROM python:3.13\n')).toThrow('TST004 reported a safe fix but does not declare one (fixable: false)');
  });

  it('refuses a fix whose applicability the rule does not declare', () => {
    expect(() => new Engine(new RuleSet([commentRule('TST008', 'unsafe', 'safe')])).lint('FROM python:3.13\n')).toThrow(
      'TST008 reported an unsafe fix but does not declare one (fixable: safe)',
    );
    expect(() => new Engine(new RuleSet([commentRule('TST009', 'safe', 'unsafe')])).lint('FROM python:3.13\n')).toThrow(
      'TST009 reported a safe fix but does not declare one (fixable: unsafe)',
    );
    expect(new Engine(new RuleSet([commentRule('TST010', 'unsafe', 'safe and unsafe')])).lint('FROM python:3.13\n')[0].unsafeFix).toBe(true);
  });

  it('a failing rule is handed to onRuleError and the others still report', () => {
    const engine = new Engine(new RuleSet([failing, commentRule('TST005', undefined)]));
    const failures: string[] = [];
    const findings = engine.lint('FROM python:3.13\n', { onRuleError: (rule, error) => failures.push(`${rule.code}: ${(error as Error).message}`) });
    expect(failures).toEqual(['TST900: broken rule']);
    // What the failing rule reported before it threw is dropped with it.
    expect(findings.map((finding) => finding.ruleId)).toEqual(['TST005']);
    expect(() => engine.lint('FROM python:3.13\n')).toThrow('broken rule');
  });

  it("resolves one run's settings once, and follows new settings and dates when they change", () => {
    const engine = new Engine(new RuleSet([commentRule('TST006', undefined)]));
    const rules = { TST006: 'error' as const };
    const text = 'FROM python:3.13\n';
    expect(engine.lint(text, { rules }).map((finding) => finding.severity)).toEqual(['error']);
    expect(engine.lint(text, { rules }).map((finding) => finding.severity)).toEqual(['error']);
    expect(engine.lint(text, { rules: { TST006: 'info' } }).map((finding) => finding.severity)).toEqual(['info']);
    expect(engine.lint(text, { rules: { TST006: 'off' } })).toEqual([]);
    expect(engine.lint(text).map((finding) => finding.severity)).toEqual(['warning']);
    // A bad setting or date is refused on every call, not only the first.
    const bad = { TST006: 'loud' } as unknown as Record<string, 'error'>;
    expect(() => engine.lint(text, { rules: bad })).toThrow("'loud' is not a severity");
    expect(() => engine.lint(text, { rules: bad })).toThrow("'loud' is not a severity");
    expect(() => engine.lint(text, { today: '2026-13-01' })).toThrow('is not a date');
    expect(() => engine.lint(text, { today: '2026-13-01' })).toThrow('is not a date');
  });

  it('judges dates by the day given, parsed once per string', () => {
    const seen: number[] = [];
    const dated: Rule = { ...commentRule('TST007', undefined, false), check: ({ options }) => void seen.push(options.today.getTime()) };
    const engine = new Engine(new RuleSet([dated]));
    engine.lint('FROM a\n', { today: '2026-01-02' });
    engine.lint('FROM a\n', { today: '2026-01-02' });
    engine.lint('FROM a\n', { today: '2027-03-04' });
    expect(seen).toEqual([Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 2), Date.UTC(2027, 2, 4)]);
  });
});
