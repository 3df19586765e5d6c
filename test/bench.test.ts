/** The benchmark script runs (on a tiny corpus) and writes its figures; no timing is asserted here. */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

it('npm run bench prints its table and writes the results as JSON', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bench/run.mjs')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_SIZE: 'tiny' } });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/one file, cold start to exit +\d+ ms +\d+ ms +\d+ ms/);
  expect(run.stdout).toContain('one file: ours / node -e 0');
  const written = /written: (\S+)/.exec(run.stdout)?.[1] as string;
  const results = JSON.parse(readFileSync(path.resolve(ROOT, written), 'utf8'));
  rmSync(path.resolve(ROOT, written));
  expect(results.sizes.corpusFiles).toBe(12);
  expect(results.singleFile.oursMs).toBeGreaterThan(0);
  expect(results.peakMemoryMB.corpus).toBeGreaterThan(0);
  expect(Object.keys(results.targets)).toHaveLength(9);
  expect(results.languageServer.medianMs).toBeGreaterThan(0);
  expect(results.languageServer.lines).toBe(200);
  expect(results.playground.gzippedKB).toBeGreaterThan(50);
  expect(run.stdout).toMatch(/hostile inputs \(at 1% of their size\): one CLI run each, target < 3 s/);
  expect(run.stdout).toMatch(/[✓✗] 40k fixes +\d+\.\d\d s +\d+ MB peak/);
  expect(Object.keys(results.hostile)).toEqual([
    '40k stages',
    '1 MB requirements with \\ continuations',
    '770 KB of Poetry dependencies',
    '40k fixes',
    '5 MiB of tiny instructions',
  ]);
  for (const entry of Object.values(results.hostile) as { seconds: number; peakMemoryMB: number }[]) {
    expect(entry.seconds).toBeGreaterThan(0);
    expect(entry.peakMemoryMB).toBeGreaterThan(0);
  }
}, 120_000);
