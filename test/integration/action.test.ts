/**
 * The composite GitHub Action: its inputs, and its lint step run as the runner runs it (bash,
 * inputs in the environment, GITHUB_ACTION_PATH set) against a scratch repository. The
 * setup-node step is the runner's; the package is built here already, as in a release checkout.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Step {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};

const lintStep = action.runs.steps.find((step) => step.name === 'Lint') as Step;

/** Runs a step's script as the runner would: bash with `-e -o pipefail`, the inputs substituted into its `env`. */
function runStep(step: Step, inputs: Record<string, string>, cwd: string) {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_match, input: string) => inputs[input] ?? action.inputs[input].default);
  }
  return spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run as string], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, GITHUB_ACTION_PATH: ROOT, GITHUB_ACTIONS: 'true', NO_COLOR: '1' },
  });
}

describe('action.yml', () => {
  it('is a composite action on Node 24 that lints once and builds nothing', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['dockerfile', 'failure-threshold', 'config', 'sarif-file']);
    expect(action.runs.steps.map((step) => step.name)).toEqual(['Set up Node.js', 'Lint']);
    expect(action.runs.steps[0].with).toEqual({ 'node-version': '24' });
    // No install, no build, and the CLI is started once.
    expect(lintStep.run).not.toMatch(/npm (ci|install)|tsc|esbuild|npm run/);
    expect(lintStep.run?.match(/"\$\{cli\[@\]\}"/g)).toHaveLength(1);
    // The threshold input has no default: the user's config decides unless it is given.
    expect(action.inputs['failure-threshold'].default).toBe('');
    // No input is spliced into a script: they arrive through env.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('writes SARIF and annotates from it, and fails the step on errors', () => {
    const repo = scratchDir();
    mkdirSync(path.join(repo, 'services/api'), { recursive: true });
    writeFileSync(path.join(repo, 'services/api/Dockerfile'), 'FROM python:3.13\nCMD fastapi run main.py\n');
    writeFileSync(path.join(repo, 'Containerfile'), 'FROM python:3.13\nRUN pip install "fastapi[standard]==0.115.0"\n');
    mkdirSync(path.join(repo, 'reports'));
    const lint = runStep(lintStep, { dockerfile: 'services/api/Dockerfile\nContainerfile\n', 'sarif-file': 'reports/lint.sarif' }, repo);
    expect(lint.status, lint.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(repo, 'reports/lint.sarif'), 'utf8'));
    const ruleIds = report.runs[0].results.map((result: { ruleId: string }) => result.ruleId);
    expect(ruleIds).toContain('FDL001');
    expect(ruleIds).toContain('FDL004');
    // One annotation per SARIF result, as --format github prints them.
    expect(lint.stdout.trim().split('\n')).toHaveLength(ruleIds.length);
    expect(lint.stdout).toContain('::error file=services/api/Dockerfile,line=2,col=5');
    expect(lint.stdout).toMatch(/::warning file=Containerfile,line=2,col=\d+,endLine=2,endColumn=\d+,title=FDL004 pip-no-cache-dir::/);
  });

  it('annotates exactly what --format github prints', () => {
    const repo = scratchDir({ 'a b/Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\nRUN pip install "fastapi[standard]==0.115.0"\n' });
    const lint = runStep(lintStep, { dockerfile: 'a b/Dockerfile' }, repo);
    const github = spawnSync(process.execPath, [path.join(ROOT, 'dist/bundle/cli.cjs'), '--format', 'github', '--', 'a b/Dockerfile'], { cwd: repo, encoding: 'utf8' });
    expect(lint.stdout).toBe(github.stdout);
    expect(lint.status).toBe(github.status);
  });

  it('reads one path per line: a path with spaces is one path, blank lines and CRs are dropped', () => {
    const repo = scratchDir({ 'my app/Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\n', 'other/Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\n' });
    const lint = runStep(lintStep, { dockerfile: '  my app/Dockerfile\r\n\nother/Dockerfile  \n' }, repo);
    expect(lint.stderr).toBe('');
    expect(lint.stdout).toContain('::error file=my app/Dockerfile,line=2');
    expect(lint.stdout).toContain('::error file=other/Dockerfile,line=2');
  });

  it('fails with exit 2 when the SARIF report cannot be written, and writes nothing through the link', () => {
    const victim = scratchDir({ 'precious.txt': 'keep me\n' });
    const repo = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n' });
    // A committed symbolic link where the report goes.
    symlinkSync(path.join(victim, 'precious.txt'), path.join(repo, 'fastapi-docker-lint.sarif'));
    const lint = runStep(lintStep, {}, repo);
    expect(lint.status).toBe(2);
    expect(lint.stderr).toContain('fastapi-docker-lint.sarif: is a symbolic link');
    expect(readFileSync(path.join(victim, 'precious.txt'), 'utf8')).toBe('keep me\n');
  });

  it('reads a path that starts with a dash as a path', () => {
    const repo = scratchDir({ '--output-file=x.Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\n', 'x.Dockerfile': 'FROM python:3.13\n' });
    const lint = runStep(lintStep, { dockerfile: '--output-file=x.Dockerfile' }, repo);
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('::error file=--output-file=x.Dockerfile,line=2');
    expect(readFileSync(path.join(repo, 'x.Dockerfile'), 'utf8')).toBe('FROM python:3.13\n');
  });

  it("honours the config's failure-threshold unless the input is given", () => {
    const dockerfile = 'FROM python:3.13\nRUN pip install "fastapi[standard]==0.115.0"\nCMD ["fastapi", "run", "main.py"]\nUSER 10001\n';
    const repo = scratchDir({ Dockerfile: dockerfile, '.fastapi-docker-lint.yaml': 'failure-threshold: warning\n' });
    // A warning, and the config says warnings fail: the action's default does not override it.
    expect(runStep(lintStep, {}, repo).status).toBe(1);
    expect(runStep(lintStep, { 'failure-threshold': 'error' }, repo).status).toBe(0);
    const plain = scratchDir({ Dockerfile: dockerfile, 'lint.yaml': 'ignore: [FDL004]\n' });
    expect(runStep(lintStep, {}, plain).status).toBe(0);
    expect(runStep(lintStep, { 'failure-threshold': 'warning' }, plain).status).toBe(1);
    expect(runStep(lintStep, { 'failure-threshold': 'warning', config: 'lint.yaml' }, plain)).toMatchObject({ status: 0, stdout: '' });
  });
});
