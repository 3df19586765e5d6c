/**
 * `npm run docs`: writes docs/rules/*.md and the README's rule table from the rule modules.
 * test/docs.test.ts fails when the committed files differ from what this writes.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import { renderRulePage, ruleDocPath, withRuleTable } from './markdown.js';

export function generateDocs(root: string): void {
  const directory = path.join(root, 'docs/rules');
  mkdirSync(directory, { recursive: true });
  const wanted = new Set(rules.map((rule) => path.basename(ruleDocPath(rule))));
  for (const file of readdirSync(directory)) if (!wanted.has(file)) rmSync(path.join(directory, file));
  for (const rule of rules) writeFileSync(path.join(root, ruleDocPath(rule)), renderRulePage(rule));
  const readmePath = path.join(root, 'README.md');
  writeFileSync(readmePath, withRuleTable(readFileSync(readmePath, 'utf8'), rules));
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  generateDocs(process.cwd());
}
