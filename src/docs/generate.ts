/**
 * `npm run docs`: writes docs/rules/*.md, the README's rule table and the config JSON Schema
 * from the rule modules and the config keys.
 * test/docs.test.ts fails when the committed files differ from what this writes.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import { renderRulePage, ruleDocPath, withRuleTable } from './markdown.js';
import { configJsonSchema } from '../config/schema.js';

export const CONFIG_SCHEMA_PATH = 'docs/fastapi-docker-lint.schema.json';

export function renderConfigSchema(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}

export function generateDocs(root: string): void {
  const directory = path.join(root, 'docs/rules');
  mkdirSync(directory, { recursive: true });
  const wanted = new Set(rules.map((rule) => path.basename(ruleDocPath(rule))));
  for (const file of readdirSync(directory)) if (!wanted.has(file)) rmSync(path.join(directory, file));
  for (const rule of rules) writeFileSync(path.join(root, ruleDocPath(rule)), renderRulePage(rule));
  writeFileSync(path.join(root, CONFIG_SCHEMA_PATH), renderConfigSchema());
  const readmePath = path.join(root, 'README.md');
  writeFileSync(readmePath, withRuleTable(readFileSync(readmePath, 'utf8'), rules));
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  generateDocs(process.cwd());
}
