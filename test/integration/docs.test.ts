/** The committed rule docs and README table are exactly what the rule modules generate. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { rules } from '../../rules/index.js';
import { renderRulePage, ruleDocPath, withRuleTable } from '../../src/core/docs/markdown.js';
import { CONFIG_SCHEMA_PATH, README_EXAMPLE_PROJECT, renderConfigSchema, runReadmeExample, withReadmeExample } from '../../scripts/generate-docs.js';

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

  it(`${CONFIG_SCHEMA_PATH} is up to date`, () => {
    expect(readFileSync(path.join(ROOT, CONFIG_SCHEMA_PATH), 'utf8')).toBe(renderConfigSchema());
  });

  it('every rule has complete docs and a module named after it', () => {
    for (const rule of rules) {
      expect(rule.code).toMatch(/^FDL\d{3}$/);
      for (const field of ['description', 'why', 'bad', 'good', 'fixSafety'] as const) expect(rule.docs[field].length, `${rule.code} ${field}`).toBeGreaterThan(20);
      expect(readdirSync(path.join(ROOT, 'rules'))).toContain(`${rule.name}.ts`);
      expect(readdirSync(path.join(ROOT, 'test/rules'))).toContain(`${rule.name}.test.ts`);
    }
  });
});
