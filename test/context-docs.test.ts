/**
 * The docs examples of the rules that read the build context, linted with the project they
 * describe. Their leading comments declare the context's files:
 *
 *   # requirements.txt: fastapi[standard]>=0.115.0,<0.116.0     (a one-line file)
 *   # .dockerignore:                                            (a file of several lines,
 *   #   .env                                                      each indented under it)
 *   # docker/Dockerfile: this file, ...                         (where the Dockerfile itself is)
 *
 * The project is a repository (Compose files are looked for up to its root). The bad example must trigger the rule; the good one nothing from it and no error at all.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { locateContext } from '../src/node/locate.js';
import { lint } from '../src/core/lint.js';
import { scratchDir } from './helpers/cli.js';

const CONTEXT_RULES = ['FDL020', 'FDL021', 'FDL022', 'FDL023', 'FDL024', 'FDL025', 'FDL026', 'FDL033'];

/** The example's declared files, and where its Dockerfile sits. */
function exampleProject(example: string): { files: Record<string, string>; dockerfile: string } {
  const lines = example.split('\n');
  const files: Record<string, string> = {};
  let dockerfile = 'Dockerfile';
  for (let index = 0; index < lines.length; index++) {
    const declared = /^# ([\w.-]+(?:\/[\w.-]+)*):(?: (.*))?$/.exec(lines[index]);
    if (!declared) continue;
    const [, file, content] = declared;
    if (content?.startsWith('this file')) {
      dockerfile = file;
    } else if (content !== undefined) {
      files[file] = `${content}\n`;
    } else {
      const body: string[] = [];
      while (index + 1 < lines.length && /^# {3}/.test(lines[index + 1])) body.push(lines[++index].slice(4));
      files[file] = body.map((line) => `${line}\n`).join('');
    }
  }
  return { files, dockerfile };
}

function lintExample(example: string) {
  const { files, dockerfile } = exampleProject(example);
  // Each example is a repository, so a Compose file at its root is found from a Dockerfile below.
  const root = scratchDir({ ...files, '.git/HEAD': 'ref: refs/heads/main\n' });
  const file = path.join(root, dockerfile);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, example);
  return lint(example, { buildContext: locateContext(file) });
}

describe('docs examples of the context rules, with their projects', () => {
  for (const rule of rules.filter((candidate) => CONTEXT_RULES.includes(candidate.code))) {
    it(`${rule.code}: the bad example triggers it`, () => {
      expect(lintExample(rule.docs.bad).filter((finding) => finding.ruleId === rule.code)).not.toEqual([]);
    });
    it(`${rule.code}: the good example triggers nothing of it, and no error`, () => {
      const findings = lintExample(rule.docs.good);
      expect(findings.filter((finding) => finding.ruleId === rule.code || finding.severity === 'error')).toEqual([]);
    });
  }

  it('reads the declarations', () => {
    expect(exampleProject('# no .dockerignore\n# a.txt: x\n# b/c:\n#   one\n#   two\n# d/Dockerfile: this file\nFROM python:3.13')).toEqual({
      files: { 'a.txt': 'x\n', 'b/c': 'one\ntwo\n' },
      dockerfile: 'd/Dockerfile',
    });
  });
});
