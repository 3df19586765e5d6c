/**
 * What the integration tests install: the standalone executable and the wheel, each built once
 * (test files run in parallel workers, so the build holds a lock) and again only when an input is
 * newer than the output. And a PATH with every tool of this one but Node.js, to run them as a
 * Python team's machine would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BINARY = path.join(ROOT, 'dist/binary/fastapi-docker-lint');
export const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const modified = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/** Runs `build` under a lock unless `output` is newer than every input. */
function buildOnce(output: () => string | undefined, inputs: string[], build: () => void): string {
  const lock = path.join(ROOT, 'dist/.integration-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than any build is left by a run that was killed: take it over.
      if (existsSync(lock) && Date.now() - modified(lock) > 900_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held for 10 minutes: remove it if no build is running`);
      execFileSync('sleep', ['1']);
    }
  }
  try {
    const current = output();
    const newestInput = Math.max(...inputs.map(modified));
    if (!current || modified(current) < newestInput) build();
    const built = output();
    if (!built) throw new Error('the build made nothing');
    return built;
  } finally {
    rmdirSync(lock);
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

/** dist/binary/fastapi-docker-lint, built from dist/bundle (which `npm run build` makes first if missing). */
export function ensureBinary(): string {
  if (!existsSync(path.join(ROOT, 'dist/bundle/lsp.cjs'))) run('npm', ['run', 'build']);
  return buildOnce(
    () => (existsSync(BINARY) ? BINARY : undefined),
    ['dist/bundle/main.cjs', 'dist/bundle/lsp.cjs', 'scripts/build-binary.mjs', 'package-lock.json'].map((file) => path.join(ROOT, file)),
    () => run(process.execPath, ['scripts/build-binary.mjs']),
  );
}

/** dist/python/fastapi_docker_lint-VERSION-py3-none-manylinux_*.whl. */
export function ensureWheel(): string {
  ensureBinary();
  const folder = path.join(ROOT, 'dist/python');
  const find = () => {
    const name = existsSync(folder)
      ? readdirSync(folder).find((file) => file.startsWith(`fastapi_docker_lint-${VERSION}-`) && file.endsWith('.whl'))
      : undefined;
    return name && path.join(folder, name);
  };
  const inputs = [
    BINARY,
    'scripts/build-wheel.py',
    'python/fastapi_docker_lint/__init__.py',
    'python/fastapi_docker_lint/__main__.py',
    'README.md',
    'package.json',
    'LICENSE',
  ];
  return buildOnce(
    find,
    inputs.map((file) => path.resolve(ROOT, file)),
    () => run('python3', ['scripts/build-wheel.py']),
  );
}

/**
 * A PATH with the tools of this one (git, python3, pre-commit, pipx, coreutils...) but no Node.js:
 * one folder of links to every program on PATH except node, nodejs, npm, npx and corepack.
 */
let withoutNode: string | undefined;
export function pathWithoutNode(): string {
  if (withoutNode) return withoutNode;
  const folder = path.join(mkdtempSync(path.join(tmpdir(), 'fdl-no-node-')), 'bin');
  mkdirSync(folder);
  const seen = new Set<string>();
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name) || ['node', 'nodejs', 'npm', 'npx', 'corepack'].includes(name)) continue;
      seen.add(name);
      symlinkSync(path.join(directory, name), path.join(folder, name));
    }
  }
  const node = spawnSync('/bin/sh', ['-c', 'command -v node'], { env: { PATH: folder }, encoding: 'utf8' });
  if (node.status === 0) throw new Error(`node is still on the PATH: ${node.stdout}`);
  withoutNode = folder;
  return folder;
}

/** An environment that has no `node`: PATH is `extra` folders, then pathWithoutNode(). */
export function envWithoutNode(extra: string[] = [], base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([name]) => !/^(npm_|NODE_|VITEST)/i.test(name)));
  return { ...env, PATH: [...extra, pathWithoutNode()].join(path.delimiter), NO_COLOR: '1', FORCE_COLOR: undefined };
}
