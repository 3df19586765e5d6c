#!/usr/bin/env node
/**
 * `npm run bench`: how fast fastapi-docker-lint is, as whole processes, beside `node -e 0`,
 * dockerfilelint and dockerfile-ast alone on the same files, measured side by side in one run
 * (rounds interleave the commands, so a slow moment of the machine hits them all alike). Every
 * time is CPU time, user + sys of the process and its children (bench/measure.mjs), and every
 * ratio is the median of the ratios round by round, with their spread.
 *
 * - Monorepo scale (issues 14 and 23): three layouts (bench/corpus.mjs: services, flat, shared
 *   root context) at 2,000 and 4,000 files, and a warm `--cache` run over the 2,000 services, all
 *   in the same rounds as dockerfilelint on the same files, the parse floor (bench/parse-floor.mjs:
 *   dockerfile-ast alone) and `node -e 0` (BENCH_ROUNDS, 9 by default). Before timing, each
 *   command's JSON report must name every file it was given.
 * - One file against `node -e 0` and dockerfilelint (15 rounds), with the code cache warm and
 *   with an empty code-cache directory (what a fresh CI container sees); one large file.
 * - Peak resident memory of the whole process tree over 10,000 service files: ours in the
 *   stylish and SARIF formats, and dockerfilelint (3 runs each; judged on the highest).
 * - The hostile inputs (bench/hostile.mjs): files within the 5 MiB limit that once took quadratic
 *   time or memory, each timed as one CLI run with its peak memory, against 3 s.
 * - The language server's latency and the playground's size and first findings (their scripts).
 *
 * `--quick` (or BENCH_QUICK=1) measures only what issue 23's targets need, in about a quarter of
 * the time: services at 2,000 and 4,000 files and flat at 2,000 in 5 rounds, the warm cache, one
 * file in 11 rounds, one 10,000-file memory run per format, each hostile input once; no large
 * file, language server or playground.
 *
 * It prints markdown tables and the targets (✓/✗ with the measured value), and writes every
 * sample with the machine's description to bench/results/. BENCH_MACHINE names the machine
 * (default: the host name); BENCH_ROUNDS sets the rounds. BENCH_SIZE=tiny runs a few files once
 * each, without warm-up, and the hostile inputs at 1% of their size (the test suite uses it to
 * check the script runs). BENCH_CLI measures another build's dist/bundle/cli.cjs (a before and
 * after comparison on the same machine).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { buildLargeFile, buildLayout, corpusFixtures, LAYOUTS } from './corpus.mjs';
import { HOSTILE_INPUTS } from './hostile.mjs';
import { command, interleave, METHOD, ratio, runOnce, summary, treePeakMemory } from './measure.mjs';

const started = performance.now();
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(ROOT, 'dist/bundle/cli.cjs');
const DOCKERFILELINT = path.join(ROOT, 'node_modules/dockerfilelint/bin/dockerfilelint');
const PARSE_FLOOR = path.join(ROOT, 'bench/parse-floor.mjs');
const tiny = process.env.BENCH_SIZE === 'tiny';
const quick = process.argv.includes('--quick') || Boolean(process.env.BENCH_QUICK);
const SIZES = tiny
  ? {
      layout: [12, 24],
      memory: 30,
      largeLines: 300,
      rounds: 1,
      singleRounds: 1,
      memoryRuns: 1,
      largeRuns: 1,
      hostileScale: 0.01,
      hostileRuns: 1,
      lspChanges: 10,
      playgroundLoads: 1,
    }
  : quick
    ? {
        layout: [2000, 4000],
        memory: 10000,
        largeLines: 0,
        rounds: 5,
        singleRounds: 11,
        memoryRuns: 1,
        largeRuns: 0,
        hostileScale: 1,
        hostileRuns: 1,
        lspChanges: 0,
        playgroundLoads: 0,
      }
    : {
        layout: [2000, 4000],
        memory: 10000,
        largeLines: 5000,
        rounds: 9,
        singleRounds: 15,
        memoryRuns: 3,
        largeRuns: 5,
        hostileScale: 1,
        hostileRuns: 3,
        lspChanges: 100,
        playgroundLoads: 9,
      };
if (process.env.BENCH_ROUNDS) SIZES.rounds = Math.max(1, Number(process.env.BENCH_ROUNDS));
const [SMALL, LARGE] = SIZES.layout;
/** The layouts and sizes timed: all of them, or in `--quick` those the targets name. */
const TIMED = Object.keys(LAYOUTS).flatMap((name) =>
  SIZES.layout.filter((size) => !quick || name === 'services' || (name === 'flat' && size === SMALL)).map((size) => `${name} ${size}`),
);
const HOSTILE_TARGET_S = 3;

if (!existsSync(CLI)) {
  console.error(`bench: run \`npm run build\` first (${path.relative(process.cwd(), CLI)} is missing)`);
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
 * `discover`), and the parse floor must parse them all. Returns our report's text.
 */
function checkCoverage(label, layout, { extraArgs = [], theirs = true, discover = false } = {}) {
  const runOurs = (paths) => {
    const run = spawnSync(node, [CLI, '--format', 'json', ...layout.args, ...extraArgs, ...paths], { cwd: layout.root, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (!oursCompleted(run.status)) throw new Error(`${label}: fastapi-docker-lint exited ${run.status}: ${run.stderr.slice(0, 300)}`);
    return run.stdout;
  };
  const text = runOurs(layout.files);
  const ours = reportedFiles(
    layout,
    JSON.parse(text).map((result) => result.filePath),
  );
  if (ours.size !== layout.files.length) throw new Error(`${label}: fastapi-docker-lint reported ${ours.size} of ${layout.files.length} files`);
  if (discover) {
    const found = reportedFiles(
      layout,
      JSON.parse(runOurs(['.'])).map((result) => result.filePath),
    );
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
    const floor = spawnSync(node, [PARSE_FLOOR, ...layout.files], { cwd: layout.root, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (floor.status !== 0 || !(Number(floor.stdout) > 0)) throw new Error(`${label}: the parse floor failed: ${floor.stderr.slice(0, 300)}`);
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
    return {
      available: false,
      reason: `not available: this build's CLI answers "${probe.stderr
        .trim()
        .replace(/^fastapi-docker-lint: /, '')
        .replace(/ \(see --help\)$/, '')}"`,
    };
  }
  rmSync(cacheArgs.at(-1), { recursive: true, force: true });
  const cold = checkCoverage(`${layout.label}, --cache (cold)`, layout, { extraArgs: cacheArgs, theirs: false });
  const warm = checkCoverage(`${layout.label}, --cache (warm)`, layout, { extraArgs: cacheArgs, theirs: false });
  if (JSON.stringify(JSON.parse(cold)) !== JSON.stringify(JSON.parse(warm)))
    return { available: false, reason: 'a warm --cache run reports other findings than the cold run: not measured' };
  return { available: true };
}

// ---------------------------------------------------------------------------------- hostile

/**
 * One hostile input: a fresh copy per run (`--fix` rewrites it), the median CPU time of whole CLI
 * runs and the highest peak memory (of a run of its own: sampling costs CPU). A crash or a missing report is an error, not a fast run.
 */
async function hostileRun(input, directory) {
  const times = [];
  let peakMB = 0;
  for (let run = 0; run < SIZES.hostileRuns; run++) {
    const runDirectory = path.join(directory, String(run));
    const dockerfile = input.build(runDirectory, SIZES.hostileScale);
    const args = [...(input.args ?? []), '--format', 'json', dockerfile];
    const check = spawnSync(node, [CLI, ...args], { cwd: runDirectory, encoding: 'utf8', maxBuffer: 1 << 30 });
    let reported = false;
    try {
      reported = JSON.parse(check.stdout).length === 1;
    } catch {
      // No JSON: the run failed.
    }
    if (!reported || !oursCompleted(check.status)) throw new Error(`${input.name}: the CLI failed (exit ${check.status}): ${check.stderr.slice(0, 500)}`);
    rmSync(runDirectory, { recursive: true, force: true });
    input.build(runDirectory, SIZES.hostileScale);
    times.push(runOnce(command(node, [CLI, ...args], runDirectory, oursCompleted), input.name).cpuMs);
    rmSync(runDirectory, { recursive: true, force: true });
    input.build(runDirectory, SIZES.hostileScale);
    peakMB = Math.max(peakMB, (await treePeakMemory(CLI, args, runDirectory, oursCompleted)).mb);
    rmSync(runDirectory, { recursive: true, force: true });
  }
  return { seconds: summary(times).median / 1000, peakMB };
}

// ---------------------------------------------------------------------------------- run

const work = mkdtempSync(path.join(tmpdir(), 'fdl-bench-'));
try {
  const loadAverageStart = loadavg();
  const ours = (layout, extra = [], options = {}) =>
    command(node, [CLI, '--format', 'json', ...layout.args, ...extra, ...layout.files], layout.root, oursCompleted, options);
  const theirs = (layout) => command(node, [DOCKERFILELINT, '-j', ...layout.files], layout.root, theirsCompleted);
  const floor = (layout) => command(node, [PARSE_FLOOR, ...layout.files], layout.root);

  // Every corpus is written before anything is timed.
  progress(`writing the corpora (${TIMED.join(', ')} files; ${count(SIZES.memory)} services)`);
  const layouts = {};
  for (const key of TIMED) {
    const [, name, size] = /^(.*) (\d+)$/.exec(key);
    const layout = buildLayout(name, path.join(work, `${name.replace(/ /g, '-')}-${size}`), Number(size));
    layouts[key] = { ...layout, name, size: Number(size), label: `${name}, ${count(Number(size))} files` };
  }
  const memoryCorpus = {
    ...buildLayout('services', path.join(work, `services-${SIZES.memory}`), SIZES.memory),
    label: `services, ${count(SIZES.memory)} files`,
  };
  const large = path.join(work, 'large.Dockerfile');
  const largeLines = SIZES.largeRuns > 0 ? buildLargeFile(large, SIZES.largeLines) : 0;

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
    corpusCommands[`parse floor ${key}`] = floor(layout);
  }
  if (cache.available) corpusCommands[`ours services ${SMALL} warm --cache`] = ours(cached, cacheArgs);
  progress(`timing ${Object.keys(corpusCommands).length} commands in ${plural(SIZES.rounds, 'interleaved round')}${tiny ? '' : ' (after one warm-up round)'}`);
  const corpus = interleave(corpusCommands, SIZES.rounds, { warmUp: !tiny, onRound: (round) => progress(`round ${round} of ${SIZES.rounds}`) });

  progress(`one file: ${plural(SIZES.singleRounds, 'interleaved round')}`);
  const single = { root: cached.root, files: [cached.files[0]], args: [] };
  // A fresh CI container: the launcher's cache directory does not exist yet (made again before each run).
  const emptyCache = path.join(work, 'empty-code-cache');
  const emptied = ours(single, [], { env: { XDG_CACHE_HOME: emptyCache }, prepare: () => rmSync(emptyCache, { recursive: true, force: true }) });
  const one = interleave(
    { 'node -e 0': command(node, ['-e', '0'], work), ours: ours(single), 'ours, empty code cache': emptied, dockerfilelint: theirs(single) },
    SIZES.singleRounds,
    { warmUp: !tiny },
  );
  const big =
    SIZES.largeRuns > 0
      ? interleave({ ours: command(node, [CLI, '--format', 'json', large], work, oursCompleted) }, SIZES.largeRuns, { warmUp: !tiny })
      : undefined;

  progress(`peak memory over ${count(SIZES.memory)} files: ${plural(SIZES.memoryRuns, 'run')} each`);
  const memorySamples = { stylish: [], sarif: [], dockerfilelint: [] };
  let memoryMethod;
  let processes = 0;
  for (let run = 0; run < SIZES.memoryRuns; run++) {
    for (const format of ['stylish', 'sarif']) {
      const measured = await treePeakMemory(CLI, ['--format', format, ...memoryCorpus.files], memoryCorpus.root, oursCompleted);
      memorySamples[format].push(measured.mb);
      memoryMethod = measured.method;
      processes = Math.max(processes, measured.processes);
    }
    memorySamples.dockerfilelint.push((await treePeakMemory(DOCKERFILELINT, ['-j', ...memoryCorpus.files], memoryCorpus.root, theirsCompleted)).mb);
  }
  const memory = Object.fromEntries(Object.entries(memorySamples).map(([name, samples]) => [name, summary(samples)]));

  progress('hostile inputs');
  const hostile = [];
  for (const [index, input] of HOSTILE_INPUTS.entries()) hostile.push({ name: input.name, ...(await hostileRun(input, path.join(work, `hostile-${index}`))) });
  // The editor and the browser: their own scripts, each a real client (JSON-RPC, Chromium).
  const script = (name, ...args) => {
    const run = spawnSync(node, [path.join(ROOT, 'bench', name), ...args], { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`bench/${name} failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };
  if (!quick) progress('language server and playground');
  const lsp = quick ? undefined : script('lsp-latency.mjs', String(SIZES.lspChanges));
  const playground = quick ? undefined : script('playground.mjs', String(SIZES.playgroundLoads));

  // ------------------------------------------------------------------------------ results

  const timing = (key) => corpus[`ours ${key}`];
  const theirTiming = (key) => corpus[`dockerfilelint ${key}`];
  const floorTiming = (key) => corpus[`parse floor ${key}`];
  const warm = corpus[`ours services ${SMALL} warm --cache`];
  const scaling = (name) => ratio(timing(`${name} ${LARGE}`), timing(`${name} ${SMALL}`));
  const value = (number) => (number === undefined ? undefined : { value: number });
  const tinyInstructions = hostile.find((entry) => entry.name === '5 MiB of tiny instructions');
  const layoutNames = Object.keys(LAYOUTS).filter((name) => TIMED.includes(`${name} ${SMALL}`));
  // Issue 23's targets first, then the others that still hold.
  const targets = [
    [`services, ${count(SMALL)} files: ours / dockerfilelint`, ratio(timing(`services ${SMALL}`), theirTiming(`services ${SMALL}`)), '≤ 2.5', (x) => x <= 2.5],
    [
      `flat, ${count(SMALL)} files in one folder: ours / dockerfilelint`,
      ratio(timing(`flat ${SMALL}`), theirTiming(`flat ${SMALL}`)),
      '≤ 2.5',
      (x) => x <= 2.5,
    ],
    ...layoutNames
      .filter((name) => TIMED.includes(`${name} ${LARGE}`))
      .map((name) => [`${name}: ${count(LARGE)} files / ${count(SMALL)}`, scaling(name), '≤ 2.2', (x) => x <= 2.2]),
    [
      `warm --cache, ${count(SMALL)} unchanged services: ours / dockerfilelint`,
      ratio(warm, theirTiming(`services ${SMALL}`)),
      '≤ 0.5',
      (x) => x <= 0.5,
      cache.available ? undefined : cache.reason,
    ],
    ['one file: ours / node -e 0', ratio(one.ours, one['node -e 0']), '≤ 1.4', (x) => x <= 1.4],
    [`peak RSS, ${count(SIZES.memory)} files, stylish (highest of ${SIZES.memoryRuns}), MB`, value(memory.stylish.max), '< 150', (x) => x < 150],
    [
      `5 MiB of tiny instructions${SIZES.hostileScale === 1 ? '' : ` (at ${SIZES.hostileScale * 100}%)`}, s`,
      value(tinyInstructions?.seconds),
      '< 3',
      (x) => x < 3,
    ],
    ['one file, empty code cache: ours / node -e 0', ratio(one['ours, empty code cache'], one['node -e 0']), '≤ 1.4', (x) => x <= 1.4],
    ['one file: ours / dockerfilelint', ratio(one.ours, one.dockerfilelint), '< 1.0', (x) => x < 1],
    ...SIZES.layout
      .filter((size) => TIMED.includes(`shared root ${size}`))
      .map((size) => [
        `shared root context / services, ${count(size)} files`,
        ratio(timing(`shared root ${size}`), timing(`services ${size}`)),
        '≤ 2.0',
        (x) => x <= 2,
      ]),
    [`peak RSS, ${count(SIZES.memory)} files, sarif (highest of ${SIZES.memoryRuns}), MB`, value(memory.sarif.max), '< 150', (x) => x < 150],
    ...(big ? [[`large file (${count(largeLines)} lines), s`, value(big.ours.cpu.median / 1000), '< 0.5', (x) => x < 0.5]] : []),
    ...(lsp ? [['language server: diagnostics after a change, 200 lines, median ms', value(lsp.medianMs), '≤ 50', (x) => x <= 50]] : []),
    ...(playground
      ? [
          ['playground: whole page gzipped, KB', value(playground.gzippedKB), '≤ 400', (x) => x <= 400],
          ['playground: first findings after load, ms', value(playground.firstFindingsMs ?? undefined), '≤ 500', (x) => x <= 500],
        ]
      : []),
  ];

  const durationSeconds = Math.round((performance.now() - started) / 1000);
  const results = {
    date: new Date().toISOString(),
    durationSeconds,
    mode: tiny ? 'tiny' : quick ? 'quick' : 'full',
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
    settings: {
      cli: path.relative(ROOT, CLI),
      time: METHOD,
      rounds: SIZES.rounds,
      singleFileRounds: SIZES.singleRounds,
      memoryRuns: SIZES.memoryRuns,
      largeFileRuns: SIZES.largeRuns,
      memoryMethod,
      memoryProcesses: processes,
      dockerfilelint: JSON.parse(readFileSync(path.join(DOCKERFILELINT, '../../package.json'), 'utf8')).version,
    },
    nodeStartup: corpus['node -e 0'],
    layouts: Object.fromEntries(
      layoutNames.map((name) => [
        name,
        Object.fromEntries(
          SIZES.layout
            .filter((size) => TIMED.includes(`${name} ${size}`))
            .map((size) => [
              size,
              {
                files: size,
                args: layouts[`${name} ${size}`].args,
                ours: timing(`${name} ${size}`),
                dockerfilelint: theirTiming(`${name} ${size}`),
                parseFloor: floorTiming(`${name} ${size}`),
              },
            ]),
        ),
      ]),
    ),
    warmCache: cache.available ? { files: SMALL, ours: warm, dockerfilelint: theirTiming(`services ${SMALL}`) } : { files: SMALL, notAvailable: cache.reason },
    singleFile: { node: one['node -e 0'], ours: one.ours, oursEmptyCodeCache: one['ours, empty code cache'], dockerfilelint: one.dockerfilelint },
    ...(big ? { largeFile: { lines: largeLines, ours: big.ours } } : {}),
    peakMemoryMB: {
      files: memoryCorpus.files.length,
      method: memoryMethod,
      stylish: memory.stylish,
      sarif: memory.sarif,
      dockerfilelint: memory.dockerfilelint,
    },
    hostile: Object.fromEntries(
      hostile.map((entry) => [
        entry.name,
        {
          cpuSeconds: entry.seconds,
          peakMemoryMB: entry.peakMB,
          scale: SIZES.hostileScale,
          target: `< ${HOSTILE_TARGET_S} s`,
          met: entry.seconds < HOSTILE_TARGET_S,
        },
      ]),
    ),
    ...(lsp ? { languageServer: lsp } : {}),
    ...(playground ? { playground } : {}),
    targets: Object.fromEntries(
      targets.map(([name, measured, target, met, note]) => [
        name,
        {
          value: measured?.value ?? null,
          ...(measured?.roundMin !== undefined ? { roundMin: measured.roundMin, roundMax: measured.roundMax } : {}),
          target,
          met: measured ? met(measured.value) : null,
          ...(note ? { note } : {}),
        },
      ]),
    ),
  };

  // ------------------------------------------------------------------------------ printing

  const ms = (stats) => (stats ? `${count(Math.round(stats.cpu.median))} ms (${count(Math.round(stats.cpu.min))}–${count(Math.round(stats.cpu.max))})` : 'n/a');
  const mb = (stats) => `${stats.median.toFixed(0)} MB (${stats.min.toFixed(0)}–${stats.max.toFixed(0)})`;
  const times = (measured) => (measured ? `${measured.value.toFixed(2)}× (${measured.roundMin.toFixed(2)}–${measured.roundMax.toFixed(2)})` : '');
  /** A markdown table, padded so that it also reads in a terminal. */
  const table = (rows) => {
    const widths = rows[0].map((_, column) => Math.max(3, ...rows.map((row) => row[column].length)));
    const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
    return [line(rows[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
  };
  const layoutRows = [['files in one call', 'fastapi-docker-lint', 'dockerfilelint', 'ours / dockerfilelint', 'parse floor', 'floor / dockerfilelint']];
  for (const key of TIMED) {
    const { name, size } = layouts[key];
    layoutRows.push([
      `${name}${name === 'shared root' ? ' (`--context .`)' : ''}, ${count(size)}`,
      ms(timing(key)),
      ms(theirTiming(key)),
      times(ratio(timing(key), theirTiming(key))),
      ms(floorTiming(key)),
      times(ratio(floorTiming(key), theirTiming(key))),
    ]);
  }
  layoutRows.push([
    `services, ${count(SMALL)}, warm \`--cache\``,
    cache.available ? ms(warm) : 'not available',
    ms(theirTiming(`services ${SMALL}`)),
    times(ratio(warm, theirTiming(`services ${SMALL}`))),
    '',
    '',
  ]);
  layoutRows.push(['`node -e 0`, in the same rounds', ms(corpus['node -e 0']), '', '', '', '']);
  const otherRows = [
    ['measure', 'fastapi-docker-lint', '`node -e 0`', 'dockerfilelint', 'ours / `node -e 0`'],
    ['one file, cold start to exit', ms(one.ours), ms(one['node -e 0']), ms(one.dockerfilelint), times(ratio(one.ours, one['node -e 0']))],
    [
      'one file, empty code-cache directory',
      ms(one['ours, empty code cache']),
      ms(one['node -e 0']),
      ms(one.dockerfilelint),
      times(ratio(one['ours, empty code cache'], one['node -e 0'])),
    ],
    ...(big ? [[`one file of ${count(largeLines)} lines`, ms(big.ours), '', '', '']] : []),
    [`peak RSS, ${count(SIZES.memory)} files, stylish`, mb(memory.stylish), '', mb(memory.dockerfilelint), ''],
    [`peak RSS, ${count(SIZES.memory)} files, sarif`, mb(memory.sarif), '', '', ''],
  ];
  const { machine } = results;
  console.log(
    `fastapi-docker-lint benchmark (${results.mode}), ${results.date.slice(0, 10)}: machine ${machine.name}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}, dockerfilelint ${results.settings.dockerfilelint}`,
  );
  const { leftOut } = results.corpus;
  if (leftOut.length > 0)
    console.log(
      `corpora from ${results.corpus.fixtures} fixtures; left out, as dockerfilelint throws on them: ${leftOut.map((entry) => entry.fixture).join(', ')}`,
    );
  console.log(
    `load average ${loadAverageStart.map((x) => x.toFixed(2)).join(' ')} at the start, ${machine.loadAverageEnd.map((x) => x.toFixed(2)).join(' ')} at the end`,
  );
  console.log(`CPU time (${METHOD}); ratios are the median (min–max) of the ratios round by round\n`);
  console.log(`Files in one call: CPU time, median (min–max) of ${plural(SIZES.rounds, 'interleaved round')}\n`);
  console.log(table(layoutRows));
  console.log(
    `\nOne file: ${plural(SIZES.singleRounds, 'interleaved round')}${big ? `; large file: ${plural(SIZES.largeRuns, 'run')}` : ''}; peak RSS: median (min–max) of ${plural(SIZES.memoryRuns, 'run')} (${memoryMethod}; ${plural(processes, 'process')})\n`,
  );
  console.log(table(otherRows));
  console.log('');
  for (const [name, measured, target, met, note] of targets) {
    const perRound =
      measured?.roundMin !== undefined && SIZES.rounds > 1 ? `, round by round ${measured.roundMin.toFixed(2)}–${measured.roundMax.toFixed(2)}` : '';
    if (!measured) console.log(`- ${name}: ${note ?? 'n/a'} (target ${target})`);
    else console.log(`${met(measured.value) ? '✓' : '✗'} ${name}: ${measured.value.toFixed(2)}${perRound} (target ${target})`);
  }
  const scaleNote = SIZES.hostileScale === 1 ? '' : ` (at ${SIZES.hostileScale * 100}% of their size)`;
  const nameWidth = Math.max(0, ...hostile.map((entry) => entry.name.length));
  console.log(`\nhostile inputs${scaleNote}: one CLI run each, CPU time, target < ${HOSTILE_TARGET_S} s`);
  for (const entry of hostile) {
    console.log(
      `${entry.seconds < HOSTILE_TARGET_S ? '✓' : '✗'} ${entry.name.padEnd(nameWidth)}  ${entry.seconds.toFixed(2).padStart(6)} s  ${entry.peakMB.toFixed(0).padStart(5)} MB peak`,
    );
  }

  const resultsDir = path.join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const out = path.join(resultsDir, `${results.date.replace(/[:.]/g, '-')}${tiny ? '-tiny' : quick ? '-quick' : ''}.json`);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\ntook ${Math.floor(durationSeconds / 60)} min ${durationSeconds % 60} s`);
  console.log(`written: ${path.relative(process.cwd(), out)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
