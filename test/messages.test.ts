/**
 * Messages, across all rules: one or two sentences of at most about 160 characters that state
 * the problem and the remedy (the explanation belongs in the rule docs and `--explain`), quoting
 * the file's own words, never more than MAX_QUOTE_LENGTH of them.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { formatMessage, MAX_QUOTE_LENGTH, MAX_VALUE_LENGTH, truncate } from '../src/core/rule.js';
import { lint } from '../src/core/lint.js';

const MAX_MESSAGE_LENGTH = 160;

/** A representative value for a placeholder: a typical quoted word of 16 characters. */
const REPRESENTATIVE = 'python:3.13-slim';

function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]);
}

/** Sentences, not counting full stops inside quotes (`app.main:app`, "file with no instructions"). */
function sentenceCount(message: string): number {
  const prose = message.replace(/`[^`]*`/g, 'code').replace(/"[^"]*"/g, 'quote');
  return prose.split(/(?<=[.!?])\s+(?=\S)/).filter((sentence) => sentence.trim() !== '').length;
}

function representative(template: string): string {
  return formatMessage(template, Object.fromEntries(placeholdersOf(template).map((name) => [name, REPRESENTATIVE])));
}

describe('every message template, with representative data', () => {
  for (const rule of rules) {
    for (const [id, template] of Object.entries(rule.messages)) {
      it(`${rule.code} ${id}: at most ${MAX_MESSAGE_LENGTH} characters and two sentences`, () => {
        const message = representative(template);
        expect(message.length, message).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
        expect(sentenceCount(message), message).toBeLessThanOrEqual(2);
      });
    }
  }
});

describe('sentenceCount', () => {
  it('counts sentences, not dots inside quotes', () => {
    expect(sentenceCount('One. Two.')).toBe(2);
    expect(sentenceCount('`app.main:app` is not found: copy `app/main.py`.')).toBe(1);
    expect(sentenceCount('BuildKit fails with "no build stage. really". Fix it. Now.')).toBe(3);
    expect(sentenceCount('Did you mean `FROM`?')).toBe(1);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(formatMessage('`{{a}}` and {{ b }} and {{c}}', { a: 'x', b: 2 })).toBe('`x` and 2 and {{c}}');
  });

  it(`cuts a quoted value to ${MAX_QUOTE_LENGTH} characters with an ellipsis`, () => {
    const message = formatMessage('`{{spec}}` has no upper bound.', { spec: `fastapi>=${'9'.repeat(680_000)}` });
    expect(message).toBe(`\`fastapi>=${'9'.repeat(MAX_QUOTE_LENGTH - 10)}…\` has no upper bound.`);
  });

  it('cuts values quoted together in one span, and values in double quotes', () => {
    const long = 'a'.repeat(100);
    expect(formatMessage('`FROM {{image}} {{rest}}` x', { image: long, rest: long })).toBe(
      `\`FROM ${truncate(long, MAX_QUOTE_LENGTH)} ${truncate(long, MAX_QUOTE_LENGTH)}\` x`,
    );
    expect(formatMessage('says "{{error}}".', { error: long })).toBe(`says "${truncate(long, MAX_QUOTE_LENGTH)}".`);
  });

  it('cuts the quotes inside a composed value, and the value itself', () => {
    const long = 'b'.repeat(100);
    expect(formatMessage('Copy it{{where}}.', { where: ` to \`${long}\`` })).toBe(`Copy it to \`${truncate(long, MAX_QUOTE_LENGTH)}\`.`);
    const phrase = formatMessage('{{phrase}}', { phrase: 'word '.repeat(100) });
    expect(phrase.length).toBe(MAX_VALUE_LENGTH);
    expect(phrase.endsWith('…')).toBe(true);
  });

  it('keeps a quote on one line', () => {
    expect(formatMessage('`{{command}}` x', { command: 'pip install \\\n    fastapi' })).toBe('`pip install \\ fastapi` x');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate(`${'a'.repeat(58)}😀😀`, MAX_QUOTE_LENGTH);
    expect(cut).toBe(`${'a'.repeat(58)}…`);
    expect(truncate('short', MAX_QUOTE_LENGTH)).toBe('short');
  });
});

describe('real messages quote the file, capped', () => {
  it('a 680 KB requirement specifier in an instruction is quoted in at most 60 characters', () => {
    const findings = lint(`FROM python:3.13\nRUN pip install "fastapi>=${'1'.repeat(680_000)}"\nCMD ["fastapi", "run", "main.py"]`, { today: '2026-11-26' });
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.message).not.toContain('1'.repeat(MAX_QUOTE_LENGTH));
      expect(finding.message.length).toBeLessThan(1000);
    }
  });
});
