/**
 * Whole repositories as fixtures (`fixtures/repositories/<pattern>/`): copied to a fresh
 * directory, once as an exported tree and once as a checkout (`git init`, or a bare `.git`
 * folder where git is missing: the linter never runs git), and linted from their root the way
 * `fastapi-docker-lint` with no argument lints them.
 *
 * Expectations are inline (test/helpers/expectations.ts) in any file of the fixture; a file the
 * run must lint that has no finding says so with a line `# expect-linted`. Files holding
 * neither are files the run must not lint (a virtualenv's, an ignored folder's).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../../src/cli/discover.js';
import { Linter } from '../../src/node/linter.js';
import { expectationsIn, instructionLines, isRootNote } from './expectations.js';

export const REPOSITORIES = path.resolve(import.meta.dirname, '../../fixtures/repositories');
/** Verdicts do not change as the calendar moves (FDL010). */
export const FIXTURE_TODAY = '2026-11-26';

export function repositoryFixtures(): string[] {
  return readdirSync(REPOSITORIES)
    .filter((name) => statSync(path.join(REPOSITORIES, name)).isDirectory())
    .sort();
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** A file's text as the linter reads it: UTF-16 with a byte-order mark decoded (pip's requirements files). */
function textOf(file: string): string {
  const bytes = readFileSync(file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8').replace(/^\ufeff/, '');
}

export interface RepositoryExpectation {
  /** Paths relative to the root, in the order a walk lints them (sorted segment by segment). */
  linted: string[];
  /** `path:CODE@line`, sorted. */
  findings: string[];
}

/** What the fixture's markers say a run from its root must report. */
export function expectationsOf(fixture: string): RepositoryExpectation {
  const linted: string[] = [];
  const findings: string[] = [];
  for (const file of walk(fixture)) {
    const relative = path.relative(fixture, file).split(path.sep).join('/');
    const text = textOf(file);
    const isDockerfile = /^#\s*expect-linted\s*$/m.test(text) || /^FROM\s/im.test(text);
    const found = expectationsIn(text, isDockerfile ? instructionLines(text) : (line) => line, `${relative}:`);
    findings.push(...found);
    if (/^#\s*expect-linted\s*$/m.test(text) || (isDockerfile && found.length > 0)) linted.push(relative);
  }
  return { linted: linted.sort(walkOrder), findings: findings.sort() };
}

function walkOrder(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index] < right[index] ? -1 : 1;
  }
  return left.length - right.length;
}

/** A fresh copy of a fixture; `checkout`: with a `.git` at its top, as `git init` leaves it. */
export function copyFixture(fixture: string, { checkout }: { checkout: boolean }): string {
  const directory = mkdtempSync(path.join(tmpdir(), `fdl-repo-${path.basename(fixture)}-`));
  cpSync(fixture, directory, { recursive: true });
  if (checkout) {
    const git = spawnSync('git', ['init', '-q', directory], { encoding: 'utf8' });
    if (git.status !== 0) mkdirSync(path.join(directory, '.git'));
  }
  return directory;
}

/** What a run with no argument from `root` lints and reports, in the Node API (discover + Linter). */
export async function lintRepository(root: string): Promise<RepositoryExpectation & { errors: string[] }> {
  const linter = new Linter({ cwd: root, overrides: { today: FIXTURE_TODAY } });
  const discovery = await discover([], root, linter.session);
  const findings = new Set<string>();
  const linted: string[] = [];
  for (const target of discovery.targets) {
    const relative = path.relative(root, target).split(path.sep).join('/');
    linted.push(relative);
    for (const finding of linter.lintText(readFileSync(target, 'utf8'), { filePath: target })) {
      if (isRootNote(finding)) continue;
      const file = finding.filePath === undefined ? relative : path.relative(root, finding.filePath).split(path.sep).join('/');
      findings.add(`${file}:${finding.ruleId}@${finding.line}`);
    }
  }
  return { linted, findings: [...findings].sort(), errors: discovery.errors };
}
