/**
 * `npm run docs`: writes docs/rules/*.md, the README's rule table and the config JSON Schema
 * from the rule modules and the config keys, and the README's example output from a real run of
 * the built CLI.
 * test/docs.test.ts fails when the committed files differ from what this writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinRules, rules } from '../rules/index.js';
import { renderRulePage, ruleDocPath, withOverlapTable, withRuleTable } from '../src/core/docs/markdown.js';
import { configJsonSchema } from '../src/core/config/schema.js';

export const CONFIG_SCHEMA_PATH = 'docs/fastapi-docker-lint.schema.json';
/** The page whose overlap table is written from src/core/other-linters.ts. */
export const OVERLAPS_PAGE = 'docs/hadolint.md';

export function renderConfigSchema(): string {
  return `${JSON.stringify(configJsonSchema(builtinRules), null, 2)}\n`;
}

/** The project the README's example lints, and the command it shows. */
export const README_EXAMPLE_PROJECT = 'fixtures/readme/project';
const README_EXAMPLE_ARGS = ['Dockerfile'];
export const EXAMPLE_START = `<!-- example:start (what the CLI prints for ${README_EXAMPLE_PROJECT}, written by \`npm run docs\`) -->`;
export const EXAMPLE_END = '<!-- example:end -->';

/**
 * What the built CLI (dist/bundle/cli.cjs) prints for the README's example, as on a terminal
 * without colour: stylish format, no environment variables of ours.
 */
export function runReadmeExample(root: string): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(NO_COLOR|FORCE_COLOR|GITHUB_ACTIONS|FASTAPI_DOCKER_LINT_.*)$/.test(key)) env[key] = value;
  }
  const result = spawnSync(process.execPath, [path.join(root, 'dist/bundle/cli.cjs'), '--no-color', '--format', 'stylish', ...README_EXAMPLE_ARGS], {
    cwd: path.join(root, README_EXAMPLE_PROJECT),
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (result.error || result.stderr !== '' || result.stdout === '') {
    throw new Error(`the README example did not run: ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout;
}

/** The README with its example block replaced by this output. */
export function withReadmeExample(readme: string, output: string): string {
  const start = readme.indexOf(EXAMPLE_START);
  const end = readme.indexOf(EXAMPLE_END);
  if (start === -1 || end === -1) throw new Error(`README.md needs the markers ${EXAMPLE_START} and ${EXAMPLE_END}`);
  const block = ['```console', `$ fastapi-docker-lint ${README_EXAMPLE_ARGS.join(' ')}`, output.trimEnd(), '```'].join('\n');
  return `${readme.slice(0, start + EXAMPLE_START.length)}\n${block}\n${readme.slice(end)}`;
}

export function generateDocs(root: string): void {
  const directory = path.join(root, 'docs/rules');
  mkdirSync(directory, { recursive: true });
  const wanted = new Set(rules.map((rule) => path.basename(ruleDocPath(rule))));
  for (const file of readdirSync(directory)) if (!wanted.has(file)) rmSync(path.join(directory, file));
  for (const rule of rules) writeFileSync(path.join(root, ruleDocPath(rule)), renderRulePage(rule));
  writeFileSync(path.join(root, CONFIG_SCHEMA_PATH), renderConfigSchema());
  const overlapsPath = path.join(root, OVERLAPS_PAGE);
  writeFileSync(overlapsPath, withOverlapTable(readFileSync(overlapsPath, 'utf8'), rules));
  const readmePath = path.join(root, 'README.md');
  writeFileSync(readmePath, withReadmeExample(withRuleTable(readFileSync(readmePath, 'utf8'), rules), runReadmeExample(root)));
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  generateDocs(process.cwd());
}
