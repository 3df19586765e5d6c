/**
 * The standalone executable (`npm run build:binary`, a Node.js single executable application):
 * with no `node` on PATH, alone in an empty folder, it prints byte for byte what
 * dist/bundle/cli.cjs prints over every fixture, in every format, and serves the language server.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/formatters/index.js';
import { scratchDir } from '../helpers/cli.js';
import { LspClient } from '../helpers/lsp-client.js';
import { ensureBinary, envWithoutNode, ROOT, VERSION } from './artifacts.js';

const BUNDLE = path.join(ROOT, 'dist/bundle/cli.cjs');
const TODAY = ['--today', '2026-11-26'];
let binary = '';
let env: NodeJS.ProcessEnv = {};
let home = '';
let bundleHome = '';

beforeAll(() => {
  // Alone in a folder: nothing beside it is read (the npm launcher reads main.cjs beside itself).
  const built = ensureBinary();
  binary = path.join(scratchDir(), 'fastapi-docker-lint');
  copyFileSync(built, binary);
  home = scratchDir();
  bundleHome = scratchDir();
  env = { ...envWithoutNode(), HOME: home, XDG_CACHE_HOME: undefined, GITHUB_ACTIONS: undefined };
}, 600_000);

function both(args: string[], options: { cwd?: string; input?: string } = {}) {
  const run = (command: string, prefix: string[], runEnv: NodeJS.ProcessEnv) =>
    spawnSync(command, [...prefix, ...args], { cwd: options.cwd ?? ROOT, env: runEnv, input: options.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // The bundle's launcher keeps its code cache under HOME: not in the home folder checked below.
  return { bundle: run(process.execPath, [BUNDLE], { ...env, HOME: bundleHome }), binary: run(binary, [], env) };
}

function expectSame(args: string[], options: { cwd?: string; input?: string } = {}) {
  const { bundle, binary: standalone } = both(args, options);
  expect(standalone.error).toBeUndefined();
  expect({ status: standalone.status, stdout: standalone.stdout, stderr: standalone.stderr }, args.join(' ')).toEqual({
    status: bundle.status,
    stdout: bundle.stdout,
    stderr: bundle.stderr,
  });
  return standalone;
}

describe('the standalone executable', () => {
  it('runs with no node on PATH and prints its version', () => {
    expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
    const run = spawnSync(binary, ['--version'], { env, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe(VERSION);
    expect(statSync(binary).mode & 0o111).not.toBe(0);
  });

  it('prints what the bundle prints over every fixture, in every format', () => {
    const fixtures = readdirSync(path.join(ROOT, 'fixtures')).map((name) => `fixtures/${name}`);
    const stylish = expectSame([...TODAY, '--', ...fixtures]);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toContain('FDL001 cmd-exec-form');
    for (const format of FORMAT_NAMES) expectSame([...TODAY, '--format', format, '--', ...fixtures]);
  }, 300_000);

  it('fixes, reads standard input, explains and lists rules as the bundle does', () => {
    const project = path.join(ROOT, 'fixtures/readme/project');
    expectSame([...TODAY, '--fix-dry-run', 'Dockerfile'], { cwd: project });
    expectSame([...TODAY, '--stdin-filename', 'Dockerfile', '-'], { cwd: project, input: readFileSync(path.join(project, 'Dockerfile'), 'utf8') });
    expectSame(['--explain', 'FDL001']);
    expectSame(['--list-rules']);
    expectSame(['--help']);
    expectSame(['--no-such-option']);

    const copy = scratchDir();
    cpSync(project, copy, { recursive: true });
    const fixed = spawnSync(binary, [...TODAY, '--fix', 'Dockerfile'], { cwd: copy, env, encoding: 'utf8' });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(readFileSync(path.join(copy, 'Dockerfile'), 'utf8')).toContain('CMD ["fastapi", "run", "app/main.py", "--port", "80"]');
  }, 120_000);

  it('writes nothing into the home folder (its code cache is inside it)', () => {
    spawnSync(binary, [...TODAY, 'Dockerfile'], { cwd: path.join(ROOT, 'fixtures/readme/project'), env });
    expect(readdirSync(home)).toEqual([]);
  });

  it('serves the language server: fastapi-docker-lint lsp --stdio', async () => {
    const project = scratchDir({ 'requirements.txt': 'fastapi[standard]>=0.115.0,<0.116.0\n', 'app/main.py': '' });
    const client = new LspClient(project, [binary, 'lsp', '--stdio'], env);
    try {
      await client.initialize(pathToFileURL(project).href);
      const uri = pathToFileURL(path.join(project, 'Dockerfile')).href;
      await client.open(uri, 'FROM python:3.13\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80\n');
      const published = await client.diagnostics(uri, (diagnostics) => diagnostics.diagnostics.length > 0);
      expect(published.diagnostics.map((diagnostic) => diagnostic.code)).toContain('FDL001');
      const actions = await client.connection.sendRequest<{ title: string }[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: published.diagnostics.find((diagnostic) => diagnostic.code === 'FDL001')?.range,
        context: { diagnostics: published.diagnostics },
      });
      expect(actions.map((action) => action.title).join('\n')).toMatch(/exec form/i);
    } finally {
      await client.shutdown();
    }
  });
});
