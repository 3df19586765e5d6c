/**
 * The composite GitHub Action: its inputs, and its lint steps run as the runner runs them
 * (bash, inputs in the environment, GITHUB_ACTION_PATH set) against a scratch repository.
 * The setup steps (setup-node, npm ci) are the runner's; the package is built here already.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Step {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};

/** The outputs earlier steps wrote to $GITHUB_OUTPUT, by step id. */
type StepOutputs = Record<string, Record<string, string>>;

/**
 * Runs a step's script as the runner would: bash with `-e -o pipefail`, the inputs and earlier
 * steps' outputs substituted into its `env`, and $GITHUB_OUTPUT read back into `outputs`.
 */
function runStep(step: Step, inputs: Record<string, string>, cwd: string, outputs: StepOutputs = {}) {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value
      .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_match, input: string) => inputs[input] ?? action.inputs[input].default)
      .replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_match, id: string, output: string) => outputs[id]?.[output] ?? '');
  }
  const outputFile = path.join(scratchDir(), 'github-output');
  writeFileSync(outputFile, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run as string], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, GITHUB_ACTION_PATH: ROOT, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outputFile, NO_COLOR: '1' },
  });
  if (step.id) {
    outputs[step.id] = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }
  return result;
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['dockerfile', 'format', 'failure-threshold', 'config', 'sarif-file']);
    expect(action.runs.steps.map((step) => step.name)).toEqual(['Set up Node.js', 'Install fastapi-docker-lint', 'Write the SARIF report', 'Lint']);
    // No input is spliced into a script: they arrive through env.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('writes SARIF, annotates, and fails the step on errors', () => {
    const repo = scratchDir();
    mkdirSync(path.join(repo, 'services/api'), { recursive: true });
    writeFileSync(path.join(repo, 'services/api/Dockerfile'), 'FROM python:3.13\nCMD fastapi run main.py\n');
    writeFileSync(path.join(repo, 'Containerfile'), 'FROM python:3.13\nRUN pip install fastapi==0.115.0\n');
    const [, , sarifStep, lintStep] = action.runs.steps;
    const inputs = { dockerfile: 'services/api/Dockerfile Containerfile', 'sarif-file': 'reports/lint.sarif' };
    mkdirSync(path.join(repo, 'reports'));
    const outputs: StepOutputs = {};
    const sarif = runStep(sarifStep, inputs, repo, outputs);
    expect(sarif.status, sarif.stderr).toBe(0);
    expect(outputs.sarif).toEqual({ 'exit-code': '0' });
    const report = JSON.parse(readFileSync(path.join(repo, 'reports/lint.sarif'), 'utf8'));
    expect(report.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(['FDL001', 'FDL004']);
    const lint = runStep(lintStep, inputs, repo, outputs);
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('::error file=services/api/Dockerfile,line=2,col=5');
    expect(lint.stdout).toContain('::warning file=Containerfile,line=2');
  });

  it('still lints when the SARIF report cannot be written, and fails the job with exit 2', () => {
    const victim = scratchDir({ 'precious.txt': 'keep me\n' });
    const repo = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n' });
    // A committed symbolic link where the report goes.
    symlinkSync(path.join(victim, 'precious.txt'), path.join(repo, 'fastapi-docker-lint.sarif'));
    const [, , sarifStep, lintStep] = action.runs.steps;
    const outputs: StepOutputs = {};
    const sarif = runStep(sarifStep, {}, repo, outputs);
    // The step itself succeeds, so the runner goes on to the lint step ...
    expect(sarif.status).toBe(0);
    expect(sarif.stderr).toContain('fastapi-docker-lint.sarif: is a symbolic link');
    expect(outputs.sarif).toEqual({ 'exit-code': '2' });
    expect(readFileSync(path.join(victim, 'precious.txt'), 'utf8')).toBe('keep me\n');
    // ... which annotates, then fails with the worse code: 2, not its own 1.
    const lint = runStep(lintStep, {}, repo, outputs);
    expect(lint.stdout).toContain('::error file=Dockerfile,line=2,col=5');
    expect(lint.status).toBe(2);
    // Without the SARIF failure the lint's own code stands.
    expect(runStep(lintStep, {}, repo, { sarif: { 'exit-code': '0' } }).status).toBe(1);
  });

  it('reads a path that starts with a dash as a path', () => {
    const repo = scratchDir({ '--output-file=x.Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\n', 'x.Dockerfile': 'FROM python:3.13\n' });
    const [, , sarifStep, lintStep] = action.runs.steps;
    const inputs = { dockerfile: '--output-file=x.Dockerfile' };
    const outputs: StepOutputs = {};
    runStep(sarifStep, inputs, repo, outputs);
    const lint = runStep(lintStep, inputs, repo, outputs);
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('::error file=--output-file=x.Dockerfile,line=2');
    expect(readFileSync(path.join(repo, 'x.Dockerfile'), 'utf8')).toBe('FROM python:3.13\n');
  });

  it('takes a config file and a threshold', () => {
    const repo = scratchDir({ Dockerfile: 'FROM python:3.13\nRUN pip install fastapi==0.115.0\n', 'lint.yaml': 'ignore: [FDL004]\n' });
    const [, , , lintStep] = action.runs.steps;
    expect(runStep(lintStep, { 'failure-threshold': 'warning' }, repo).status).toBe(1);
    expect(runStep(lintStep, { 'failure-threshold': 'warning', config: 'lint.yaml' }, repo)).toMatchObject({ status: 0, stdout: '' });
  });
});
