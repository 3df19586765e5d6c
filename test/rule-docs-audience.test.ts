/**
 * Rule docs and `--explain` are for the people who lint their Dockerfiles: they say what a rule
 * reads and why, never where in this repository the code is.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';

const SOURCE_PATH = /(?:^|[\s`(])(?:src|rules|test)\/[\w./-]+|\b[\w-]+\.(?:ts|cts|mts)\b/;

describe('rule docs', () => {
  for (const rule of rules) {
    it(`${rule.code} points at no source file`, () => {
      const texts = [rule.summary, ...Object.values(rule.messages), ...Object.values(rule.docs).flat().map(String)];
      expect(texts.filter((text) => SOURCE_PATH.test(text))).toEqual([]);
    });
  }
});
