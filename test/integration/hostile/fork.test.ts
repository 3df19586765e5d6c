/**
 * A fork's pull request (issue 21): CI lints a checkout whose every file is the attacker's. A
 * cache that came with it can never make a failing run pass nor make us read outside the
 * repository, nothing is written through a folder that links out of it, every line on stderr is
 * escaped, and a config that turns the gate off is said out loud.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../../helpers/cli.js';
import { cacheHome, defaultCacheFile, readCache, signingKey, writeSignedCache } from '../../helpers/lint-cache.js';

/** Three errors (FDL001, FDL002 and FDL003 are errors by default). */
const FAILING = 'FROM python:3.13\nCMD fastapi run main.py\n';
const CLEAN = 'FROM python:3.13-slim\nCMD ["fastapi", "run", "main.py"]\n';
const STATS = /^fastapi-docker-lint: cache: (\d+) from the cache, (\d+) linted$/m;
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function workflowCommands(output: string): string[] {
  return output.split(/\r\n|\r|\n/).filter((line) => line.trimStart().startsWith('::'));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('a cache that came with the checkout', () => {
  /**
   * The attacker's own genuine cache (their key, their run of the tool on the same path), its
   * entry then made to say "no findings" for the failing Dockerfile, re-signed with their key.
   */
  function forgedCheckout() {
    const checkout = scratchDir({ Dockerfile: CLEAN, 'main.py': 'app = 1\n' });
    const attacker = cacheHome();
    const args = ['--cache-location', '.fdlcache', '--no-config', '--failure-threshold', 'error'];
    expect(runCli(args, { cwd: checkout, env: { XDG_CACHE_HOME: attacker } }).status).toBe(0);
    const cache = readCache(path.join(checkout, '.fdlcache')) as { entries: Record<string, Record<string, unknown>>; contexts: unknown[] };
    writeFileSync(path.join(checkout, 'Dockerfile'), FAILING);
    const entry = cache.entries[path.join(realpathSync(checkout), 'Dockerfile')];
    Object.assign(entry, { text: sha256(FAILING), findings: [], notes: [], facts: {}, context: null });
    writeSignedCache(path.join(checkout, '.fdlcache'), cache, signingKey(attacker));
    return { checkout, args };
  }

  it('never serves an entry the user did not sign: a failing Dockerfile still fails', () => {
    const { checkout, args } = forgedCheckout();
    const victim = cacheHome();
    const run = runCli(args, { cwd: checkout, env: { XDG_CACHE_HOME: victim } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FDL001');
    expect(run.stderr).toContain("not a valid cache (it is not signed with this user's key)");
    expect(STATS.exec(run.stderr)?.slice(1)).toEqual(['0', '1']);
    // The same file read as it is by plain --cache: not even looked at (the default cache is the user's).
    const plain = runCli(['--cache', '--no-config', '--failure-threshold', 'error'], { cwd: checkout, env: { XDG_CACHE_HOME: victim } });
    expect(plain.status).toBe(1);
    expect(plain.stderr).not.toContain('.fdlcache');
  });

  /** About `bytes` of JSON holding empty entries, `{"/x":{},"/x":{},…}`: eight million of them in 63 MiB. */
  function emptyEntries(bytes: number): string {
    return `{"format":"fastapi-docker-lint-cache","version":1,"run":"","contexts":[],"entries":{${'"/x":{},'.repeat(Math.floor(bytes / 8))}"/y":{}}}`;
  }

  it.each([
    ['63 MiB of empty entries', 63 * 1024 * 1024],
    ['30 MiB of empty entries, unsigned', 30 * 1024 * 1024],
  ])('is refused before it is parsed: %s, one note, and rewritten', (_name, bytes) => {
    const checkout = scratchDir({ Dockerfile: FAILING });
    const home = cacheHome();
    writeFileSync(path.join(checkout, '.fdlcache'), `fastapi-docker-lint-cache 2 ${'0'.repeat(64)}\n${emptyEntries(bytes)}`);
    const run = runCli(['--cache-location', '.fdlcache'], { cwd: checkout, env: { XDG_CACHE_HOME: home } });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FDL001');
    expect(run.stderr.match(/not a valid cache/g)).toHaveLength(1);
    // Rewritten: the next run takes the entry of this one.
    expect(statSync(path.join(checkout, '.fdlcache')).size).toBeLessThan(100_000);
    expect(STATS.exec(runCli(['--cache-location', '.fdlcache'], { cwd: checkout, env: { XDG_CACHE_HOME: home } }).stderr)?.slice(1)).toEqual(['1', '0']);
  });

  it('bounds what it parses even when signed with the key (a key that leaked): too many items, one note', () => {
    const checkout = scratchDir({ Dockerfile: FAILING });
    const home = cacheHome();
    runCli(['--cache'], { cwd: checkout, env: { XDG_CACHE_HOME: home } });
    writeSignedCache(defaultCacheFile(home, checkout), emptyEntries(20 * 1024 * 1024), signingKey(home));
    const run = runCli(['--cache'], { cwd: checkout, env: { XDG_CACHE_HOME: home } });
    expect(run.status).toBe(1);
    expect(run.stderr.match(/not a valid cache \(it holds too many items\)/g)).toHaveLength(1);
    expect(statSync(defaultCacheFile(home, checkout)).size).toBeLessThan(100_000);
  });

  it('never reads outside the repository for an entry, so whether it is served tells nothing about files there', () => {
    const outside = scratchDir({ 'secret.txt': 'guess me\n' });
    const checkout = scratchDir({ Dockerfile: FAILING, 'requirements.txt': 'fastapi\n', 'inside.txt': 'here\n' });
    const home = cacheHome();
    const lint = () => runCli(['--cache'], { cwd: checkout, env: { XDG_CACHE_HOME: home } });
    lint();
    const file = defaultCacheFile(home, checkout);
    const genuine = readCache(file) as { entries: Record<string, { facts: Record<string, string>; context: { root: string } | null }> };
    const spoil = (change: (entry: { facts: Record<string, string>; context: { root: string } | null }) => void) => {
      const document = structuredClone(genuine);
      change(Object.values(document.entries)[0]);
      writeSignedCache(file, document, signingKey(home));
      return STATS.exec(lint().stderr)?.slice(1);
    };
    // A true fact about a file inside the checkout: served.
    expect(spoil((entry) => (entry.facts[`t100:${path.join(realpathSync(checkout), 'inside.txt')}`] = `text:${sha256('here\n')}`))).toEqual(['1', '0']);
    // The same true fact about a file outside: not served, not read.
    expect(spoil((entry) => (entry.facts[`t100:${path.join(outside, 'secret.txt')}`] = `text:${sha256('guess me\n')}`))).toEqual(['0', '1']);
    expect(spoil((entry) => (entry.facts['n:/etc/passwd'] = 'file'))).toEqual(['0', '1']);
    // A build context outside.
    expect(spoil((entry) => entry.context && (entry.context.root = outside))).toEqual(['0', '1']);
  });
});

describe('writes through a folder that is a symbolic link out of the repository', () => {
  it.each([
    ['in a repository', true],
    ['outside any repository (the working directory)', false],
  ])('are refused for the report and the cache, %s', (_where, repository) => {
    const victim = scratchDir();
    const checkout = scratchDir({ Dockerfile: FAILING, ...(repository ? { '.git/HEAD': 'ref: refs/heads/main\n' } : {}) });
    symlinkSync(victim, path.join(checkout, 'reports'));
    const run = runCli(['-o', 'reports/x.sarif', '-f', 'sarif'], { cwd: checkout, env: { XDG_CACHE_HOME: cacheHome() } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('reports/x.sarif: its folder reports is a symbolic link out of the');
    const cached = runCli(['--cache-location', 'reports/'], { cwd: checkout, env: { XDG_CACHE_HOME: cacheHome() } });
    expect(cached.status).toBe(1);
    expect(cached.stderr).toContain('the cache is not written: its folder reports is a symbolic link out of the');
    const deeper = runCli(['--cache-location', 'reports/a/b/'], { cwd: checkout, env: { XDG_CACHE_HOME: cacheHome() } });
    expect(deeper.status).toBe(1);
    expect(readdirSync(victim)).toEqual([]);
  });

  it('still writes where the user names a place outside, and through a link that stays inside', () => {
    const elsewhere = scratchDir();
    const checkout = scratchDir({ Dockerfile: FAILING, 'out/.keep': '' });
    symlinkSync('out', path.join(checkout, 'reports'));
    expect(runCli(['-o', path.join(elsewhere, 'x.sarif'), '-f', 'sarif'], { cwd: checkout }).status).toBe(1);
    expect(existsSync(path.join(elsewhere, 'x.sarif'))).toBe(true);
    expect(runCli(['-o', 'reports/x.sarif', '-f', 'sarif'], { cwd: checkout }).status).toBe(1);
    expect(existsSync(path.join(checkout, 'out/x.sarif'))).toBe(true);
  });
});

describe('every line on stderr goes through the one escaping function', () => {
  it('escapes a .dockerignore line in a note, whether linted or taken from the cache', () => {
    const checkout = scratchDir({
      Dockerfile: 'FROM python:3.13-slim\nCOPY . .\nCMD ["fastapi", "run"]\n',
      'requirements.txt': 'fastapi\n',
      '.dockerignore': '\u001b]52;c;cm0gLXJmIH4=\u0007 \u001b[8m ##[error]x\r::error::y [z-a]\n',
    });
    const home = cacheHome();
    for (const run of [
      runCli(['--cache'], { cwd: checkout, env: { XDG_CACHE_HOME: home } }),
      runCli(['--cache'], { cwd: checkout, env: { XDG_CACHE_HOME: home } }),
    ]) {
      expect(run.stderr).toContain('is not a valid pattern');
      expect(run.stderr).toContain('\\x1b]52;c;');
      expect(run.stderr).not.toMatch(RAW_CONTROL);
      expect(run.stderr).not.toContain('##[');
      expect(workflowCommands(run.stderr)).toEqual([]);
    }
  });
});

describe('a config that turns the gate off is said once', () => {
  it('names the config file that sets failure-threshold: none, unless the flag overrides it', () => {
    const checkout = scratchDir({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'a/Dockerfile': FAILING,
      'b/Dockerfile': FAILING,
      '.fastapi-docker-lint.yaml': 'failure-threshold: none\n',
    });
    const run = runCli(['a/Dockerfile', 'b/Dockerfile'], { cwd: checkout });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      "fastapi-docker-lint: notice: .fastapi-docker-lint.yaml sets failure-threshold: none, so no finding fails this run (--failure-threshold, or the Action's failure-threshold input, overrides it)\n",
    );
    const overridden = runCli(['--failure-threshold', 'error', 'a/Dockerfile'], { cwd: checkout });
    expect(overridden).toMatchObject({ status: 1, stderr: '' });
    // As a GitHub notice under Actions, from the cache as well.
    const home = cacheHome();
    for (let round = 0; round < 2; round++) {
      const actions = runCli(['--cache', 'a/Dockerfile'], { cwd: checkout, env: { GITHUB_ACTIONS: 'true', XDG_CACHE_HOME: home } });
      expect(workflowCommands(actions.stderr)).toEqual([
        "::notice title=fastapi-docker-lint::notice: .fastapi-docker-lint.yaml sets failure-threshold: none, so no finding fails this run (--failure-threshold, or the Action's failure-threshold input, overrides it)",
      ]);
    }
  });

  it('names the config file that turns every rule off', () => {
    const codes = runCli(['--list-rules'])
      .stdout.trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(' ')[0])
      .filter((code) => /^FDL\d{3}$/.test(code));
    const checkout = scratchDir({ Dockerfile: FAILING, 'lint.json': JSON.stringify({ ignore: codes }) });
    const run = runCli(['-c', 'lint.json'], { cwd: checkout });
    expect(run).toMatchObject({ status: 0, stdout: '' });
    expect(run.stderr).toBe('fastapi-docker-lint: notice: lint.json turns every rule off, so nothing is reported\n');
    // Turned off on the command line: the user knows, and no config is to blame.
    expect(runCli(['--ignore', codes.join(','), 'Dockerfile'], { cwd: checkout }).stderr).toBe('');
  });
});
