/**
 * Rules are written through defineRule, which type-checks their message IDs: `npm run
 * typecheck` fails on the `@ts-expect-error` below if a misspelt ID ever compiles.
 */
import { expect, it } from 'vitest';
import { defineRule } from '../src/core/rule.js';

const DOCS = { description: 'd', why: 'w', bad: 'FROM a', good: 'FROM a', fixSafety: 'f', guideItems: [] };

it('a rule may report only the message IDs it declares', () => {
  const rule = defineRule({
    code: 'TST100',
    name: 'typed-messages',
    severity: 'info',
    summary: 's',
    fixable: false,
    messages: { declared: 'Declared.' },
    docs: DOCS,
    check({ report, model }) {
      const range = model.instructions[0].keywordRange;
      report({ messageId: 'declared', range });
      // @ts-expect-error: 'undeclared' is not one of this rule's messages
      report({ messageId: 'undeclared', range });
    },
  });
  expect(Object.keys(rule.messages)).toEqual(['declared']);
});
