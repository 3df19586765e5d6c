/** The benchmark script runs (on tiny corpora) and writes its figures; no timing is asserted here. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LAYOUTS = ['services', 'flat', 'shared root'];

it('npm run bench prints its tables and targets and writes the results as JSON', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bench/run.mjs')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_SIZE: 'tiny' } });
  expect(run.status, run.stderr).toBe(0);
  const written = /written: (\S+)/.exec(run.stdout)?.[1] as string;
  const results = JSON.parse(readFileSync(path.resolve(ROOT, written), 'utf8'));
  rmSync(path.resolve(ROOT, written));

  // Every layout at both sizes, each beside dockerfilelint, then the warm cache and node -e 0.
  for (const row of ['services, 12', 'services, 24', 'flat, 12', 'flat, 24', 'shared root (`--context .`), 12', 'shared root (`--context .`), 24']) {
    const ms = '\\d[\\d,]* ms \\([\\d,]+–[\\d,]+\\)';
    const times = '\\d+\\.\\d\\d× \\(\\d+\\.\\d\\d–\\d+\\.\\d\\d\\)';
    // ours, dockerfilelint, the ratio, the parse floor and its ratio: CPU times.
    expect(run.stdout).toMatch(new RegExp(`^\\| ${row.replace(/[.()`]/g, '\\$&')} +\\| ${ms} +\\| ${ms} +\\| ${times} +\\| ${ms} +\\| ${times} +\\|$`, 'm'));
  }
  expect(run.stdout).toMatch(/^\| services, 12, warm `--cache` +\| (\d[\d,]* ms \([\d,]+–[\d,]+\)|not available) +\| \d[\d,]* ms/m);
  for (const row of ['one file, cold start to exit', 'one file, empty code-cache directory']) {
    expect(run.stdout).toMatch(
      new RegExp(
        `^\\| ${row} +\\| \\d[\\d,]* ms \\([\\d,]+–[\\d,]+\\) +\\| \\d[\\d,]* ms \\([\\d,]+–[\\d,]+\\) +\\| \\d[\\d,]* ms \\([\\d,]+–[\\d,]+\\) +\\| \\d+\\.\\d\\d× .*\\|$`,
        'm',
      ),
    );
  }
  expect(run.stdout).toMatch(/^CPU time \(user \+ sys of the process and its children/m);
  expect(run.stdout).toMatch(/^\| peak RSS, 30 files, sarif +\| \d+ MB \(\d+–\d+\) +\|/m);
  expect(run.stdout).toMatch(/^took \d+ min \d+ s$/m);

  expect(results.machine).toMatchObject({
    name: expect.any(String),
    cpu: expect.any(String),
    cores: expect.any(Number),
    memoryGiB: expect.any(Number),
    node: process.version,
  });
  expect(results.settings.rounds).toBe(1);
  expect(results.mode).toBe('tiny');
  expect(results.settings.memoryProcesses).toBeGreaterThanOrEqual(1);
  expect(Object.keys(results.layouts)).toEqual(LAYOUTS);
  for (const layout of LAYOUTS) {
    expect(Object.keys(results.layouts[layout])).toEqual(['12', '24']);
    type Timing = { cpu: { median: number; samples: number[] }; wall: { median: number } };
    for (const measured of Object.values(results.layouts[layout]) as { ours: Timing; dockerfilelint: Timing; parseFloor: Timing }[]) {
      expect(measured.ours.cpu.median).toBeGreaterThan(0);
      expect(measured.ours.cpu.samples).toHaveLength(1);
      expect(measured.ours.wall.median).toBeGreaterThan(0);
      expect(measured.dockerfilelint.cpu.median).toBeGreaterThan(0);
      expect(measured.parseFloor.cpu.median).toBeGreaterThan(0);
    }
  }
  expect(results.layouts['shared root']['12'].args).toEqual(['--context', '.']);
  expect(results.warmCache.ours?.cpu.median ?? results.warmCache.notAvailable).toBeTruthy();
  expect(results.singleFile.ours.cpu.median).toBeGreaterThan(0);
  expect(results.singleFile.oursEmptyCodeCache.cpu.median).toBeGreaterThan(0);
  expect(results.peakMemoryMB.files).toBe(30);
  expect(results.peakMemoryMB.stylish.max).toBeGreaterThan(0);
  expect(results.peakMemoryMB.dockerfilelint.max).toBeGreaterThan(0);

  const targets = Object.keys(results.targets);
  expect(targets).toHaveLength(18);
  for (const name of targets) expect(run.stdout).toContain(name);
  expect(targets).toContain('warm --cache, 12 unchanged services: ours / dockerfilelint');
  expect(run.stdout).toMatch(/^[✓✗-] warm --cache, 12 unchanged services: ours \/ dockerfilelint: (\d+\.\d\d|not available: .+) \(target ≤ 0\.5\)$/m);
  expect(run.stdout).toMatch(/^[✓✗] one file: ours \/ node -e 0: \d+\.\d\d \(target ≤ 1\.4\)$/m);
  expect(run.stdout).toMatch(/^[✓✗] 5 MiB of tiny instructions \(at 1%\), s: \d+\.\d\d \(target < 3\)$/m);
  expect(results.languageServer.medianMs).toBeGreaterThan(0);
  expect(results.languageServer.lines).toBe(200);
  expect(results.playground.gzippedKB).toBeGreaterThan(50);
  expect(run.stdout).toMatch(/hostile inputs \(at 1% of their size\): one CLI run each, CPU time, target < 3 s/);
  expect(run.stdout).toMatch(/[✓✗] 40k fixes +\d+\.\d\d s +\d+ MB peak/);
  expect(Object.keys(results.hostile)).toEqual([
    '40k stages',
    '1 MB requirements with \\ continuations',
    '770 KB of Poetry dependencies',
    '40k fixes',
    '5 MiB of tiny instructions',
  ]);
  for (const entry of Object.values(results.hostile) as { cpuSeconds: number; peakMemoryMB: number }[]) {
    expect(entry.cpuSeconds).toBeGreaterThan(0);
    expect(entry.peakMemoryMB).toBeGreaterThan(0);
  }
}, 120_000);

it('the shared-root layout copies from the service folder, as a build from the root must', async () => {
  const { rootRelative } = (await import(pathToFileURL(path.join(ROOT, 'bench/corpus.mjs')).href)) as {
    rootRelative: (text: string, prefix: string) => string;
  };
  const text = [
    'FROM python:3.13',
    'COPY ./requirements.txt /code/requirements.txt',
    'COPY --chown=app . /code',
    'ADD ["app", "main.py", "/code/"]',
    'COPY --from=builder /venv /venv',
    'COPY /etc/hosts https://example.com/x $HOME/y /z',
    'COPY a \\',
    '  b /c',
  ].join('\n');
  expect(rootRelative(text, 'services/00001').split('\n')).toEqual([
    'FROM python:3.13',
    'COPY services/00001/requirements.txt /code/requirements.txt',
    'COPY --chown=app services/00001 /code',
    'ADD ["services/00001/app","services/00001/main.py","/code/"]',
    'COPY --from=builder /venv /venv',
    'COPY /etc/hosts https://example.com/x $HOME/y /z',
    'COPY a \\',
    '  b /c',
  ]);
});
