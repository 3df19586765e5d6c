/**
 * The fixture runner: every Dockerfile under fixtures/ states its own expectations.
 *
 *   # fixture: behind-proxy deploy-target=kubernetes today=2026-11-26   (options, first lines)
 *
 * `today` defaults to FIXTURE_TODAY, so fixtures do not change verdict as the calendar moves.
 *   # expect: FDL001 FDL004                                             (findings on the next line)
 *
 * The findings must be exactly the expected ones: a fixture with no `# expect:` line must lint
 * clean, so silent fixtures are specifications too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, type LintOptions } from '../src/lint.js';
import { buildModel } from '../src/model/build.js';
import type { DeployTarget } from '../src/rule.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

function fixtureFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) return fixtureFiles(full);
    return entry === 'Dockerfile' || entry.endsWith('.Dockerfile') ? [full] : [];
  });
}

const FIXTURE_TODAY = '2026-11-26';

function optionsOf(text: string): LintOptions {
  const header = /^# fixture:(.*)$/m.exec(text)?.[1] ?? '';
  const options: LintOptions = { today: FIXTURE_TODAY };
  for (const word of header.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = word.split('=');
    if (key === 'behind-proxy') options.behindProxy = true;
    else if (key === 'deploy-target') options.deployTarget = value as DeployTarget;
    else if (key === 'today') options.today = value;
    else if (key === 'report-unused-ignores') options.reportUnusedIgnores = true;
    else throw new Error(`unknown fixture option '${key}'`);
  }
  return options;
}

/** `CODE@line` for every expectation; the line is that of the instruction or line it precedes. */
function expectations(text: string): { expected: string[]; lineOwner: (line: number) => number } {
  const model = buildModel(text);
  const lines = text.split(/\r\n|\n|\r/);
  const instructionStarts = model.instructions.map((instruction) => ({
    first: model.source.positionAt(instruction.range.start).line + 1,
    last: model.source.positionAt(instruction.range.end).line + 1,
  }));
  const lineOwner = (line: number) => instructionStarts.find((span) => line >= span.first && line <= span.last)?.first ?? line;
  const expected: string[] = [];
  lines.forEach((line, index) => {
    const match = /^#\s*expect:\s*(.*)$/.exec(line.trim());
    if (!match) return;
    let target = index + 1;
    while (target < lines.length && (/^#\s*expect:/.test(lines[target].trim()) || lines[target].trim() === '')) target++;
    for (const code of match[1].trim().split(/\s+/)) expected.push(`${code}@${lineOwner(target + 1)}`);
  });
  return { expected: expected.sort(), lineOwner };
}

describe('fixtures', () => {
  const files = fixtureFiles(FIXTURES);
  it('exist for every rule that reads a Dockerfile', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const file of files) {
    it(path.relative(FIXTURES, file), () => {
      const text = readFileSync(file, 'utf8');
      const { expected, lineOwner } = expectations(text);
      const actual = lint(text, optionsOf(text))
        .map((finding) => `${finding.ruleId}@${lineOwner(finding.line)}`)
        .sort();
      expect(actual).toEqual(expected);
    });
  }
});
