#!/usr/bin/env node
/**
 * `npm run bench`: how fast fastapi-docker-lint is, as whole processes, beside `node -e 0` and
 * dockerfilelint on the same files, measured side by side in one run (rounds interleave the
 * commands, so a slow moment of the machine hits them all alike; see bench/measure.mjs).
 *
 * - Monorepo scale (issue 14): three layouts (bench/corpus.mjs: services, flat, shared root
 *   context) at 2,000 and 4,000 files, and a warm `--cache` run over the 2,000 services, all in
 *   the same rounds as dockerfilelint on the same files and `node -e 0` (BENCH_ROUNDS, 9 by
 *   default). Before timing, each command's JSON report must name every file it was given.
 * - One file against `node -e 0` and dockerfilelint (15 rounds), one large file.
 * - Peak resident memory over 10,000 service files: ours in the stylish and SARIF formats, and
 *   dockerfilelint (3 runs each; the target is judged on the highest).
 * - The hostile inputs (bench/hostile.mjs): files within the 5 MiB limit that once took quadratic
 *   time or memory, each timed as one CLI run with its peak memory, against 3 s.
 * - The language server's latency and the playground's size and first findings (their scripts).
 *
 * It prints markdown tables and the targets (✓/✗ with the measured value), and writes every
 * sample with the machine's description to bench/results/. BENCH_MACHINE names the machine
 * (default: the host name); BENCH_ROUNDS sets the rounds. BENCH_SIZE=tiny runs a few files once
 * each, without warm-up, and the hostile inputs at 1% of their size (the test suite uses it to
 * check the script runs).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { buildLargeFile, buildLayout, corpusFixtures, LAYOUTS } from './corpus.mjs';
import { HOSTILE_INPUTS } from './hostile.mjs';
import { command, interleave, peakMemory, ratio, summary } from './measure.mjs';

const started = performance.now();
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/bundle/cli.cjs');
const DOCKERFILELINT = path.join(ROOT, 'node_modules/dockerfilelint/bin/dockerfilelint');
const tiny = process.env.BENCH_SIZE === 'tiny';
const SIZES = tiny
  ? { layout: [12, 24], memory: 30, largeLines: 300, rounds: 1, singleRounds: 1, memoryRuns: 1, largeRuns: 1, hostileScale: 0.01, hostileRuns: 1, lspChanges: 10, playgroundLoads: 1 }
  : { layout: [2000, 4000], memory: 10000, largeLines: 5000, rounds: 9, singleRounds: 15, memoryRuns: 3, largeRuns: 5, hostileScale: 1, hostileRuns: 3, lspChanges: 100, playgroundLoads: 9 };
if (process.env.BENCH_ROUNDS) SIZES.rounds = Math.max(1, Number(process.env.BENCH_ROUNDS));
const [SMALL, LARGE] = SIZES.layout;
const HOSTILE_TARGET_S = 3;

if (!existsSync(CLI)) {
  console.error('bench: run `npm run build` first (dist/bundle/cli.cjs is missing)');
  process.exit(2);
}
if (!existsSync(DOCKERFILELINT)) {
  console.error('bench: dockerfilelint is missing (npm install: it is a dev dependency)');
  process.exit(2);
}

const node = process.execPath;
const progress = (text) => process.stderr.write(`bench: ${text}\n`);
const count = (value) => value.toLocaleString('en-US');
const plural = (number, word) => `${count(number)} ${word}${number === 1 ? '' : 's'}`;
// dockerfilelint exits with its number of findings (modulo 256): any exit but a signal is a run.
const oursCompleted = (status) => status === 0 || status === 1;
const theirsCompleted = (status) => status !== null;

// ---------------------------------------------------------------------------------- checks

/** The files of a layout that a JSON report names (ours: `filePath`, relative to the root). */
function reportedFiles(layout, names) {
  const wanted = new Set(layout.files);
  return new Set(names.map((name) => name.split(path.sep).join('/')).filter((name) => wanted.has(name)));
}

/**
 * Both tools must really lint every file: a crash or a skipped file is fast. Our JSON report and
 * dockerfilelint's must each name every file given (ours: also found in the folder, when
 * `discover`). Returns our report's text.
 */
function checkCoverage(label, layout, { extraArgs = [], theirs = true, discover = false } = {}) {
  const runOurs = (paths) => {
    const run = spawnSync(node, [CLI, '--format', 'json', ...layout.args, ...extraArgs, ...paths], { cwd: layout.root, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (!oursCompleted(run.status)) throw new Error(`${label}: fastapi-docker-lint exited ${run.status}: ${run.stderr.slice(0, 300)}`);
    return run.stdout;
  };
  const text = runOurs(layout.files);
  const ours = reportedFiles(layout, JSON.parse(text).map((result) => result.filePath));
  if (ours.size !== layout.files.length) throw new Error(`${label}: fastapi-docker-lint reported ${ours.size} of ${layout.files.length} files`);
  if (discover) {
    const found = reportedFiles(layout, JSON.parse(runOurs(['.'])).map((result) => result.filePath));
    if (found.size !== layout.files.length) throw new Error(`${label}: fastapi-docker-lint found ${found.size} of ${layout.files.length} files in the folder`);
  }
  if (theirs) {
    // Into a file: dockerfilelint exits before a large write to a pipe is flushed.
    const output = path.join(layout.root, '..', `dockerfilelint-${path.basename(layout.root)}.json`);
    const descriptor = openSync(output, 'w');
    spawnSync(node, [DOCKERFILELINT, '-j', ...layout.files], { cwd: layout.root, stdio: ['ignore', descriptor, 'pipe'] });
    closeSync(descriptor);
    let names = [];
    try {
      names = JSON.parse(readFileSync(output, 'utf8')).files.map((file) => file.file);
    } catch {
      // A crash prints no JSON.
    }
    rmSync(output, { force: true });
    const reported = reportedFiles(layout, names);
    if (reported.size !== layout.files.length) throw new Error(`${label}: dockerfilelint reported ${reported.size} of ${layout.files.length} files`);
  }
  return text;
}

/**
 * The warm `--cache` case: whether the CLI has the option (it answers an unknown one with exit 2
 * and one line), and whether a warm run reports exactly what the cold run that filled the cache
 * did. A cache that is fast because it reports less is not measured.
 */
function prepareCache(layout, cacheArgs) {
  const probe = spawnSync(node, [CLI, '--format', 'json', ...cacheArgs, layout.files[0]], { cwd: layout.root, encoding: 'utf8' });
  if (probe.status === 2 && /unknown option/i.test(probe.stderr)) {
    return { available: false, reason: `not available: this build's CLI answers "${probe.stderr.trim().replace(/^fastapi-docker-lint: /, '').replace(/ \(see --help\)$/, '')}"` };
  }
  rmSync(cacheArgs.at(-1), { recursive: true, force: true });
  const cold = checkCoverage(`${layout.label}, --cache (cold)`, layout, { extraArgs: cacheArgs, theirs: false });
  const warm = checkCoverage(`${layout.label}, --cache (warm)`, layout, { extraArgs: cacheArgs, theirs: false });
  if (JSON.stringify(JSON.parse(cold)) !== JSON.stringify(JSON.parse(warm))) return { available: false, reason: 'a warm --cache run reports other findings than the cold run: not measured' };
  return { available: true };
}

// ---------------------------------------------------------------------------------- hostile

/**
 * One hostile input: a fresh copy per run (`--fix` rewrites it), the median time of whole CLI
 * runs and the highest peak memory. A crash or a missing report is an error, not a fast run.
 */
function hostileRun(input, directory) {
  const times = [];
  let peakMB = 0;
  for (let run = 0; run < SIZES.hostileRuns; run++) {
    const runDirectory = path.join(directory, String(run));
    const dockerfile = input.build(runDirectory, SIZES.hostileScale);
    const args = [...(input.args ?? []), '--format', 'json', dockerfile];
    const probe = `process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 0, ${JSON.stringify(CLI)});
require(${JSON.stringify(CLI)});`;
    const start = process.hrtime.bigint();
    const result = spawnSync(node, ['-e', probe, '--', ...args], { cwd: runDirectory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const rss = /maxrss=(\d+)/.exec(result.stderr);
    let reported = false;
    try {
      reported = JSON.parse(result.stdout).length === 1;
    } catch {
      // No JSON: the run failed.
    }
    if (!rss || !reported || result.status === 2) throw new Error(`${input.name}: the CLI failed (exit ${result.status}): ${result.stderr.slice(0, 500)}`);
    peakMB = Math.max(peakMB, Number(rss[1]) / 1024);
    rmSync(runDirectory, { recursive: true, force: true });
  }
  return { seconds: summary(times).median / 1000, peakMB };
}

// ---------------------------------------------------------------------------------- run

const work = mkdtempSync(path.join(tmpdir(), 'fdl-bench-'));
try {
  const loadAverageStart = loadavg();
  const ours = (layout, extra = []) => command(node, [CLI, '--format', 'json', ...layout.args, ...extra, ...layout.files], layout.root, oursCompleted);
  const theirs = (layout) => command(node, [DOCKERFILELINT, '-j', ...layout.files], layout.root, theirsCompleted);

  // Every corpus is written before anything is timed.
  progress(`writing the corpora (${Object.keys(LAYOUTS).join(', ')} × ${SIZES.layout.map(count).join(' and ')} files; ${count(SIZES.memory)} services)`);
  const layouts = {};
  for (const name of Object.keys(LAYOUTS)) {
    for (const size of SIZES.layout) {
      const layout = buildLayout(name, path.join(work, `${name.replace(/ /g, '-')}-${size}`), size);
      layouts[`${name} ${size}`] = { ...layout, name, size, label: `${name}, ${count(size)} files` };
    }
  }
  const memoryCorpus = { ...buildLayout('services', path.join(work, `services-${SIZES.memory}`), SIZES.memory), label: `services, ${count(SIZES.memory)} files` };
  const large = path.join(work, 'large.Dockerfile');
  const largeLines = buildLargeFile(large, SIZES.largeLines);

  progress('checking that both tools lint every file of every corpus');
  for (const layout of [...Object.values(layouts), memoryCorpus]) checkCoverage(layout.label, layout, { discover: layout.name === 'flat' });
  const cached = layouts[`services ${SMALL}`];
  const cacheArgs = ['--cache', '--cache-location', path.join(work, 'lint-cache')];
  const cache = prepareCache(cached, cacheArgs);
  if (!cache.available) progress(`warm --cache: ${cache.reason}`);

  const corpusCommands = { 'node -e 0': command(node, ['-e', '0'], work) };
  for (const [key, layout] of Object.entries(layouts)) {
    corpusCommands[`ours ${key}`] = ours(layout);
    corpusCommands[`dockerfilelint ${key}`] = theirs(layout);
  }
  if (cache.available) corpusCommands[`ours services ${SMALL} warm --cache`] = ours(cached, cacheArgs);
  progress(`timing ${Object.keys(corpusCommands).length} commands in ${plural(SIZES.rounds, 'interleaved round')}${tiny ? '' : ' (after one warm-up round)'}`);
  const corpus = interleave(corpusCommands, SIZES.rounds, { warmUp: !tiny, onRound: (round) => progress(`round ${round} of ${SIZES.rounds}`) });

  progress(`one file: ${plural(SIZES.singleRounds, 'interleaved round')}`);
  const single = { root: cached.root, files: [cached.files[0]], args: [] };
  const one = interleave({ 'node -e 0': command(node, ['-e', '0'], work), ours: ours(single), dockerfilelint: theirs(single) }, SIZES.singleRounds, { warmUp: !tiny });
  const big = interleave({ ours: command(node, [CLI, '--format', 'json', large], work, oursCompleted) }, SIZES.largeRuns, { warmUp: !tiny });

  progress(`peak memory over ${count(SIZES.memory)} files: ${plural(SIZES.memoryRuns, 'run')} each`);
  const memorySamples = { stylish: [], sarif: [], dockerfilelint: [] };
  let memoryMethod;
  for (let run = 0; run < SIZES.memoryRuns; run++) {
    for (const format of ['stylish', 'sarif']) {
      const measured = peakMemory(CLI, ['--format', format, ...memoryCorpus.files], memoryCorpus.root, oursCompleted);
      memorySamples[format].push(measured.mb);
      memoryMethod = measured.method;
    }
    memorySamples.dockerfilelint.push(peakMemory(DOCKERFILELINT, ['-j', ...memoryCorpus.files], memoryCorpus.root, theirsCompleted).mb);
  }
  const memory = Object.fromEntries(Object.entries(memorySamples).map(([name, samples]) => [name, summary(samples)]));

  progress('hostile inputs');
  const hostile = HOSTILE_INPUTS.map((input, index) => ({ name: input.name, ...hostileRun(input, path.join(work, `hostile-${index}`)) }));
  // The editor and the browser: their own scripts, each a real client (JSON-RPC, Chromium).
  const script = (name, ...args) => {
    const run = spawnSync(node, [path.join(ROOT, 'bench', name), ...args], { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`bench/${name} failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };
  progress('language server and playground');
  const lsp = script('lsp-latency.mjs', String(SIZES.lspChanges));
  const playground = script('playground.mjs', String(SIZES.playgroundLoads));

  // ------------------------------------------------------------------------------ results

  const timing = (key) => corpus[`ours ${key}`];
  const theirTiming = (key) => corpus[`dockerfilelint ${key}`];
  const warm = corpus[`ours services ${SMALL} warm --cache`];
  const scaling = (name) => ratio(timing(`${name} ${LARGE}`), timing(`${name} ${SMALL}`));
  const value = (number) => (number === undefined ? undefined : { value: number });
  const targets = [
    ['one file: ours / node -e 0', ratio(one.ours, one['node -e 0']), '≤ 1.4', (x) => x <= 1.4],
    ['one file: ours / dockerfilelint', ratio(one.ours, one.dockerfilelint), '< 1.0', (x) => x < 1],
    [`services, ${count(SMALL)} files: ours / dockerfilelint`, ratio(timing(`services ${SMALL}`), theirTiming(`services ${SMALL}`)), '≤ 1.5', (x) => x <= 1.5],
    [`flat, ${count(SMALL)} files in one folder: ours / dockerfilelint`, ratio(timing(`flat ${SMALL}`), theirTiming(`flat ${SMALL}`)), '≤ 1.5', (x) => x <= 1.5],
    ...Object.keys(LAYOUTS).map((name) => [`${name}: ${count(LARGE)} files / ${count(SMALL)}, time`, scaling(name), '≤ 2.2', (x) => x <= 2.2]),
    ...SIZES.layout.map((size) => [`shared root context / services, ${count(size)} files`, ratio(timing(`shared root ${size}`), timing(`services ${size}`)), '≤ 2.0', (x) => x <= 2]),
    [`peak RSS, ${count(SIZES.memory)} files, stylish (highest of ${SIZES.memoryRuns}), MB`, value(memory.stylish.max), '< 150', (x) => x < 150],
    [`peak RSS, ${count(SIZES.memory)} files, sarif (highest of ${SIZES.memoryRuns}), MB`, value(memory.sarif.max), '< 150', (x) => x < 150],
    [`warm --cache, ${count(SMALL)} unchanged services: ours / dockerfilelint`, ratio(warm, theirTiming(`services ${SMALL}`)), '≤ 0.3', (x) => x <= 0.3, cache.available ? undefined : cache.reason],
    [`large file (${count(largeLines)} lines), s`, value(big.ours.median / 1000), '< 0.5', (x) => x < 0.5],
    ['language server: diagnostics after a change, 200 lines, median ms', value(lsp.medianMs), '≤ 50', (x) => x <= 50],
    ['playground: whole page gzipped, KB', value(playground.gzippedKB), '≤ 400', (x) => x <= 400],
    ['playground: first findings after load, ms', value(playground.firstFindingsMs ?? undefined), '≤ 500', (x) => x <= 500],
  ];

  const durationSeconds = Math.round((performance.now() - started) / 1000);
  const results = {
    date: new Date().toISOString(),
    durationSeconds,
    machine: {
      name: process.env.BENCH_MACHINE || hostname(),
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${release()}`,
      loadAverageStart,
      loadAverageEnd: loadavg(),
    },
    corpus: { fixtures: corpusFixtures().fixtures.length, leftOut: corpusFixtures().leftOut },
    settings: { rounds: SIZES.rounds, singleFileRounds: SIZES.singleRounds, memoryRuns: SIZES.memoryRuns, largeFileRuns: SIZES.largeRuns, memoryMethod, dockerfilelint: JSON.parse(readFileSync(path.join(DOCKERFILELINT, '../../package.json'), 'utf8')).version },
    nodeStartupMs: corpus['node -e 0'],
    layouts: Object.fromEntries(
      Object.keys(LAYOUTS).map((name) => [name, Object.fromEntries(SIZES.layout.map((size) => [size, { files: size, args: layouts[`${name} ${size}`].args, oursMs: timing(`${name} ${size}`), dockerfilelintMs: theirTiming(`${name} ${size}`) }]))]),
    ),
    warmCache: cache.available ? { files: SMALL, oursMs: warm, dockerfilelintMs: theirTiming(`services ${SMALL}`) } : { files: SMALL, notAvailable: cache.reason },
    singleFile: { nodeMs: one['node -e 0'], oursMs: one.ours, dockerfilelintMs: one.dockerfilelint },
    largeFile: { lines: largeLines, oursMs: big.ours },
    peakMemoryMB: { files: memoryCorpus.files.length, method: memoryMethod, stylish: memory.stylish, sarif: memory.sarif, dockerfilelint: memory.dockerfilelint },
    hostile: Object.fromEntries(
      hostile.map((entry) => [entry.name, { seconds: entry.seconds, peakMemoryMB: entry.peakMB, scale: SIZES.hostileScale, target: `< ${HOSTILE_TARGET_S} s`, met: entry.seconds < HOSTILE_TARGET_S }]),
    ),
    languageServer: lsp,
    playground,
    targets: Object.fromEntries(
      targets.map(([name, measured, target, met, note]) => [
        name,
        { value: measured?.value ?? null, ...(measured?.roundMin !== undefined ? { roundMin: measured.roundMin, roundMax: measured.roundMax } : {}), target, met: measured ? met(measured.value) : null, ...(note ? { note } : {}) },
      ]),
    ),
  };

  // ------------------------------------------------------------------------------ printing

  const ms = (stats) => (stats ? `${count(Math.round(stats.median))} ms (${count(Math.round(stats.min))}–${count(Math.round(stats.max))})` : 'n/a');
  const mb = (stats) => `${stats.median.toFixed(0)} MB (${stats.min.toFixed(0)}–${stats.max.toFixed(0)})`;
  const times = (measured) => (measured ? `${measured.value.toFixed(2)}×` : '');
  /** A markdown table, padded so that it also reads in a terminal. */
  const table = (rows) => {
    const widths = rows[0].map((_, column) => Math.max(3, ...rows.map((row) => row[column].length)));
    const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
    return [line(rows[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
  };
  const layoutRows = [['files in one call', 'fastapi-docker-lint', 'dockerfilelint', 'ours / dockerfilelint']];
  for (const name of Object.keys(LAYOUTS)) {
    for (const size of SIZES.layout) {
      const key = `${name} ${size}`;
      layoutRows.push([`${name}${name === 'shared root' ? ' (`--context .`)' : ''}, ${count(size)}`, ms(timing(key)), ms(theirTiming(key)), times(ratio(timing(key), theirTiming(key)))]);
    }
  }
  layoutRows.push([`services, ${count(SMALL)}, warm \`--cache\``, cache.available ? ms(warm) : 'not available', ms(theirTiming(`services ${SMALL}`)), times(ratio(warm, theirTiming(`services ${SMALL}`)))]);
  layoutRows.push(['`node -e 0`, in the same rounds', ms(corpus['node -e 0']), '', '']);
  const otherRows = [
    ['measure', 'fastapi-docker-lint', '`node -e 0`', 'dockerfilelint'],
    ['one file, cold start to exit', ms(one.ours), ms(one['node -e 0']), ms(one.dockerfilelint)],
    [`one file of ${count(largeLines)} lines`, ms(big.ours), '', ''],
    [`peak RSS, ${count(SIZES.memory)} files, stylish`, mb(memory.stylish), '', mb(memory.dockerfilelint)],
    [`peak RSS, ${count(SIZES.memory)} files, sarif`, mb(memory.sarif), '', ''],
  ];
  const { machine } = results;
  console.log(`fastapi-docker-lint benchmark, ${results.date.slice(0, 10)}: machine ${machine.name}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, dockerfilelint ${results.settings.dockerfilelint}`);
  const { leftOut } = results.corpus;
  if (leftOut.length > 0) console.log(`corpora from ${results.corpus.fixtures} fixtures; left out, as dockerfilelint throws on them: ${leftOut.map((entry) => entry.fixture).join(', ')}`);
  console.log(`load average ${loadAverageStart.map((x) => x.toFixed(2)).join(' ')} at the start, ${machine.loadAverageEnd.map((x) => x.toFixed(2)).join(' ')} at the end\n`);
  console.log(`Files in one call: median (min–max) of ${plural(SIZES.rounds, 'interleaved round')}\n`);
  console.log(table(layoutRows));
  console.log(`\nOne file: ${plural(SIZES.singleRounds, 'interleaved round')}; large file: ${plural(SIZES.largeRuns, 'run')}; peak RSS: median (min–max) of ${plural(SIZES.memoryRuns, 'run')} (${memoryMethod})\n`);
  console.log(table(otherRows));
  console.log('');
  for (const [name, measured, target, met, note] of targets) {
    const perRound = measured?.roundMin !== undefined && SIZES.rounds > 1 ? `, round by round ${measured.roundMin.toFixed(2)}–${measured.roundMax.toFixed(2)}` : '';
    if (!measured) console.log(`- ${name}: ${note ?? 'n/a'} (target ${target})`);
    else console.log(`${met(measured.value) ? '✓' : '✗'} ${name}: ${measured.value.toFixed(2)}${perRound} (target ${target})`);
  }
  const scaleNote = SIZES.hostileScale === 1 ? '' : ` (at ${SIZES.hostileScale * 100}% of their size)`;
  const nameWidth = Math.max(0, ...hostile.map((entry) => entry.name.length));
  console.log(`\nhostile inputs${scaleNote}: one CLI run each, target < ${HOSTILE_TARGET_S} s`);
  for (const entry of hostile) {
    console.log(`${entry.seconds < HOSTILE_TARGET_S ? '✓' : '✗'} ${entry.name.padEnd(nameWidth)}  ${entry.seconds.toFixed(2).padStart(6)} s  ${entry.peakMB.toFixed(0).padStart(5)} MB peak`);
  }

  const resultsDir = path.join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const out = path.join(resultsDir, `${results.date.replace(/[:.]/g, '-')}${tiny ? '-tiny' : ''}.json`);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\ntook ${Math.floor(durationSeconds / 60)} min ${durationSeconds % 60} s`);
  console.log(`written: ${path.relative(process.cwd(), out)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
