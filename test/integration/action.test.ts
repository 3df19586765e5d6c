/**
 * The composite GitHub Action: its inputs, and its lint step run as the runner runs it (bash
 * with `-e -o pipefail`, inputs in the environment, GITHUB_ACTION_PATH, GITHUB_WORKSPACE and
 * RUNNER_TEMP set, the checkout as working directory) against a scratch repository. The
 * setup-node step is the runner's; the package is built here already, as in a release tag that
 * ships dist/bundle. An action checkout without it (a branch) installs the release from npm.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

/**
 * Runs a step's script as the runner would: bash with `-e -o pipefail`, the inputs substituted
 * into its `env`, the checkout as working directory. `actionPath`: the action's checkout (default:
 * this one, built); `env`: more of the runner's environment.
 */
function runStep(
  step: Step,
  inputs: Record<string, string>,
  cwd: string,
  { actionPath = ROOT, env: extra = {} }: { actionPath?: string; env?: Record<string, string> } = {},
) {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_match, input: string) => inputs[input] ?? action.inputs[input].default);
  }
  return spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run as string], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...env,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_WORKSPACE: cwd,
      RUNNER_TEMP: scratchDir(),
      GITHUB_ACTIONS: 'true',
      NO_COLOR: '1',
      ...extra,
    },
  });
}

/** The action as a branch checkout has it: action.yml and package.json, no dist/. */
function actionWithoutBundle(): string {
  const directory = scratchDir();
  copyFileSync(path.join(ROOT, 'action.yml'), path.join(directory, 'action.yml'));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(directory, 'package.json'));
  return directory;
}

const MARKER = 'planted-code-ran';

/**
 * A checkout that plants the action's own package: node_modules/fastapi-docker-lint at the
 * action's version with its bin, node_modules/.bin/fastapi-docker-lint, and an .npmrc naming
 * another registry. Any of them run leaves MARKER in the checkout.
 */
function plantedCheckout(): string {
  const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  const evil = `require('node:fs').writeFileSync(${JSON.stringify(MARKER)}, 'ran');\n`;
  const repo = scratchDir({
    Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n',
    '.npmrc': 'registry=http://127.0.0.1:9/\nignore-scripts=false\n',
    'node_modules/fastapi-docker-lint/package.json': JSON.stringify({
      name: 'fastapi-docker-lint',
      version,
      bin: { 'fastapi-docker-lint': 'dist/bundle/cli.cjs' },
    }),
    'node_modules/fastapi-docker-lint/dist/bundle/cli.cjs': `#!/usr/bin/env node\n${evil}`,
    'node_modules/fastapi-docker-lint/dist/bundle/action.cjs': evil,
    'node_modules/.bin/fastapi-docker-lint': `#!/usr/bin/env node\n${evil}`,
  });
  chmodSync(path.join(repo, 'node_modules/.bin/fastapi-docker-lint'), 0o755);
  chmodSync(path.join(repo, 'node_modules/fastapi-docker-lint/dist/bundle/cli.cjs'), 0o755);
  return repo;
}

describe('action.yml', () => {
  it('is a composite action on Node 24 that lints once and builds nothing', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['dockerfile', 'failure-threshold', 'config', 'sarif-file']);
    expect(action.runs.steps.map((step) => step.name)).toEqual(['Set up Node.js', 'Lint']);
    expect(action.runs.steps[0].with).toEqual({ 'node-version': '24' });
    // No build, no npx, and the CLI is started once, by absolute path.
    expect(lintStep.run).not.toMatch(/npm (ci|run)|npx|tsc|esbuild/);
    expect(lintStep.run?.match(/node "\$bundle\/cli\.cjs"/g)).toHaveLength(1);
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

  it('annotates exactly what --format github prints, bidirectional controls and separators escaped alike', () => {
    const repo = scratchDir({
      'a b/Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\nRUN pip install "fastapi[standard]==0.115.0"\n',
      'x\u202eelif.\u2066Dockerfile': 'FROM python:3.13\nCMD fastapi run \u2028m\u2069.py\n',
    });
    const bidi = runStep(lintStep, { dockerfile: 'x\u202eelif.\u2066Dockerfile' }, repo);
    expect(bidi.stdout).toContain('file=x\\u202eelif.\\u2066Dockerfile');
    expect(bidi.stdout).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(bidi.stdout).toBe(
      spawnSync(process.execPath, [path.join(ROOT, 'dist/bundle/cli.cjs'), '--format', 'github', '--', 'x\u202eelif.\u2066Dockerfile'], {
        cwd: repo,
        encoding: 'utf8',
      }).stdout,
    );
    const lint = runStep(lintStep, { dockerfile: 'a b/Dockerfile' }, repo);
    const github = spawnSync(process.execPath, [path.join(ROOT, 'dist/bundle/cli.cjs'), '--format', 'github', '--', 'a b/Dockerfile'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(lint.stdout).toBe(github.stdout);
    expect(lint.status).toBe(github.status);
  });

  it('reads one path per line: a path with spaces is one path, blank lines and CRs are dropped', () => {
    const repo = scratchDir({
      'my app/Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\n',
      'other/Dockerfile': 'FROM python:3.13\nCMD fastapi run main.py\n',
    });
    const lint = runStep(lintStep, { dockerfile: '  my app/Dockerfile\r\n\nother/Dockerfile  \n' }, repo);
    expect(lint.stderr).toBe('');
    expect(lint.stdout).toContain('::error file=my app/Dockerfile,line=2');
    expect(lint.stdout).toContain('::error file=other/Dockerfile,line=2');
  });

  it('fails with exit 2 when the SARIF report cannot be written, says why in one ::error, and writes nothing through the link', () => {
    const victim = scratchDir({ 'precious.txt': 'keep me\n' });
    const repo = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n' });
    // A committed symbolic link where the report goes.
    symlinkSync(path.join(victim, 'precious.txt'), path.join(repo, 'fastapi-docker-lint.sarif'));
    const lint = runStep(lintStep, {}, repo);
    expect(lint.status).toBe(2);
    expect(lint.stderr).toContain('fastapi-docker-lint.sarif: is a symbolic link');
    expect(lint.stdout).toMatch(
      /^::error title=fastapi-docker-lint could not run::fastapi-docker-lint stopped with exit 2: fastapi-docker-lint.sarif: is a symbolic link; .*\n$/,
    );
    expect(readFileSync(path.join(victim, 'precious.txt'), 'utf8')).toBe('keep me\n');
    // The same through a committed folder that links out of the checkout.
    const folder = scratchDir({ Dockerfile: 'FROM python:3.13\nCMD fastapi run main.py\n' });
    symlinkSync(victim, path.join(folder, 'reports'));
    const through = runStep(lintStep, { 'sarif-file': 'reports/lint.sarif' }, folder);
    expect(through.status).toBe(2);
    expect(through.stdout).toContain('::error title=fastapi-docker-lint could not run::');
    expect(readdirSync(victim)).toEqual(['precious.txt']);
  });

  it('never runs code from the checkout: a planted package, bin and .npmrc are ignored, and a failed install is exit 2 with one ::error', () => {
    const repo = plantedCheckout();
    // An action checkout without its bundle installs from the registry; offline here, so npm fails.
    const lint = runStep(lintStep, {}, repo, { actionPath: actionWithoutBundle(), env: { npm_config_offline: 'true' } });
    expect(existsSync(path.join(repo, MARKER))).toBe(false);
    expect(lint.status).toBe(2);
    expect(lint.stdout).toMatch(
      /^::error title=fastapi-docker-lint could not run::npm could not install fastapi-docker-lint@\d+\.\d+\.\d+ from registry\.npmjs\.org \(see the log above\); nothing was linted\n$/,
    );
    // The release tag's bundle: the same checkout is linted by it, and fails on its findings (exit 1).
    const shipped = runStep(lintStep, {}, repo);
    expect(existsSync(path.join(repo, MARKER))).toBe(false);
    expect(shipped.status).toBe(1);
    expect(shipped.stdout).toContain('::error file=Dockerfile,line=2');
  });

  it('installs into RUNNER_TEMP with the registry and --ignore-scripts on the command line, and runs the bundle from there', () => {
    const repo = plantedCheckout();
    // A stand-in npm: it records how it was called and installs this build as the registry's.
    const bin = scratchDir();
    const calls = path.join(bin, 'calls.json');
    writeFileSync(
      path.join(bin, 'npm'),
      `#!${process.execPath}\nconst fs = require('node:fs'), path = require('node:path');\nfs.writeFileSync(${JSON.stringify(calls)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }));\nconst prefix = process.argv[process.argv.indexOf('--prefix') + 1];\nconst target = path.join(prefix, 'node_modules/fastapi-docker-lint');\nfs.mkdirSync(target, { recursive: true });\nfs.cpSync(${JSON.stringify(path.join(ROOT, 'dist/bundle'))}, path.join(target, 'dist/bundle'), { recursive: true });\n`,
    );
    chmodSync(path.join(bin, 'npm'), 0o755);
    const temporary = scratchDir();
    const lint = runStep(lintStep, {}, repo, { actionPath: actionWithoutBundle(), env: { PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: temporary } });
    expect(existsSync(path.join(repo, MARKER))).toBe(false);
    expect(lint.status, lint.stderr).toBe(1);
    expect(lint.stdout).toContain('::error file=Dockerfile,line=2');
    const call = JSON.parse(readFileSync(calls, 'utf8')) as { args: string[]; cwd: string };
    expect(call.cwd).toBe(temporary);
    expect(call.args).toEqual(
      expect.arrayContaining([
        'install',
        '--ignore-scripts',
        '--registry=https://registry.npmjs.org/',
        '--prefix',
        expect.stringMatching(new RegExp(`^${temporary}/`)),
      ]),
    );
    expect(call.args.at(-1)).toMatch(/^fastapi-docker-lint@\d+\.\d+\.\d+$/);
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
