/**
 * Timing and memory measurement for `npm run bench`: whole processes, in interleaved rounds (each
 * round runs every command once, starting one command further each time, so a slow moment of the
 * machine hits them all alike and no command always runs first), and the peak resident memory of
 * one process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A command to time: `check(status)` says whether its exit status is a real run (a crash is
 * fast, and a benchmark of crashes is worthless).
 */
export function command(file, args, cwd, check = (status) => status === 0) {
  return { file, args, cwd, check };
}

function runOnce({ file, args, cwd, check }, name) {
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (!check(result.status)) throw new Error(`${name}: exit ${result.status ?? result.signal}: ${String(result.stderr).slice(0, 500)}`);
  return elapsed;
}

/** The q-quantile (0 to 1) of values, interpolated between the two nearest. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Median, quartiles, extremes and the samples themselves, in ms. */
export function summary(samples) {
  return { median: quantile(samples, 0.5), q1: quantile(samples, 0.25), q3: quantile(samples, 0.75), min: Math.min(...samples), max: Math.max(...samples), samples };
}

/**
 * `rounds` interleaved rounds of every command after one warm-up round (not counted: it fills
 * the file-system cache and the code cache; `warmUp: false` skips it, for the quick test run).
 * Returns each command's summary in ms.
 */
export function interleave(commands, rounds, { warmUp = true, onRound = () => {} } = {}) {
  const names = Object.keys(commands);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  if (warmUp) for (const name of names) runOnce(commands[name], name);
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(round + offset) % names.length];
      samples[name].push(runOnce(commands[name], name));
    }
    onRound(round + 1);
  }
  return Object.fromEntries(names.map((name) => [name, summary(samples[name])]));
}

/**
 * The ratio of two commands measured in the same rounds: of their medians, and the range of the
 * ratios round by round (the same moment of the machine for both).
 */
export function ratio(a, b) {
  if (!a || !b) return undefined;
  const perRound = a.samples.map((value, index) => value / b.samples[index]);
  return { value: a.median / b.median, roundMin: Math.min(...perRound), roundMax: Math.max(...perRound) };
}

const GNU_TIME = '/usr/bin/time';

/**
 * Peak resident memory of one run of a Node script, in MB: from GNU time (the process as it is
 * run), or where it is missing, from the process itself at exit (`process.resourceUsage`).
 */
export function peakMemory(script, args, cwd, check = (status) => status === 0) {
  if (existsSync(GNU_TIME)) {
    const directory = mkdtempSync(path.join(tmpdir(), 'fdl-bench-rss-'));
    try {
      const report = path.join(directory, 'rss');
      const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', report, process.execPath, script, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
      if (result.error) throw result.error;
      if (!check(result.status)) throw new Error(`${path.basename(script)}: exit ${result.status}: ${String(result.stderr).slice(0, 500)}`);
      // GNU time writes "Command exited with non-zero status N" before the figure.
      const kilobytes = Number(readFileSync(report, 'utf8').trim().split('\n').at(-1));
      if (!Number.isFinite(kilobytes) || kilobytes <= 0) throw new Error(`no memory figure from ${GNU_TIME}`);
      return { mb: kilobytes / 1024, method: 'GNU time' };
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  const probe = `process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 0, ${JSON.stringify(script)});
require(${JSON.stringify(script)});`;
  const result = spawnSync(process.execPath, ['-e', probe, '--', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const match = /maxrss=(\d+)/.exec(result.stderr);
  if (!match || !check(result.status)) throw new Error(`${path.basename(script)}: no memory figure (exit ${result.status}): ${result.stderr.slice(-500)}`);
  return { mb: Number(match[1]) / 1024, method: 'process.resourceUsage' };
}
