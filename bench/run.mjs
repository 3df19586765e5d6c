#!/usr/bin/env node
/**
 * `npm run bench`: how fast fastapi-docker-lint is, as whole processes, beside `node -e 0` and
 * dockerfilelint on the same files, measured side by side in one run (rounds interleave the
 * commands, so a slow moment of the machine hits them all alike).
 *
 * It builds its corpus itself from fixtures/ (each fixture varied and copied with its build
 * context), prints a table with the targets, and writes the figures to bench/results/.
 *
 * Then the hostile inputs (bench/hostile.mjs): files within the 5 MiB limit that once took
 * quadratic time or memory, each timed as one CLI run with its peak memory, against 3 s.
 *
 * BENCH_SIZE=tiny runs a few files once each and the hostile inputs at 1% of their size (the test
 * suite uses it to check the script runs).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { HOSTILE_INPUTS } from './hostile.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/bundle/cli.cjs');
const DOCKERFILELINT = path.join(ROOT, 'node_modules/dockerfilelint/bin/dockerfilelint');
const tiny = process.env.BENCH_SIZE === 'tiny';
const SIZES = tiny
  ? { corpus: 12, memory: 24, largeLines: 300, singleRuns: 1, corpusRuns: 1, largeRuns: 1, hostileScale: 0.01, hostileRuns: 1 }
  : { corpus: 2000, memory: 10000, largeLines: 5000, singleRuns: 15, corpusRuns: 5, largeRuns: 5, hostileScale: 1, hostileRuns: 3 };
const HOSTILE_TARGET_S = 3;

if (!existsSync(CLI)) {
  console.error('bench: run `npm run build` first (dist/bundle/cli.cjs is missing)');
  process.exit(2);
}

// ---------------------------------------------------------------------------------- corpus

/** Every fixture: a Dockerfile alone, or a project folder with its Dockerfile inside. */
function fixtures() {
  const found = [];
  const fixturesDir = path.join(ROOT, 'fixtures');
  for (const group of readdirSync(fixturesDir)) {
    for (const entry of readdirSync(path.join(fixturesDir, group))) {
      const full = path.join(fixturesDir, group, entry);
      if (statSync(full).isDirectory()) {
        const dockerfile = ['Dockerfile', 'docker/Dockerfile'].find((candidate) => existsSync(path.join(full, candidate)));
        if (dockerfile) found.push({ project: full, dockerfile });
      } else if (entry.endsWith('.Dockerfile')) {
        found.push({ project: undefined, file: full });
      }
    }
  }
  return found;
}

const VARIATIONS = [
  (text) => text,
  (text) => text.replace(/python:3\.\d+/g, 'python:3.12-slim'),
  (text) => `# generated variant\n${text}`,
  (text) => text.replace(/^RUN (.*)$/m, 'RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\nRUN $1'),
  (text) => `${text}\nLABEL org.opencontainers.image.source="https://example.com/repo"\nEXPOSE 8000\n`,
  (text) => text.replace(/WORKDIR \/code/g, 'WORKDIR /srv/app'),
  (text) => text.replace(/^CMD (.*)$/m, 'USER 1000:1000\nCMD $1'),
];

/** `count` Dockerfiles in `directory`, each in its own folder with its build context. */
function buildCorpus(directory, count) {
  const sources = fixtures();
  const paths = [];
  for (let index = 0; index < count; index++) {
    const source = sources[index % sources.length];
    const vary = VARIATIONS[Math.floor(index / sources.length) % VARIATIONS.length];
    const target = path.join(directory, String(index).padStart(5, '0'));
    if (source.project) {
      cpSync(source.project, target, { recursive: true });
      const dockerfile = path.join(target, source.dockerfile);
      writeFileSync(dockerfile, vary(readFileSync(dockerfile, 'utf8')));
      paths.push(dockerfile);
    } else {
      mkdirSync(target, { recursive: true });
      const dockerfile = path.join(target, 'Dockerfile');
      writeFileSync(dockerfile, vary(readFileSync(source.file, 'utf8')));
      paths.push(dockerfile);
    }
  }
  return paths;
}

/** One multi-stage Dockerfile of about `lines` lines, from the fixtures' instructions. */
function buildLargeFile(file, lines) {
  const bodies = fixtures()
    .map((fixture) => readFileSync(fixture.file ?? path.join(fixture.project, fixture.dockerfile), 'utf8'))
    .map((text) => text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^FROM\b/i.test(line)));
  const out = [];
  let stage = 0;
  while (out.length < lines) {
    out.push(`FROM python:3.13-slim AS stage${stage}`);
    const body = bodies[stage % bodies.length];
    for (const line of body) out.push(line);
    out.push(`RUN pip install --no-cache-dir \\`, ...Array.from({ length: 8 }, (_, index) => `    package${stage}-${index}==1.0.${index} \\`), '    last-package==1.0.0');
    stage++;
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return out.length;
}

// ---------------------------------------------------------------------------------- timing

function runOnce(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return elapsed;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Both tools must really lint every file: a crash is fast. Each run's JSON must list them all.
 */
function checkCoverage(files, cwd) {
  const ours = spawnSync(process.execPath, [CLI, '--format', 'json', ...files], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const oursCount = JSON.parse(ours.stdout).filter((result) => files.some((file) => file.endsWith(result.filePath))).length;
  if (oursCount < files.length) throw new Error(`fastapi-docker-lint reported ${oursCount} of ${files.length} files: ${ours.stderr.slice(0, 300)}`);
  if (!existsSync(DOCKERFILELINT)) return;
  // Into a file: dockerfilelint exits before a large write to a pipe is flushed.
  const output = path.join(cwd, 'dockerfilelint-check.json');
  const descriptor = openSync(output, 'w');
  spawnSync(process.execPath, [DOCKERFILELINT, '-j', ...files], { cwd, stdio: ['ignore', descriptor, 'pipe'] });
  closeSync(descriptor);
  let theirCount = 0;
  try {
    theirCount = JSON.parse(readFileSync(output, 'utf8')).files.length;
  } catch {
    // A crash prints no JSON.
  }
  if (theirCount !== files.length) throw new Error(`dockerfilelint reported ${theirCount} of ${files.length} files`);
}

/** Interleaved rounds of several commands after one warm-up round: medians in ms. */
function compare(commands, runs, cwd) {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (const [command, args] of Object.values(commands)) runOnce(command, args, cwd);
  for (let round = 0; round < runs; round++) {
    for (const [name, [command, args]] of Object.entries(commands)) times[name].push(runOnce(command, args, cwd));
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

/** Peak resident memory of a lint run, in MB, measured by the process itself at exit. */
function peakMemory(args, cwd) {
  const probe = `process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 0, ${JSON.stringify(CLI)});
require(${JSON.stringify(CLI)});`;
  const result = spawnSync(process.execPath, ['-e', probe, '--', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const match = /maxrss=(\d+)/.exec(result.stderr);
  if (!match) throw new Error(`no memory figure: ${result.stderr.slice(-500)}`);
  return Number(match[1]) / 1024;
}

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
    const result = spawnSync(process.execPath, ['-e', probe, '--', ...args], { cwd: runDirectory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
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
  return { seconds: median(times) / 1000, peakMB };
}

// ---------------------------------------------------------------------------------- run

const work = mkdtempSync(path.join(tmpdir(), 'fdl-bench-'));
try {
  const node = process.execPath;
  const ours = (args) => [node, [CLI, '--format', 'json', ...args]];
  const theirs = (args) => [node, [DOCKERFILELINT, '-j', ...args]];
  const hasDockerfilelint = existsSync(DOCKERFILELINT);

  const corpus = buildCorpus(path.join(work, 'corpus'), SIZES.corpus);
  const double = [...corpus, ...buildCorpus(path.join(work, 'corpus2'), SIZES.corpus)];
  const large = path.join(work, 'large.Dockerfile');
  const largeLines = buildLargeFile(large, SIZES.largeLines);
  const single = corpus[0];

  checkCoverage(corpus, work);
  const one = compare({ 'node -e 0': [node, ['-e', '0']], ours: ours([single]), ...(hasDockerfilelint ? { dockerfilelint: theirs([single]) } : {}) }, SIZES.singleRuns, work);
  const many = compare({ ours: ours(corpus), ...(hasDockerfilelint ? { dockerfilelint: theirs(corpus) } : {}) }, SIZES.corpusRuns, work);
  const scaled = compare({ ours: ours(double) }, SIZES.corpusRuns, work);
  const big = compare({ ours: ours([large]) }, SIZES.largeRuns, work);
  const memoryCorpus = buildCorpus(path.join(work, 'memory'), SIZES.memory);
  const memory = { corpus: peakMemory(['--format', 'json', ...corpus], work), many: peakMemory(['--format', 'json', ...memoryCorpus], work) };
  const hostile = HOSTILE_INPUTS.map((input, index) => ({ name: input.name, ...hostileRun(input, path.join(work, `hostile-${index}`)) }));
  // The editor and the browser: their own scripts, each a real client (JSON-RPC, Chromium).
  const script = (name, ...args) => {
    const run = spawnSync(node, [path.join(ROOT, 'bench', name), ...args], { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`bench/${name} failed: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };
  const lsp = script('lsp-latency.mjs', String(tiny ? 10 : 100));
  const playground = script('playground.mjs', String(tiny ? 1 : 9));

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
    sizes: { corpusFiles: corpus.length, largeFileLines: largeLines, memoryFiles: memoryCorpus.length },
    singleFile: { nodeMs: one['node -e 0'], oursMs: one.ours, dockerfilelintMs: one.dockerfilelint ?? null },
    corpus: { oursMs: many.ours, dockerfilelintMs: many.dockerfilelint ?? null, doubleOursMs: scaled.ours },
    largeFile: { oursMs: big.ours },
    peakMemoryMB: { corpus: memory.corpus, [`${memoryCorpus.length} files`]: memory.many },
    hostile: Object.fromEntries(
      hostile.map((entry) => [entry.name, { seconds: entry.seconds, peakMemoryMB: entry.peakMB, scale: SIZES.hostileScale, target: `< ${HOSTILE_TARGET_S} s`, met: entry.seconds < HOSTILE_TARGET_S }]),
    ),
    languageServer: lsp,
    playground,
  };
  const ratio = (a, b) => (b ? a / b : NaN);
  const targets = [
    ['one file: ours / node -e 0', ratio(one.ours, one['node -e 0']), '≤ 1.5', (value) => value <= 1.5],
    ['one file: ours / dockerfilelint', ratio(one.ours, one.dockerfilelint), '< 1.0', (value) => value < 1],
    [`corpus (${corpus.length} files): ours / dockerfilelint`, ratio(many.ours, many.dockerfilelint), '≤ 1.0', (value) => value <= 1],
    ['scaling: twice the files, time ratio', ratio(scaled.ours, many.ours), '≤ 2.1', (value) => value <= 2.1],
    [`large file (${largeLines} lines), s`, big.ours / 1000, '< 0.5', (value) => value < 0.5],
    [`peak memory, ${memoryCorpus.length} files, MB`, memory.many, '< 150', (value) => value < 150],
    ['language server: diagnostics after a change, 200 lines, median ms', lsp.medianMs, '≤ 50', (value) => value <= 50],
    ['playground: whole page gzipped, KB', playground.gzippedKB, '≤ 400', (value) => value <= 400],
    ['playground: first findings after load, ms', playground.firstFindingsMs ?? NaN, '≤ 500', (value) => value <= 500],
  ];
  results.targets = Object.fromEntries(targets.map(([name, value, target, met]) => [name, { value, target, met: Number.isNaN(value) ? null : met(value) }]));

  const ms = (value) => (value === undefined || value === null ? 'n/a' : `${value.toFixed(0)} ms`);
  const rows = [
    ['measure', 'fastapi-docker-lint', 'node -e 0', 'dockerfilelint'],
    ['one file, cold start to exit', ms(one.ours), ms(one['node -e 0']), ms(one.dockerfilelint)],
    [`${corpus.length} files in one call`, ms(many.ours), '', ms(many.dockerfilelint)],
    [`${double.length} files in one call`, ms(scaled.ours), '', ''],
    [`one file of ${largeLines} lines`, ms(big.ours), '', ''],
    [`peak memory, ${corpus.length} files`, `${memory.corpus.toFixed(0)} MB`, '', ''],
    [`peak memory, ${memoryCorpus.length} files`, `${memory.many.toFixed(0)} MB`, '', ''],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const table = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ')).join('\n');
  const targetLines = targets.map(([name, value, target, met]) => `${Number.isNaN(value) ? '-' : met(value) ? '✓' : '✗'} ${name}: ${Number.isNaN(value) ? 'n/a' : value.toFixed(2)} (target ${target})`);
  console.log(`fastapi-docker-lint benchmark — ${results.machine.cpus} cores, ${results.machine.cpu}, Node ${process.version}\n`);
  console.log(table);
  console.log(`\n${targetLines.join('\n')}`);
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
  console.log(`\nwritten: ${path.relative(process.cwd(), out)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
