/**
 * The fixture runner: every fixture states its own expectations.
 *
 *   # fixture: behind-proxy deploy-target=kubernetes today=2026-11-26   (options, first lines)
 *   # expect: FDL001 FDL004                                             (findings on the next line)
 *   # expect-here: FDL000                                               (a finding on this very line)
 *
 * - `fixtures/<rule>/<case>.Dockerfile`: a Dockerfile alone, linted without a build context.
 * - `fixtures/<rule>/<case>/`: a small project. Its `Dockerfile` (or `docker/Dockerfile`, or any
 *   file named `Dockerfile`) is linted with the build context the CLI would find (Compose file,
 *   else the Dockerfile's directory; `# fixture: context=DIR` or `no-context` override it), and
 *   `# expect:` lines in any of its files (requirements.txt, pyproject.toml) count too.
 *
 * `fixtures/repositories/<pattern>/` are whole repositories, linted as `fastapi-docker-lint` with no
 * argument lints them: test/repositories.test.ts.
 *
 * The findings must be exactly the expected ones, so a fixture with no `# expect:` line must lint
 * clean: silent fixtures are specifications too. `today` defaults to FIXTURE_TODAY, so verdicts do
 * not change as the calendar moves.
 *
 * One exception: FDL014's note that the image runs as root (info, when no deploy target is set)
 * would be on nearly every fixture, since they build on the official images and set no USER. Only
 * the fixtures of FDL014 itself (`fixtures/non-root-user/`) state it; elsewhere that info-level
 * finding is not counted. With a deploy target it is a warning and counts everywhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, type LintOptions } from '../src/core/lint.js';
import { expectationsIn, instructionLines, isRootNote } from './helpers/expectations.js';
import { nodeBuildContext } from '../src/node/context-file-system.js';
import { locateContext } from '../src/node/locate.js';
import type { DeployTarget } from '../src/core/rule.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const FIXTURE_TODAY = '2026-11-26';

interface Fixture {
  /** The Dockerfile to lint. */
  dockerfile: string;
  /** The project folder, for project fixtures. */
  project: string | undefined;
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function fixtures(): Fixture[] {
  const found: Fixture[] = [];
  // Whole repositories are linted from their root, with and without `.git`: test/repositories.test.ts.
  for (const group of readdirSync(FIXTURES).filter((name) => name !== 'repositories')) {
    for (const entry of readdirSync(path.join(FIXTURES, group))) {
      const full = path.join(FIXTURES, group, entry);
      if (statSync(full).isDirectory()) {
        for (const file of walk(full)) if (path.basename(file) === 'Dockerfile') found.push({ dockerfile: file, project: full });
      } else if (entry.endsWith('.Dockerfile')) {
        found.push({ dockerfile: full, project: undefined });
      }
    }
  }
  return found;
}

function optionsOf(fixture: Fixture, text: string): LintOptions {
  const header = /^# fixture:(.*)$/m.exec(text)?.[1] ?? '';
  const options: LintOptions = { today: FIXTURE_TODAY };
  let context: string | undefined;
  let noContext = fixture.project === undefined;
  for (const word of header.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = word.split('=');
    if (key === 'behind-proxy') options.behindProxy = true;
    else if (key === 'deploy-target') options.deployTarget = value as DeployTarget;
    else if (key === 'today') options.today = value;
    else if (key === 'report-unused-ignores') options.reportUnusedIgnores = true;
    else if (key === 'context') context = path.resolve(path.dirname(fixture.dockerfile), value);
    else if (key === 'no-context') noContext = true;
    else throw new Error(`unknown fixture option '${key}'`);
  }
  if (!noContext) {
    options.buildContext = context ? nodeBuildContext(context, fixture.dockerfile, 'option') : locateContext(fixture.dockerfile);
  }
  return options;
}

describe('fixtures', () => {
  const all = fixtures();
  it('cover the rules, alone and in projects', () => {
    expect(all.filter((fixture) => fixture.project === undefined).length).toBeGreaterThan(40);
    expect(all.filter((fixture) => fixture.project !== undefined).length).toBeGreaterThan(10);
  });
  for (const fixture of all) {
    it(path.relative(FIXTURES, fixture.dockerfile), () => {
      const text = readFileSync(fixture.dockerfile, 'utf8');
      const ownerOf = instructionLines(text);
      const expected = expectationsIn(text, ownerOf, '');
      if (fixture.project) {
        for (const file of walk(fixture.project)) {
          if (file === fixture.dockerfile || path.basename(file) === 'Dockerfile') continue;
          expected.push(...expectationsIn(readFileSync(file, 'utf8'), (line) => line, `${path.relative(fixture.project, file)}:`));
        }
      }
      const ownsRootNote = path.relative(FIXTURES, fixture.dockerfile).startsWith(`non-root-user${path.sep}`);
      const counted = (finding: { ruleId: string; severity: string }) => ownsRootNote || !isRootNote(finding);
      const actual = lint(text, optionsOf(fixture, text))
        .filter(counted)
        .map((finding) => {
          if (finding.filePath === undefined) return `${finding.ruleId}@${ownerOf(finding.line)}`;
          return `${path.relative(fixture.project ?? '', finding.filePath)}:${finding.ruleId}@${finding.line}`;
        });
      expect(actual.sort()).toEqual(expected.sort());
    });
  }
});
