/**
 * Timing and memory measurement for `npm run bench`: whole processes, in interleaved rounds (each
 * round runs every command once, starting one command further each time, so a slow moment of the
 * machine hits them all alike and no command always runs first).
 *
 * The figure that counts is CPU time, user + sys of the command and every process it waits for
 * (what a CI minute costs, and much less noisy than wall time on a shared machine), from the
 * kernel's accounting of the children of a small bash wrapper (its `times` builtin: millisecond
 * resolution, where GNU time prints hundredths). Where bash is missing, the command, a Node
 * script, runs inside a small probe that reports its own `process.resourceUsage()` at exit. Wall
 * time is kept beside it. Ratios of two commands are taken round by round (the same moment of the
 * machine for both):
 * their median and spread.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BASH = '/bin/bash';
const hasBash = existsSync(BASH);
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);
/** How CPU time is measured on this machine. */
export const METHOD = hasBash ? "user + sys of the process and its children, from bash's `times`" : 'process.resourceUsage() of the Node process at exit';
/** Runs "$@", then writes the children's CPU times (`times`, second line) to $FDL_BENCH_TIMES. */
const WRAPPER = '"$@"; status=$?; times > "$FDL_BENCH_TIMES"; exit $status';
const seconds = (text) => {
  const [, minutes, rest] = /^(\d+)m([\d.]+)s$/.exec(text) ?? [];
  return Number(minutes) * 60 + Number(rest);
};

/**
 * A command to time: `check(status)` says whether its exit status is a real run (a crash is
 * fast, and a benchmark of crashes is worthless); `env` is added to the environment, and
 * `prepare()` runs before each sample, untimed (the one-file run with an empty code cache
 * empties its directory there).
 */
export function command(file, args, cwd, check = (status) => status === 0, { env, prepare } = {}) {
  return { file, args, cwd, check, env: env ? { ...process.env, ...env } : process.env, prepare };
}

/** The probe used without GNU time: runs a Node script in-process and reports its usage at exit. */
function probeArgs(script, args) {
  const probe = `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nfdl-bench-usage ' + u.userCPUTime + ' ' + u.systemCPUTime + ' ' + u.maxRSS + '\\n'); });
process.argv.splice(1, 0, ${JSON.stringify(script)});
require(${JSON.stringify(script)});`;
  return ['-e', probe, '--', ...args];
}

/**
 * One run of a command: { wallMs, cpuMs, userMs, sysMs, maxRssMB } (maxRssMB only from the probe,
 * 0 otherwise; see treePeakMemory for memory).
 */
export function runOnce({ file, args, cwd, check, env, prepare }, name) {
  prepare?.();
  const directory = hasBash ? mkdtempSync(path.join(tmpdir(), 'fdl-bench-time-')) : undefined;
  try {
    const report = directory && path.join(directory, 'times');
    const [program, programArgs] = hasBash
      ? [BASH, ['-c', WRAPPER, 'bench', file, ...args]]
      : [file, file === process.execPath && args[0] !== '-e' ? probeArgs(args[0], args.slice(1)) : args];
    const start = process.hrtime.bigint();
    const result = spawnSync(program, programArgs, {
      cwd,
      env: report ? { ...env, FDL_BENCH_TIMES: report } : env,
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 28,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error) throw result.error;
    if (!check(result.status)) throw new Error(`${name}: exit ${result.status ?? result.signal}: ${String(result.stderr).slice(0, 500)}`);
    if (hasBash) {
      const [user, sys] = (readFileSync(report, 'utf8').trim().split('\n')[1] ?? '').split(' ').map(seconds);
      if (![user, sys].every(Number.isFinite)) throw new Error(`${name}: no CPU times from bash`);
      return { wallMs, cpuMs: (user + sys) * 1000, userMs: user * 1000, sysMs: sys * 1000, maxRssMB: 0 };
    }
    const usage = /fdl-bench-usage (\d+) (\d+) (\d+)/.exec(String(result.stderr));
    // `node -e 0` itself has no probe: its wall time stands in for its CPU time.
    if (!usage) return { wallMs, cpuMs: wallMs, userMs: wallMs, sysMs: 0, maxRssMB: 0 };
    const [user, sys, kilobytes] = usage.slice(1).map(Number);
    return { wallMs, cpuMs: (user + sys) / 1000, userMs: user / 1000, sysMs: sys / 1000, maxRssMB: kilobytes / 1024 };
  } finally {
    if (directory) rmSync(directory, { recursive: true, force: true });
  }
}

/** The q-quantile (0 to 1) of values, interpolated between the two nearest. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Median, quartiles, extremes and the samples themselves. */
export function summary(samples) {
  return {
    median: quantile(samples, 0.5),
    q1: quantile(samples, 0.25),
    q3: quantile(samples, 0.75),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples,
  };
}

/**
 * `rounds` interleaved rounds of every command after one warm-up round (not counted: it fills
 * the file-system cache and the code cache; `warmUp: false` skips it, for the quick test run).
 * Returns each command's summaries: `cpu` (user + sys, ms; the figure targets are judged on)
 * and `wall` (ms).
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
  return Object.fromEntries(
    names.map((name) => [name, { cpu: summary(samples[name].map((sample) => sample.cpuMs)), wall: summary(samples[name].map((sample) => sample.wallMs)) }]),
  );
}

/**
 * The ratio of two commands measured in the same rounds, in CPU time: the median of the ratios
 * round by round (the same moment of the machine for both) and their spread (min–max).
 */
export function ratio(a, b, kind = 'cpu') {
  if (!a || !b) return undefined;
  const perRound = a[kind].samples.map((value, index) => value / b[kind].samples[index]);
  return { value: quantile(perRound, 0.5), roundMin: Math.min(...perRound), roundMax: Math.max(...perRound) };
}

/** The resident set (VmRSS, kB) of each live process in the tree under `root`, from /proc. */
function treeResident(root) {
  const children = new Map();
  const resident = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      resident.set(Number(entry), rss);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch {
      // The process ended while the table was read.
    }
  }
  const tree = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop();
    if (resident.has(pid)) tree.push([pid, resident.get(pid)]);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * Peak resident memory of the whole process tree of one run of a Node script, in MB: the sum of
 * the tree's resident sets, sampled from /proc every 10 ms, and never less than the kernel's peak
 * of its largest process (GNU time, or the probe's maxRSS: exact when the tree is one process,
 * which sampling alone would underestimate). Also says how many processes the tree had.
 */
export async function treePeakMemory(script, args, cwd, check = (status) => status === 0) {
  const [program, programArgs] = hasGnuTime ? [GNU_TIME, ['-f', '%M', process.execPath, script, ...args]] : [process.execPath, probeArgs(script, args)];
  const child = spawn(program, programArgs, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let sampledKB = 0;
  const processes = new Set();
  const sample = () => {
    // Under GNU time, the tree that counts is below it (time itself is not the linter).
    const tree = treeResident(child.pid).filter(([pid]) => !hasGnuTime || pid !== child.pid);
    for (const [pid] of tree) processes.add(pid);
    sampledKB = Math.max(
      sampledKB,
      tree.reduce((sum, [, rss]) => sum + rss, 0),
    );
  };
  const timer = setInterval(sample, 10);
  const status = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  clearInterval(timer);
  if (!check(status)) throw new Error(`${path.basename(script)}: exit ${status}: ${stderr.slice(0, 500)}`);
  const kernel = hasGnuTime ? Number(stderr.trim().split('\n').at(-1)) : Number(/fdl-bench-usage \d+ \d+ (\d+)/.exec(stderr)?.[1]);
  if (!Number.isFinite(kernel) || kernel <= 0) throw new Error(`${path.basename(script)}: no memory figure`);
  return {
    mb: Math.max(sampledKB, kernel) / 1024,
    processes: Math.max(1, processes.size),
    method: `${hasGnuTime ? 'GNU time' : 'process.resourceUsage'} and /proc sampled every 10 ms, whole process tree`,
  };
}
