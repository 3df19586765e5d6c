/**
 * Large hostile Dockerfiles (issue 15): the model stays right and nothing crashes or runs out of
 * memory. No time is asserted here (bench/ measures it); the timeouts only bound a regression
 * to quadratic time, which would take minutes.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../../src/core/fix.js';
import { lint, lintAndFix } from '../../../src/core/lint.js';
import { buildModel, MAX_INSTRUCTIONS } from '../../../src/core/model/build.js';
import { CLI, scratchDir } from '../../helpers/cli.js';

const MiB = 1024 * 1024;

function lines(count: number, line: (index: number) => string): string {
  const out = new Array<string>(count);
  for (let index = 0; index < count; index++) out[index] = line(index);
  return out.join('\n');
}

describe('large inputs', () => {
  it('10,000 ENV lines: every instruction sees the values set before it', () => {
    // Ends as a user, so that no rule speaks: only the scopes are under test.
    const text = `FROM python:3.13\n${lines(10_000, (index) => `ENV V${index}=v${index} W=\${V${Math.max(0, index - 1)}}-w`)}\nARG A=$V9999\nRUN true\nUSER 10001\n`;
    const model = buildModel(text);
    const run = model.instructions[model.instructions.length - 2];
    expect(run.runtimeEnv.size).toBe(10_001);
    expect(run.runtimeEnv.get('V0')).toBe('v0');
    expect(run.runtimeEnv.get('V9999')).toBe('v9999');
    expect(run.runtimeEnv.get('W')).toBe('v9998-w');
    expect(run.runtimeEnv.has('A')).toBe(false);
    expect(run.buildScope.get('A')).toBe('v9999');
    const middle = model.instructions[5_001];
    expect(middle.runtimeEnv.size).toBe(5_001);
    expect(middle.runtimeEnv.get('V4999')).toBe('v4999');
    expect(middle.runtimeEnv.has('V5000')).toBe(false);
    expect(lint(text)).toEqual([]);
  }, 120_000);

  it('130,000 commands in one RUN, and in a RUN heredoc, through the CLI', () => {
    const commands = Array.from({ length: 130_000 }, (_, index) => `pip install p${index}`);
    const oneLine = `FROM python:3.13\nRUN ${commands.join(' && ')}\n`;
    const heredoc = `FROM python:3.13\nRUN <<EOF\n${commands.join('\n')}\nEOF\n`;
    for (const text of [oneLine, heredoc]) {
      const model = buildModel(text);
      expect(model.instructions[1].command?.invocations).toHaveLength(130_000);
      expect(model.instructions[1].command?.invocations[129_999].args.map((word) => word.value)).toEqual(['install', 'p129999']);
    }
    // The stylish formatter once spread every finding into Math.max(). Its 80 MB of output go to a file.
    const cwd = scratchDir({ 'one-line.Dockerfile': oneLine, 'heredoc.Dockerfile': heredoc });
    const output = openSync(path.join(cwd, 'output.txt'), 'w');
    const run = spawnSync(process.execPath, [CLI, '--no-context', 'one-line.Dockerfile', 'heredoc.Dockerfile'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', output, 'pipe'],
      encoding: 'utf8',
    });
    closeSync(output);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(cwd, 'output.txt'), 'utf8').match(/ FDL004 pip-no-cache-dir\n/g)).toHaveLength(260_000);
  }, 300_000);

  it('33,000 stages, each built on the one before (99,002 instructions, within the cap)', () => {
    const text = `FROM python:3.13 AS s0\nUSER 10001\n${lines(33_000, (index) => `FROM s${index} AS s${index + 1}\nENV S${index % 100}=${index}\nRUN echo ${index}`)}\n`;
    const model = buildModel(text);
    expect(model.stages).toHaveLength(33_001);
    const last = model.stages[33_000];
    expect(last.baseStage).toBe(model.stages[32_999]);
    expect(last.end.runtimeEnv.size).toBe(100);
    expect(last.end.runtimeEnv.get('S99')).toBe('32999');
    expect(last.end.runtimeEnv.get('S0')).toBe('32900');
    expect(model.stages[150].end.runtimeEnv.get('S0')).toBe('100');
    expect(model.finalStage).toBe(last);
    expect(lint(text).map((finding) => finding.ruleId)).toEqual([]);
  }, 300_000);

  it('40,000 fixes apply in one pass', () => {
    const text = `FROM python:3.13\n${lines(40_000, (index) => `RUN pip install p${index}`)}\n`;
    const result = lintAndFix(text);
    expect(result.fixed).toBe(true);
    expect(result.output).toBe(`FROM python:3.13\n${lines(40_000, (index) => `RUN pip install --no-cache-dir p${index}`)}\n`);
    expect(result.findings.filter((finding) => finding.ruleId === 'FDL004')).toEqual([]);
  }, 300_000);

  it('applyFixes keeps the order of edits at one offset and skips overlapping fixes', () => {
    const fixes = [
      {
        title: 'two at one offset',
        edits: [
          { start: 5, end: 8, text: 'R' },
          { start: 5, end: 5, text: 'I' },
        ],
      },
      { title: 'first', edits: [{ start: 0, end: 1, text: 'A' }] },
      { title: 'overlapping', edits: [{ start: 6, end: 9, text: 'overlaps' }] },
      { title: 'last', edits: [{ start: 10, end: 10, text: '!' }] },
    ];
    expect(applyFixes('0123456789', fixes)).toEqual({ text: 'A1234IR89!', applied: 3 });
  });

  it('5 MiB of tiny instructions: more than MAX_INSTRUCTIONS, refused by one FDL000 without a parse', () => {
    const tiny = ['RUN a', 'ENV a=1', 'ARG b', 'USER c', 'EXPOSE 1', 'WORKDIR d', 'COPY e f', 'LABEL g=h'];
    const out = ['FROM python:3.13-slim'];
    let size = 0;
    for (let index = 0; size < 5 * MiB - 100; index++) {
      out.push(tiny[index % tiny.length]);
      size += tiny[index % tiny.length].length + 1;
    }
    const model = buildModel(`${out.join('\n')}\n`);
    expect(model.instructions).toEqual([]);
    const findings = lint(`${out.join('\n')}\n`);
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}: ${finding.message}`)).toEqual([
      `FDL000@1: The file has more than ${MAX_INSTRUCTIONS.toLocaleString('en-US')} instructions, more than any real Dockerfile, so it is not linted.`,
    ]);
  }, 300_000);
});
