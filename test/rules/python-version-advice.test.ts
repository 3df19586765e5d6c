/**
 * Advice that agrees with itself (issue 24.4): every Python version the linter suggests comes
 * from the one release table FDL010 judges by, on the same day.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/core/lint.js';
import { rules } from '../../rules/index.js';
import { DOCUMENTED_PYTHON_IMAGE, PYTHON_RELEASES } from '../../src/core/model/python-releases.js';

const suggestion = (message: string) => /python:(\d+\.\d+)-slim/.exec(message)?.[1];

describe('suggested Python versions', () => {
  it.each(['2024-12-01', '2025-10-08', '2026-12-05'])('on %s, FDL011 and FDL000 suggest the version FDL010 calls the newest', (today) => {
    const newest = /the newest is (\d+\.\d+)/.exec(lint('FROM python:3.8\n', { today }).find((finding) => finding.ruleId === 'FDL010')!.message)?.[1];
    const pin = lint('FROM python\n', { today }).find((finding) => finding.ruleId === 'FDL011')!;
    const noFrom = lint('WORKDIR /app\n', { today }).find((finding) => finding.ruleId === 'FDL000')!;
    expect(newest).toMatch(/^3\.\d+$/);
    expect([suggestion(pin.message), suggestion(noFrom.message)]).toEqual([newest, newest]);
  });

  it('the docs suggest the newest release in the table, and no message or rule prose suggests another slim image (examples are Dockerfiles, not advice)', () => {
    expect(DOCUMENTED_PYTHON_IMAGE).toBe(`python:${PYTHON_RELEASES.at(-1)!.version}-slim`);
    for (const rule of rules) {
      const prose = [rule.docs.description, rule.docs.why, rule.docs.fixSafety, ...Object.values(rule.messages)].join('\n');
      for (const match of prose.matchAll(/python:(\d+\.\d+)-slim/g)) expect(`${rule.code}: ${match[0]}`).toBe(`${rule.code}: ${DOCUMENTED_PYTHON_IMAGE}`);
    }
  });
});
