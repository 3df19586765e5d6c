/** The committed rule docs and README table are exactly what the rule modules generate. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { rules } from '../../rules/index.js';
import { renderRulePage, ruleDocPath, withOverlapTable, withRuleTable } from '../../src/core/docs/markdown.js';
import {
  CONFIG_SCHEMA_PATH,
  OVERLAPS_PAGE,
  README_EXAMPLE_PROJECT,
  renderConfigSchema,
  runReadmeExample,
  withReadmeExample,
} from '../../scripts/generate-docs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('generated docs (run `npm run docs` when this fails)', () => {
  it('has one page per rule and no other', () => {
    const pages = readdirSync(path.join(ROOT, 'docs/rules')).sort();
    expect(pages).toEqual(rules.map((rule) => path.basename(ruleDocPath(rule))).sort());
  });

  for (const rule of rules) {
    it(`${ruleDocPath(rule)} is up to date`, () => {
      expect(readFileSync(path.join(ROOT, ruleDocPath(rule)), 'utf8')).toBe(renderRulePage(rule));
    });
  }

  it("README's rule table lists every rule", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withRuleTable(readme, rules));
    for (const rule of rules) expect(readme).toContain(`\`${rule.name}\``);
  });

  it(`README's example output is what the CLI prints for ${README_EXAMPLE_PROJECT}`, () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const output = runReadmeExample(ROOT);
    expect(output).toContain('FDL001 cmd-exec-form');
    expect(readme).toBe(withReadmeExample(readme, output));
  });

  it('`--explain` prints the full explanation of every rule', () => {
    for (const rule of rules) {
      const run = runCli(['--explain', rule.name]);
      expect(run.status, rule.code).toBe(0);
      for (const field of ['description', 'why', 'bad', 'good', 'fixSafety'] as const) expect(run.stdout, `${rule.code} ${field}`).toContain(rule.docs[field]);
      expect(run.stdout).not.toContain('<!--');
    }
  });

  it(`${OVERLAPS_PAGE}'s table is the one src/core/other-linters.ts holds`, () => {
    const page = readFileSync(path.join(ROOT, OVERLAPS_PAGE), 'utf8');
    expect(page).toBe(withOverlapTable(page, rules));
    expect(page).toContain('| DL3025 |');
  });

  it("`--explain` names the rule of ours that covers another linter's code, then explains it", () => {
    const run = runCli(['--explain', 'DL3025']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'FDL001 cmd-exec-form covers hadolint DL3025. ' +
        'Same lines. Ours fixes it, and knows when a shell form is needed (pipes, `&&`), where FDL012 then asks for `exec`.',
    );
    expect(run.stdout).toContain('# FDL001 cmd-exec-form');
    expect(run.stdout).not.toContain('FDL025');
    const partial = runCli(['--explain', 'dl3002']);
    expect(partial.stdout).toMatch(/^FDL014 non-root-user covers hadolint DL3002 \(only an explicit `USER root`\/`0`\)\. hadolint: partial/);
    const uncovered = runCli(['--explain', 'DL3008']);
    expect(uncovered.status).toBe(2);
    expect(uncovered.stderr).toContain("unknown rule 'DL3008': it is another linter's code (DL3008), and no rule here covers it");
    expect(uncovered.stderr).not.toContain('did you mean');
  });

  it(`${CONFIG_SCHEMA_PATH} is up to date`, () => {
    expect(readFileSync(path.join(ROOT, CONFIG_SCHEMA_PATH), 'utf8')).toBe(renderConfigSchema());
  });

  it('every rule has complete docs and a module named after it', () => {
    for (const rule of rules) {
      expect(rule.code).toMatch(/^FDL\d{3}$/);
      for (const field of ['description', 'why', 'bad', 'good', 'fixSafety'] as const)
        expect(rule.docs[field].length, `${rule.code} ${field}`).toBeGreaterThan(20);
      expect(readdirSync(path.join(ROOT, 'rules'))).toContain(`${rule.name}.ts`);
      expect(readdirSync(path.join(ROOT, 'test/rules'))).toContain(`${rule.name}.test.ts`);
    }
  });
});
