/**
 * `--cache`: a warm run gives exactly what a cold run gives, lints only what changed (what the
 * lint read included), and treats the cache file as untrusted data.
 *
 * "Linted or not" is read from the line every cached run prints on stderr: how many files came
 * from the cache and how many were linted. Each project has its own user cache directory
 * (XDG_CACHE_HOME), where the cache is kept by default and the signing key lives.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { CLI, runCli, scratchDir, type CliRun } from '../helpers/cli.js';
import { age, cacheHome, defaultCacheFile, readCache, signingKey, writeSignedCache } from '../helpers/lint-cache.js';

const STATS = /^fastapi-docker-lint: cache: (\d+) from the cache, (\d+) linted\n/m;
const homes = new Map<string, string>();

/** A FastAPI project whose findings depend on its requirements, its app folder and its .dockerignore. */
function project(extra: Record<string, string> = {}): string {
  const dir = scratchDir({
    Dockerfile: 'FROM python:3.13-slim\nWORKDIR /code\nCOPY . /code\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCMD fastapi run main.py\n',
    'requirements.txt': 'uvicorn\n',
    'app/main.py': 'app = 1\n',
    ...extra,
  });
  homes.set(dir, cacheHome());
  return dir;
}

/** The project's cache file, where runs keep it by default. */
function cacheFile(dir: string): string {
  return defaultCacheFile(homes.get(dir) as string, dir);
}

function lint(cwd: string, args: string[] = [], input?: string): CliRun & { hits: number; linted: number; stderrWithoutStats: string } {
  const run = runCli(['--cache', '--today', '2026-11-27', ...args], { cwd, input, env: { XDG_CACHE_HOME: homes.get(cwd) } });
  const stats = STATS.exec(run.stderr);
  return { ...run, hits: Number(stats?.[1] ?? NaN), linted: Number(stats?.[2] ?? NaN), stderrWithoutStats: run.stderr.replace(STATS, '') };
}

describe('--cache: warm runs', () => {
  it.each([
    ['stylish', 'just written'],
    ['json', 'just written'],
    ['sarif', 'just written'],
    ['stylish', 'old'],
    ['json', 'old'],
    ['sarif', 'old'],
    ['github', 'old'],
    ['junit', 'old'],
  ])('gives the same output and exit code as a cold run (%s, files %s), without linting', (format, files) => {
    const dir = project({ 'svc/Dockerfile': 'FROM python:3.13-slim\nCOPY . .\nCMD uvicorn main:app\n', 'svc/main.py': 'app = 1\n' });
    // Old files: their stat signatures are trusted, and the launcher gives the run back; just
    // written ones are read again.
    if (files === 'old') age(dir);
    const args = ['-f', format, 'Dockerfile', 'svc/Dockerfile'];
    const cold = lint(dir, args);
    expect(cold.status).toBe(1);
    expect([cold.hits, cold.linted]).toEqual([0, 2]);
    const warm = lint(dir, args);
    expect([warm.hits, warm.linted]).toEqual([2, 0]);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.stderrWithoutStats).toBe(cold.stderrWithoutStats);
    expect(warm.status).toBe(cold.status);
    // And the same as no cache at all.
    const plain = runCli(['--today', '2026-11-27', ...args], { cwd: dir });
    expect(plain.stdout).toBe(cold.stdout);
    if (format === 'sarif') expect(warm.stdout).toContain('"replacements"');
  });

  it("keeps its default file in the user's cache directory, never in the checkout; a --cache-location directory holds .fdlcache", () => {
    const dir = project();
    lint(dir);
    expect(lstatSync(cacheFile(dir)).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'app', 'requirements.txt']);
    mkdirSync(path.join(dir, 'caches'));
    const elsewhere = lint(dir, ['--cache-location', 'caches']);
    expect(elsewhere.linted).toBe(1);
    expect(existsSync(path.join(dir, 'caches', '.fdlcache'))).toBe(true);
    expect(lint(dir, ['--cache-location', 'caches']).hits).toBe(1);
    // A file name, in a directory that does not exist yet.
    const file = lint(dir, ['--cache-location', 'tmp/cache/lint.json']);
    expect(file.linted).toBe(1);
    expect(readCache(path.join(dir, 'tmp/cache/lint.json')).format).toBe('fastapi-docker-lint-cache');
  });

  it('relints a changed Dockerfile', () => {
    const dir = project();
    const cold = lint(dir);
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace('CMD fastapi run main.py', 'CMD ["fastapi", "run", "app/main.py"]'),
    );
    const changed = lint(dir);
    expect(changed.linted).toBe(1);
    expect(changed.stdout).not.toBe(cold.stdout);
    expect(changed.stdout).not.toContain('FDL001');
  });

  it('relints when a requirements file it read changes', () => {
    const dir = project();
    expect(lint(dir).stdout).toContain('FDL020');
    writeFileSync(path.join(dir, 'requirements.txt'), 'fastapi[standard]>=0.115.0,<0.116.0\n');
    const changed = lint(dir);
    expect(changed.linted).toBe(1);
    expect(changed.stdout).not.toContain('FDL020');
    expect(changed.stdout).not.toContain('FDL024');
    expect(lint(dir).hits).toBe(1);
  });

  it('relints when a file is added to the build context, or a .dockerignore removed', () => {
    const dir = project();
    expect(lint(dir).stdout).toContain('FDL022');
    writeFileSync(path.join(dir, '.dockerignore'), '.env\n.git\n.venv\n__pycache__\n');
    const added = lint(dir);
    expect(added.linted).toBe(1);
    expect(added.stdout).not.toContain('FDL022');
    // The app-path check: main.py appears where the command looks for it.
    expect(added.stdout).toContain('FDL023');
    writeFileSync(path.join(dir, 'main.py'), 'app = 1\n');
    const found = lint(dir);
    expect(found.linted).toBe(1);
    expect(found.stdout).not.toContain('FDL023');
    rmSync(path.join(dir, '.dockerignore'));
    const removed = lint(dir);
    expect(removed.linted).toBe(1);
    expect(removed.stdout).toContain('FDL022');
  });

  it('relints when a config file appears or changes, and when a flag changes', () => {
    const dir = project();
    expect(lint(dir).stdout).toContain('FDL022');
    writeFileSync(path.join(dir, '.fastapi-docker-lint.yaml'), 'ignore: [FDL022]\n');
    const configured = lint(dir);
    expect(configured.linted).toBe(1);
    expect(configured.stdout).not.toContain('FDL022');
    writeFileSync(path.join(dir, '.fastapi-docker-lint.yaml'), 'ignore: [FDL024]\n');
    const changed = lint(dir);
    expect(changed.linted).toBe(1);
    expect(changed.stdout).toContain('FDL022');
    expect(changed.stdout).not.toContain('FDL024');
    const flagged = lint(dir, ['--rule', 'FDL022=off']);
    expect(flagged.linted).toBe(1);
    expect(flagged.stdout).not.toContain('FDL022');
    expect(lint(dir, ['--rule', 'FDL022=off']).hits).toBe(1);
    expect(lint(dir, ['--deploy-target', 'compose']).linted).toBe(1);
    const otherDay = runCli(['--cache', '--today', '2031-01-01'], { cwd: dir, env: { XDG_CACHE_HOME: homes.get(dir) } });
    expect(otherDay.stderr).toContain('0 from the cache, 1 linted');
  });

  it('relints when the Compose file that builds it changes', () => {
    const dir = project({ 'compose.yaml': 'services:\n  api:\n    build: .\n' });
    const cold = lint(dir, ['--deploy-target', 'compose']);
    expect(lint(dir, ['--deploy-target', 'compose']).hits).toBe(1);
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    build: .\n    stop_grace_period: 40s\n');
    const changed = lint(dir, ['--deploy-target', 'compose']);
    expect(changed.linted).toBe(1);
    expect(changed.status).toBe(cold.status);
  });

  it('relints when a Compose file that builds it appears in a sub-folder', () => {
    const dir = project({ 'deploy/notes.txt': 'prod\n' });
    lint(dir);
    expect(lint(dir).hits).toBe(1);
    writeFileSync(
      path.join(dir, 'deploy/docker-compose.prod.yml'),
      'services:\n  api:\n    build: ..\n  edge:\n    image: nginx:1.27\n    ports:\n      - "443:443"\n    depends_on:\n      - api\n',
    );
    const changed = lint(dir);
    expect(changed.linted).toBe(1);
    expect(changed.stdout).toContain('FDL005');
  });

  it('relints when a Kubernetes manifest that runs the image appears or changes', () => {
    const dir = project({ 'compose.yaml': 'services:\n  api:\n    build: .\n    image: ghcr.io/acme/api\n' });
    lint(dir);
    expect(lint(dir).hits).toBe(1);
    const deployment = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1\n          args: ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]\n`;
    mkdirSync(path.join(dir, 'k8s'));
    writeFileSync(path.join(dir, 'k8s', 'deployment.yaml'), deployment(1));
    const added = lint(dir);
    expect(added.linted).toBe(1);
    expect(added.stdout).toContain('deployment.yaml');
    expect(lint(dir).hits).toBe(1);
    writeFileSync(path.join(dir, 'k8s', 'deployment.yaml'), deployment(3).replace(', "--reload"', ''));
    const changed = lint(dir);
    expect(changed.linted).toBe(1);
    expect(changed.stdout).not.toContain('deployment.yaml');
  });

  it('relints everything when the run key (the version, the rules) differs', () => {
    const dir = project();
    lint(dir);
    const file = cacheFile(dir);
    const cache = readCache(file);
    cache.run = '0'.repeat(64);
    writeSignedCache(file, cache, signingKey(homes.get(dir) as string));
    const run = lint(dir);
    expect(run.linted).toBe(1);
    expect(run.stderrWithoutStats).toBe('');
    expect(readCache(file).run).not.toBe('0'.repeat(64));
  });

  it('keeps the entries of files not linted this run, and drops those of deleted files', () => {
    const dir = project({ 'other/Dockerfile': 'FROM python:3.13-slim\nCMD ["fastapi", "run"]\n', 'gone/Dockerfile': 'FROM python:3.13-slim\n' });
    lint(dir, ['Dockerfile', 'other/Dockerfile', 'gone/Dockerfile']);
    rmSync(path.join(dir, 'gone'), { recursive: true });
    writeFileSync(path.join(dir, 'requirements.txt'), 'uvicorn==0.30.0\n');
    lint(dir, ['Dockerfile']);
    const entries = Object.keys(readCache(cacheFile(dir)).entries as object);
    expect(entries.sort()).toEqual([path.join(dir, 'Dockerfile'), path.join(dir, 'other/Dockerfile')].sort());
    expect(lint(dir, ['other/Dockerfile']).hits).toBe(1);
  });

  it('never caches standard input', () => {
    const dir = project();
    const text = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const first = lint(dir, ['-'], text);
    const second = lint(dir, ['-'], text);
    expect([second.hits, second.linted]).toEqual([0, 0]);
    expect(second.stdout).toBe(first.stdout);
    expect(existsSync(cacheFile(dir)) ? readCache(cacheFile(dir)).entries : {}).toEqual({});
  });
});

describe('--cache: the warm path (stat signatures, and a whole run given back by the launcher)', () => {
  const MARKER = 'linter-loaded';

  /** A copy of the built CLI whose linter bundle can be swapped for one that says it was loaded. */
  function installation() {
    const bin = scratchDir();
    for (const name of ['cli.cjs', 'main.cjs']) copyFileSync(path.join(path.dirname(CLI), name), path.join(bin, name));
    return {
      run: (dir: string, args: string[]) => {
        const result = spawnSync(process.execPath, [path.join(bin, 'cli.cjs'), '--cache', '--today', '2026-11-27', ...args], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, XDG_CACHE_HOME: homes.get(dir), NO_COLOR: undefined, FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined },
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      },
      /** From now on, loading the linter exits 42 and leaves MARKER. */
      unplug: (dir: string) =>
        writeFileSync(path.join(bin, 'main.cjs'), `require('node:fs').writeFileSync(${JSON.stringify(path.join(dir, MARKER))}, '');process.exit(42);\n`),
    };
  }

  it('gives back a run over old, unchanged files without loading the linter', () => {
    const dir = project({ 'svc/Dockerfile': 'FROM python:3.13-slim\nCOPY . .\nCMD uvicorn main:app\n', 'svc/main.py': 'app = 1\n' });
    age(dir);
    const cli = installation();
    const cold = cli.run(dir, ['-f', 'json', 'Dockerfile', 'svc/Dockerfile']);
    expect(cold.status).toBe(1);
    cli.unplug(dir);
    const warm = cli.run(dir, ['-f', 'json', 'Dockerfile', 'svc/Dockerfile']);
    expect(existsSync(path.join(dir, MARKER))).toBe(false);
    expect(warm).toEqual({ ...cold, stderr: cold.stderr.replace('0 from the cache, 2 linted', '2 from the cache, 0 linted') });
    // Another invocation (another format, another file list) is not the run recorded.
    expect(cli.run(dir, ['-f', 'stylish', 'Dockerfile', 'svc/Dockerfile']).status).toBe(42);
    expect(cli.run(dir, ['-f', 'json', 'Dockerfile']).status).toBe(42);
  });

  it.each([
    [
      'a file just written (it could change again within the same clock tick)',
      (dir: string) => writeFileSync(path.join(dir, 'requirements.txt'), readFileSync(path.join(dir, 'requirements.txt'))),
    ],
    [
      'a Dockerfile whose text changed, size and modification time kept',
      (dir: string) => rewriteKeepingTimes(path.join(dir, 'Dockerfile'), (text) => text.replace('main.py', 'main.pz')),
    ],
    [
      'a requirements file whose text changed, size and modification time kept',
      (dir: string) => rewriteKeepingTimes(path.join(dir, 'requirements.txt'), (text) => text.replace('uvicorn', 'uvicorm')),
    ],
    ['a file added to the build context', (dir: string) => writeFileSync(path.join(dir, 'app/extra.py'), '')],
    ['a config file added', (dir: string) => writeFileSync(path.join(dir, '.fastapi-docker-lint.yaml'), 'ignore: [FDL022]\n')],
    ['a repository made around it', (dir: string) => mkdirSync(path.join(dir, '.git'))],
  ])('loads the linter for %s', (_what, change) => {
    const dir = project();
    age(dir);
    const cli = installation();
    expect(cli.run(dir, []).status).toBe(1);
    change(dir);
    cli.unplug(dir);
    expect(cli.run(dir, []).status).toBe(42);
  });

  it('reads again a file whose text changed though its size and modification time did not (its change time did)', () => {
    const dir = project();
    age(dir);
    const cold = lint(dir);
    expect(cold.stdout).toContain('FDL020');
    // `uvicorn` becomes `fastapi`: the same length.
    rewriteKeepingTimes(path.join(dir, 'requirements.txt'), () => 'fastapi\n');
    const warm = lint(dir);
    expect(warm.linted).toBe(1);
    expect(warm.stdout).toBe(runCli(['--today', '2026-11-27'], { cwd: dir }).stdout);
  });

  it('takes entries by their stat signatures in another invocation, with the same output as no cache', () => {
    const dir = project({ 'svc/Dockerfile': 'FROM python:3.13-slim\nCOPY . .\nCMD uvicorn main:app\n', 'svc/main.py': 'app = 1\n' });
    age(dir);
    lint(dir, ['-f', 'json', 'Dockerfile', 'svc/Dockerfile']);
    const stylish = lint(dir, ['svc/Dockerfile', 'Dockerfile']);
    expect([stylish.hits, stylish.linted]).toEqual([2, 0]);
    expect(stylish.stdout).toBe(runCli(['--today', '2026-11-27', 'svc/Dockerfile', 'Dockerfile'], { cwd: dir }).stdout);
  });
});

/** Writes new text of the same length, and puts the old modification time back (the change time moves on). */
function rewriteKeepingTimes(file: string, change: (text: string) => string): void {
  const before = statSync(file);
  const text = change(readFileSync(file, 'utf8'));
  expect(text.length).toBe(before.size);
  writeFileSync(file, text);
  utimesSync(file, before.atime, before.mtime);
}

describe('--cache with --fix', () => {
  it('fixes a file whose cached lint has a fix to apply, and caches the fixed file', () => {
    const dir = project();
    const before = lint(dir);
    expect(before.stdout).toContain('FDL001');
    const fixed = lint(dir, ['--fix']);
    expect(fixed.linted).toBe(1);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('CMD ["fastapi", "run", "main.py"]');
    expect(fixed.stdout).not.toContain('FDL001');
    const after = lint(dir);
    expect(after.hits).toBe(1);
    expect(after.stdout).toBe(runCli(['--today', '2026-11-27'], { cwd: dir }).stdout);
    // Nothing left to fix: --fix takes the cached lint.
    expect(lint(dir, ['--fix']).hits).toBe(1);
  });

  it('--fix-dry-run shows the diff even when the lint is cached', () => {
    const dir = project();
    lint(dir);
    const dry = lint(dir, ['--fix-dry-run']);
    expect(dry.linted).toBe(1);
    expect(dry.stdout).toContain('+CMD ["fastapi", "run", "main.py"]');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('CMD fastapi run main.py');
    // The report of a dry run is of the fixed text: not what a plain run must see.
    expect(lint(dir).stdout).toContain('FDL001');
  });
});

describe('--cache: the cache file is untrusted data', () => {
  function cached(dir: string): Record<string, unknown> {
    return readCache(cacheFile(dir));
  }

  /** Writes a changed cache back signed with the user's key: what a cache that passed the signature must still pass. */
  function resign(dir: string, document: unknown): void {
    writeSignedCache(cacheFile(dir), document, signingKey(homes.get(dir) as string));
  }

  it.each([
    ['garbage', () => 'not json {'],
    ['the wrong shape', () => JSON.stringify([1, 2, 3])],
    ['JavaScript', () => 'module.exports = process.exit(7)'],
  ])('ignores and rewrites a cache of %s', (_name, content) => {
    const dir = project();
    const cold = lint(dir);
    // Signed or not: a signed file of garbage is what a key that leaked could make.
    for (const write of [() => writeFileSync(cacheFile(dir), content()), () => resign(dir, content())]) {
      write();
      const run = lint(dir);
      expect(run.status).toBe(cold.status);
      expect(run.stdout).toBe(cold.stdout);
      expect(run.linted).toBe(1);
      expect(run.stderrWithoutStats).toMatch(/^fastapi-docker-lint: .*lint-\w+\.json: not a valid cache \(.*\), so it is ignored and will be rewritten\n$/);
      expect(cached(dir).format).toBe('fastapi-docker-lint-cache');
      expect(lint(dir).hits).toBe(1);
    }
  });

  it('ignores a cache larger than 32 MiB without reading it', () => {
    const dir = project();
    const cold = lint(dir);
    truncateSync(cacheFile(dir), 33 * 1024 * 1024);
    const run = lint(dir);
    expect(run.stdout).toBe(cold.stdout);
    expect(run.stderrWithoutStats).toContain('larger than 32 MiB');
    expect(lstatSync(cacheFile(dir)).size).toBeLessThan(1024 * 1024);
  });

  it.each([
    ['an unknown rule code', (finding: Record<string, unknown>) => Object.assign(finding, { ruleId: 'FDL999' })],
    ['a rule name that is not its code', (finding: Record<string, unknown>) => Object.assign(finding, { ruleName: 'something-else' })],
    ['an unknown severity', (finding: Record<string, unknown>) => Object.assign(finding, { severity: 'fatal' })],
    ['a line that is not a number', (finding: Record<string, unknown>) => Object.assign(finding, { line: '7' })],
    ['a huge message', (finding: Record<string, unknown>) => Object.assign(finding, { message: 'x'.repeat(5000) })],
    ['an extra field', (finding: Record<string, unknown>) => Object.assign(finding, { fix: { edits: [] } })],
    ['a range ending before it starts', (finding: Record<string, unknown>) => Object.assign(finding, { endLine: 1, line: 3 })],
  ])('rejects a finding with %s', (_name, spoil) => {
    const dir = project();
    const cold = lint(dir, ['-f', 'json']);
    const cache = cached(dir) as { entries: Record<string, { findings: Record<string, unknown>[] }> };
    spoil(Object.values(cache.entries)[0].findings[0]);
    resign(dir, cache);
    const run = lint(dir, ['-f', 'json']);
    expect(run.stdout).toBe(cold.stdout);
    expect(run.status).toBe(cold.status);
    expect(run.linted).toBe(1);
    expect(run.stderrWithoutStats).toContain('not a valid cache');
  });

  it.each([
    [
      'a fact asking for a read of 4 GB',
      (entry: Record<string, Record<string, string>>) => Object.assign(entry.facts, { 't4000000000:/etc/hostname': 'text:0' }),
    ],
    ['a fact of an unknown kind', (entry: Record<string, Record<string, string>>) => Object.assign(entry.facts, { 'x:/etc/hostname': 'yes' })],
    ['a fact about a relative path', (entry: Record<string, Record<string, string>>) => Object.assign(entry.facts, { 'n:etc/hostname': 'file' })],
  ])('rejects an entry with %s', (_name, spoil) => {
    const dir = project();
    const cold = lint(dir);
    const cache = cached(dir) as { entries: Record<string, Record<string, Record<string, string>>> };
    spoil(Object.values(cache.entries)[0]);
    resign(dir, cache);
    const run = lint(dir);
    expect(run.stdout).toBe(cold.stdout);
    expect(run.linted).toBe(1);
    expect(run.stderrWithoutStats).toContain('not a valid cache');
  });

  it('rejects a context question asking for a huge read', () => {
    const dir = project();
    const cold = lint(dir);
    const cache = cached(dir) as { contexts: Record<string, string>[] };
    cache.contexts[0]['r4000000000:requirements.txt'] = 'text:0';
    resign(dir, cache);
    const run = lint(dir);
    expect(run.stdout).toBe(cold.stdout);
    expect(run.stderrWithoutStats).toContain('not a valid cache');
  });

  it.each([['a finding in a file the lint never read', { filePath: '/etc/passwd' }]])('does not serve %s', (_what, spoiled) => {
    const dir = project();
    const cold = lint(dir, ['-f', 'json']);
    const cache = cached(dir) as { entries: Record<string, { findings: Record<string, unknown>[] }> };
    Object.assign(Object.values(cache.entries)[0].findings[0], spoiled);
    resign(dir, cache);
    const run = lint(dir, ['-f', 'json']);
    expect(run.linted).toBe(1);
    expect(run.stdout).toBe(cold.stdout);
  });

  it('rejects notes with control characters (they would reach the terminal as they are)', () => {
    const dir = project();
    const cold = lint(dir);
    const cache = cached(dir) as { entries: Record<string, { notes: unknown[] }> };
    Object.values(cache.entries)[0].notes.push({ path: path.join(dir, 'x'), message: 'hello \u001b[2J' });
    resign(dir, cache);
    const run = lint(dir);
    expect(run.stdout).toBe(cold.stdout);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderrWithoutStats).toContain('not a valid cache');
  });

  it('neither reads nor writes a cache file that is a symbolic link', () => {
    const dir = project();
    const cold = runCli(['--today', '2026-11-27'], { cwd: dir });
    const target = path.join(dir, 'precious.txt');
    writeFileSync(target, 'do not touch\n');
    symlinkSync(target, path.join(dir, '.fdlcache'));
    const run = lint(dir, ['--cache-location', '.fdlcache']);
    expect(run.status).toBe(cold.status);
    expect(run.stdout).toBe(cold.stdout);
    expect(run.stderrWithoutStats).toBe(
      'fastapi-docker-lint: .fdlcache is a symbolic link: the cache is not used (remove it or choose another --cache-location)\n',
    );
    expect(lstatSync(path.join(dir, '.fdlcache')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('do not touch\n');
  });

  it('writes through a temporary file and a rename, leaving nothing behind', () => {
    const dir = project();
    age(dir);
    lint(dir);
    const before = lstatSync(cacheFile(dir));
    writeFileSync(path.join(dir, 'requirements.txt'), 'uvicorn==0.30.0\n');
    age(dir);
    lint(dir);
    const after = lstatSync(cacheFile(dir));
    // A new file took the old one's place (an in-place write keeps the inode).
    expect(after.ino).not.toBe(before.ino);
    // The cache, and the replay of the last run beside it.
    expect(
      readdirSync(path.dirname(cacheFile(dir)))
        .filter((name) => name.startsWith('lint-'))
        .sort(),
    ).toEqual([path.basename(cacheFile(dir)), `${path.basename(cacheFile(dir))}.replay`]);
    // A warm run with nothing new does not write at all.
    lint(dir);
    expect(lstatSync(cacheFile(dir)).ino).toBe(after.ino);
  });

  it('a cache that cannot be written is a note, not a failure', () => {
    const dir = project();
    const cold = runCli(['--today', '2026-11-27'], { cwd: dir });
    writeFileSync(path.join(dir, 'blocker'), '');
    const run = lint(dir, ['--cache-location', 'blocker/sub/.fdlcache']);
    expect(run.status).toBe(cold.status);
    expect(run.stdout).toBe(cold.stdout);
    expect(run.stderrWithoutStats).toMatch(/^fastapi-docker-lint: blocker\/sub\/\.fdlcache: the cache could not be written \(\w+\)\n$/);
  });
});
