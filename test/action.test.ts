/**
 * The composite GitHub Action: its inputs, and its lint steps run as the runner runs them
 * (bash, inputs in the environment, GITHUB_ACTION_PATH set) against a scratch repository.
 * The setup steps (setup-node, npm ci) are the runner's; the package is built here already.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Step {
  name: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};

/** Runs a step's script with the inputs substituted into its `env`, as the runner would. */
function runStep(step: Step, inputs: Record<string, string>, cwd: string) {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_match, input: string) => inputs[input] ?? action.inputs[input].default);
  }
  return spawnSync('bash', ['-e', '-c', step.run as string], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, GITHUB_ACTION_PATH: ROOT, GITHUB_ACTIONS: 'true', NO_COLOR: '1' },
  });
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
    const sarif = runStep(sarifStep, inputs, repo);
    expect(sarif.status, sarif.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(repo, 'reports/lint.sarif'), 'utf8'));
    expect(report.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(['FDL001', 'FDL004']);
    const lint = runStep(lintStep, inputs, repo);
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('::error file=services/api/Dockerfile,line=2,col=5');
    expect(lint.stdout).toContain('::warning file=Containerfile,line=2');
  });

  it('takes a config file and a threshold', () => {
    const repo = scratchDir({ Dockerfile: 'FROM python:3.13\nRUN pip install fastapi==0.115.0\n', 'lint.yaml': 'ignore: [FDL004]\n' });
    const [, , , lintStep] = action.runs.steps;
    expect(runStep(lintStep, { 'failure-threshold': 'warning' }, repo).status).toBe(1);
    expect(runStep(lintStep, { 'failure-threshold': 'warning', config: 'lint.yaml' }, repo)).toMatchObject({ status: 0, stdout: '' });
  });
});
