/**
 * The "ignore this rule here" code action: an inline ignore comment above the instruction a
 * finding is in, or the rule added to the ignore comment already there.
 */
import type { TextEdit } from 'vscode-languageserver/node';
import type { Finding } from '../core/lint.js';
import { buildModel } from '../core/model/build.js';

export function ignoreCommentEdit(text: string, finding: Finding): TextEdit | undefined {
  const model = buildModel(text);
  const { source } = model;
  const offset = source.offsetAt({ line: finding.line - 1, character: finding.column - 1 });
  const instruction = model.instructions.find((candidate) => candidate.range.start <= offset && offset <= candidate.range.end);
  if (!instruction) return undefined;

  const existing = model.pragmas.find((pragma) => pragma.scope === 'next' && pragma.target === instruction);
  if (existing && existing.rules.length > 0) {
    if (existing.rules.some((rule) => rule.text.toUpperCase() === finding.ruleId || rule.text === finding.ruleName)) return undefined;
    const last = existing.rules[existing.rules.length - 1];
    const at = source.positionAt(last.range.end);
    return { range: { start: at, end: at }, newText: `,${finding.ruleId}` };
  }

  const start = source.positionAt(instruction.range.start);
  const indentation = /^[ \t]*/.exec(source.lineText(start.line))?.[0] ?? '';
  const lineStart = { line: start.line, character: 0 };
  return { range: { start: lineStart, end: lineStart }, newText: `${indentation}# fastapi-docker-lint ignore=${finding.ruleId}${source.eol}` };
}
