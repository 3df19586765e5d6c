/**
 * Streamed reports: every format written file by file is byte for byte its one-shot rendering;
 * stylish, compact, github, json and jsonl write a file's part before the next file is linted;
 * the CLI writes the first file's report before it has read the last file, stops cleanly when
 * its reader goes away (`| head`), and waits for a slow reader instead of queueing the report.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, type Finding } from '../../src/core/lint.js';
import { FORMAT_NAMES, loadFormatter, loadStreamingFormatter } from '../../src/formatters/index.js';
import { formatCheckstyle } from '../../src/formatters/checkstyle.js';
import { formatCodeclimate } from '../../src/formatters/codeclimate.js';
import { formatGitlab } from '../../src/formatters/gitlab.js';
import { formatJunit } from '../../src/formatters/junit.js';
import { formatSarif } from '../../src/formatters/sarif.js';
import { formatSonarqube } from '../../src/formatters/sonarqube.js';
import type { FileResult, FormatContext, Formatter } from '../../src/formatters/types.js';
import { StreamingReport } from '../../src/cli/report.js';
import { OutputSink } from '../../src/cli/output.js';
import { rules } from '../../rules/index.js';
import { CLI, runCli, scratchDir } from '../helpers/cli.js';

const CONTEXT: FormatContext = { chalk: undefined, version: '1.2.3', rules };

const SOURCES = [
  'FROM python:3.13\nRUN pip install -r requirements.txt\nCMD fastapi run main.py\n',
  'FROM python:3.13-slim\nWORKDIR /code\nCOPY . /code\nRUN pip install fastapi uvicorn\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]\n',
  'FROM python:3.12\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]\n',
  'FROM python:3.13\nENTRYPOINT uvicorn main:app\n',
];

/** Findings in another file than the Dockerfile, as a context rule reports them. */
function requirementFinding(filePath: string, line: number, severity: Finding['severity'] = 'warning'): Finding {
  return {
    ruleId: 'FDL024',
    ruleName: 'requirements-pinned',
    severity,
    message: `line ${line} of requirements is not pinned: <b>&"x"`,
    line,
    column: 1,
    endLine: line,
    endColumn: 8,
    fixable: false,
    filePath,
  };
}

/** `count` files: real findings (fixable ones with edits), some files with none. */
function manyResults(count: number): FileResult[] {
  return Array.from({ length: count }, (_, index) => ({
    filePath: `services/s${index}/Dockerfile`,
    findings: index % 5 === 3 ? [] : lint(SOURCES[index % SOURCES.length], { today: '2026-11-26' }),
  }));
}

/** Formats with a one-shot function of their own (rendering the array at once), to hold the stream to. */
const ONE_SHOT: Record<string, Formatter> = {
  sarif: formatSarif,
  junit: formatJunit,
  checkstyle: formatCheckstyle,
  gitlab: formatGitlab,
  sonarqube: formatSonarqube,
  codeclimate: formatCodeclimate,
};

async function streamed(format: string, results: FileResult[]): Promise<string[]> {
  const report = (await loadStreamingFormatter(format))(CONTEXT);
  const chunks = results.map((result) => report.file(result));
  const end = report.end();
  return [...chunks, typeof end === 'string' ? end : [...end].join('')];
}

describe('streamed formats', () => {
  it('every format streamed over many files is its one-shot rendering, byte for byte', async () => {
    const results = manyResults(60);
    expect(results.some((result) => result.findings.some((finding) => finding.fixEdits))).toBe(true);
    for (const format of FORMAT_NAMES) {
      const chunks = await streamed(format, results);
      const oneShot = (await loadFormatter(format))(results, CONTEXT);
      expect(chunks.join(''), format).toBe(oneShot);
      // The one-shot functions render every file at once, not through the stream.
      if (ONE_SHOT[format]) expect(chunks.join(''), format).toBe(ONE_SHOT[format](results, CONTEXT));
    }
  });

  it('no files, and files without findings, render as before', async () => {
    for (const results of [[], [{ filePath: 'Dockerfile', findings: [] }]]) {
      for (const format of FORMAT_NAMES) {
        const oneShot = (await loadFormatter(format))(results, CONTEXT);
        expect((await streamed(format, results)).join(''), format).toBe(oneShot);
        if (ONE_SHOT[format]) expect(oneShot, format).toBe(ONE_SHOT[format](results, CONTEXT));
      }
    }
    expect((await loadFormatter('json'))([], CONTEXT)).toBe('[]\n');
    expect((await loadFormatter('stylish'))([{ filePath: 'Dockerfile', findings: [] }], CONTEXT)).toBe('');
  });

  it('json is JSON.stringify of the array, and jsonl one line per file with the same objects', async () => {
    const results = manyResults(7);
    const json = (await loadFormatter('json'))(results, CONTEXT);
    const parsed = JSON.parse(json);
    expect(json).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    const lines = (await loadFormatter('jsonl'))(results, CONTEXT).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(parsed);
  });

  it('stylish, compact, github, json, jsonl, gitlab and codeclimate give each file its text when the file comes; the end is the summary', async () => {
    const results = manyResults(8);
    for (const format of ['stylish', 'compact', 'github', 'json', 'jsonl', 'gitlab', 'codeclimate']) {
      const chunks = await streamed(format, results);
      expect(chunks[0], format).toContain('services/s0/Dockerfile');
      expect(chunks[0], format).not.toContain('services/s1/');
      expect(chunks[1], format).toContain('services/s1/Dockerfile');
    }
    const stylish = await streamed('stylish', results);
    expect(stylish.at(-1)).toMatch(/^✖ \d+ problems \(\d+ errors?, \d+ warnings?, \d+ info\)\n/);
    for (const format of ['sarif', 'junit', 'checkstyle', 'sonarqube']) {
      const chunks = await streamed(format, results);
      expect(chunks.slice(0, -1).join(''), format).toBe('');
    }
  });
});

describe('the report as the run goes', () => {
  /** The CLI's one-shot grouping: files in the order first reported, a shared finding once. */
  function oneShotGrouping(runs: { dockerfile: string; findings: Finding[] }[]): FileResult[] {
    const results = new Map<string, FileResult>();
    for (const { dockerfile, findings } of runs) {
      const byFile = new Map<string, Finding[]>([[dockerfile, []]]);
      for (const finding of findings) {
        const file = finding.filePath ?? dockerfile;
        if (!byFile.has(file)) byFile.set(file, []);
        byFile.get(file)!.push(finding);
      }
      for (const [filePath, fileFindings] of byFile) {
        const existing = results.get(filePath);
        if (!existing) results.set(filePath, { filePath, findings: [...fileFindings] });
        else {
          const key = (finding: Finding) => `${finding.ruleId}:${finding.line}:${finding.column}:${finding.message}`;
          const known = new Set(existing.findings.map(key));
          for (const finding of fileFindings) if (!known.has(key(finding))) existing.findings.push(finding);
        }
      }
    }
    return [...results.values()];
  }

  const dockerfileFindings = lint(SOURCES[0], { today: '2026-11-26' });
  // Two Dockerfiles in one folder share its requirements file and report it differently; then another folder.
  const runs = [
    { dockerfile: 'api/Dockerfile', root: '/r/api', findings: [...dockerfileFindings, requirementFinding('api/requirements.txt', 2)] },
    {
      dockerfile: 'api/Dockerfile.dev',
      root: '/r/api',
      findings: [...dockerfileFindings, requirementFinding('api/requirements.txt', 2), requirementFinding('api/requirements.txt', 5, 'error')],
    },
    { dockerfile: 'worker/Dockerfile', root: '/r/worker', findings: dockerfileFindings },
    { dockerfile: 'web/Dockerfile', root: '/r/web', findings: [...dockerfileFindings, requirementFinding('web/requirements.txt', 1)] },
  ];

  function reportOf(_format: string, stream: Awaited<ReturnType<typeof loadStreamingFormatter>>, quiet = false) {
    const written: string[] = [];
    const report = new StreamingReport(stream(CONTEXT), (text) => written.push(text), quiet);
    return { report, written };
  }

  it('is the one-shot report for every format, a file shared by two Dockerfiles listed once with both their findings', async () => {
    const expected = oneShotGrouping(runs);
    expect(expected.map((result) => result.filePath)).toEqual([
      'api/Dockerfile',
      'api/requirements.txt',
      'api/Dockerfile.dev',
      'worker/Dockerfile',
      'web/Dockerfile',
      'web/requirements.txt',
    ]);
    expect(expected[1].findings).toHaveLength(2);
    for (const format of FORMAT_NAMES) {
      for (const quiet of [false, true]) {
        const { report, written } = reportOf(format, await loadStreamingFormatter(format), quiet);
        for (const run of runs) report.add(run.dockerfile, run.findings, (file) => file, run.root);
        report.finish();
        const shown = quiet ? expected.map((result) => ({ ...result, findings: result.findings.filter((finding) => finding.severity === 'error') })) : expected;
        expect(written.join(''), `${format}${quiet ? ' --quiet' : ''}`).toBe((await loadFormatter(format))(shown, CONTEXT));
        // --quiet hides warnings; the count for --max-warnings still sees them, each once.
        expect(report.warnings).toBe(expected.flatMap((result) => result.findings).filter((finding) => finding.severity === 'warning').length);
      }
    }
  });

  it('writes a Dockerfile as soon as it is linted; a block that may still grow waits only while the same context follows', async () => {
    const { report, written } = reportOf('compact', await loadStreamingFormatter('compact'));
    report.add(runs[0].dockerfile, runs[0].findings, (file) => file, runs[0].root);
    // api/Dockerfile is final; api/requirements.txt may get more from the next Dockerfile of /r/api.
    expect(written.join('')).toContain('api/Dockerfile:');
    expect(written.join('')).not.toContain('api/requirements.txt:');
    report.add(runs[1].dockerfile, runs[1].findings, (file) => file, runs[1].root);
    expect(written.join('')).not.toContain('api/requirements.txt:');
    report.add(runs[2].dockerfile, runs[2].findings, (file) => file, runs[2].root);
    // Another root: the requirements file (both findings), api/Dockerfile.dev and worker/Dockerfile are written.
    expect(written.join('').match(/api\/requirements\.txt:/g)).toHaveLength(2);
    expect(written.join('')).toContain('worker/Dockerfile:');
  });

  it('a finding a later Dockerfile of the same root adds to a written file gets a second block; one already listed is not repeated', async () => {
    const { report, written } = reportOf('compact', await loadStreamingFormatter('compact'));
    report.add('api/Dockerfile', [requirementFinding('api/requirements.txt', 2)], (file) => file, '/r/api');
    report.add('worker/Dockerfile', [], (file) => file, '/r/worker');
    report.add('api/Dockerfile.dev', [requirementFinding('api/requirements.txt', 2)], (file) => file, '/r/api');
    report.add('api/Dockerfile.test', [requirementFinding('api/requirements.txt', 2), requirementFinding('api/requirements.txt', 7)], (file) => file, '/r/api');
    report.finish();
    expect(
      written
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(':').slice(0, 2).join(':')),
    ).toEqual(['api/requirements.txt:2', 'api/requirements.txt:7']);
    expect(report.warnings).toBe(2);
  });
});

describe('the output as the run goes', () => {
  it('waits for a stream that asks it to (a slow reader), and reports a reader that is gone', async () => {
    class SlowStream extends EventEmitter {
      destroyed = false;
      writableNeedDrain = false;
      chunks: string[] = [];
      write(text: string): boolean {
        this.chunks.push(text);
        this.writableNeedDrain = true;
        return false;
      }
    }
    const stream = new SlowStream();
    const sink = new OutputSink(stream);
    sink.write('first');
    let ready: boolean | undefined;
    const waiting = sink.ready().then((value) => (ready = value));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBeUndefined();
    stream.writableNeedDrain = false;
    stream.emit('drain');
    await waiting;
    expect(ready).toBe(true);
    sink.write('second');
    const gone = sink.ready();
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(await gone).toBe(false);
    sink.write('third');
    expect(stream.chunks).toEqual(['first', 'second']);
    // A plain writer (no events) never makes the run wait.
    expect(await new OutputSink({ write: () => false }).ready()).toBe(true);
  });

  function folderOfDockerfiles(count: number): string {
    const directory = scratchDir();
    for (let index = 0; index < count; index++) {
      mkdirSync(path.join(directory, `s${String(index).padStart(4, '0')}`));
      writeFileSync(path.join(directory, `s${String(index).padStart(4, '0')}`, 'Dockerfile'), SOURCES[3]);
    }
    return directory;
  }

  it("writes the first file's report before it has read the last file (standard input, held open)", async () => {
    const directory = folderOfDockerfiles(2);
    const child = spawn(process.execPath, [CLI, '--format', 'compact', '--no-config', 's0000/Dockerfile', 's0001/Dockerfile', '-'], {
      cwd: directory,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    const firstReport = new Promise<void>((resolve) => {
      child.stdout.on('data', (data: Buffer) => {
        stdout += data.toString('utf8');
        if (stdout.includes('s0001/Dockerfile:')) resolve();
      });
    });
    // The last file (standard input) is not written yet: the two reports are already out.
    await firstReport;
    expect(stdout).toContain('s0000/Dockerfile:');
    expect(stdout).not.toContain('<stdin>');
    child.stdin.end(SOURCES[3]);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout).toContain('<stdin>:');
    expect(status).toBe(1);
  }, 20_000);

  it('a reader that goes away (`| head`) ends the run cleanly: exit 0, nothing on stderr', async () => {
    const directory = folderOfDockerfiles(400);
    const child = spawn(process.execPath, [CLI, '--format', 'compact', '--no-config', '.'], { cwd: directory, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    // The whole report, read to the end, is the one-shot report.
    const full = runCli(['--format', 'compact', '--no-config', '.'], { cwd: directory });
    expect(full.stdout.split('\n').filter(Boolean)).toHaveLength(400 * full.stdout.split('\n').filter((line) => line.startsWith('s0000/')).length);
  }, 30_000);

  it('--output-file is written through a temporary file as the run goes, and is the report stdout gets', () => {
    const directory = folderOfDockerfiles(30);
    const run = runCli(['--format', 'sarif', '--no-config', '-o', 'report.sarif', '.'], { cwd: directory });
    expect(run).toMatchObject({ status: 1, stdout: '', stderr: '' });
    expect(readFileSync(path.join(directory, 'report.sarif'), 'utf8')).toBe(runCli(['--format', 'sarif', '--no-config', '.'], { cwd: directory }).stdout);
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a run that stops on an error leaves no report and no temporary file', () => {
    const directory = folderOfDockerfiles(3);
    // The last folder's config is broken: the run stops there, after two files were reported.
    writeFileSync(path.join(directory, 's0002', '.fastapi-docker-lint.yaml'), 'rules: [not, a, map]\n');
    const run = runCli(['--format', 'compact', '-o', 'report.txt', '.'], { cwd: directory });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('.fastapi-docker-lint.yaml');
    expect(existsSync(path.join(directory, 'report.txt'))).toBe(false);
    expect(readdirSync(directory).filter((name) => name.startsWith('.report.txt'))).toEqual([]);
  });
});
