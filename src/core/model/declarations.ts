/**
 * The variables ENV and ARG declare, one entry per `NAME=value` pair, with the range of the name,
 * so rules can judge a declaration by its name and value and point at the name alone.
 */
import type { Property } from 'dockerfile-ast';
import type { OffsetRange } from './source.js';
import type { DockerfileModel, InstructionModel } from './types.js';
import { evaluateWord } from './variables.js';

export interface Declaration {
  keyword: 'ENV' | 'ARG';
  name: string;
  nameRange: OffsetRange;
  /** The value as written (quotes included); `undefined` for `ARG NAME` with no default. */
  raw: string | undefined;
  /** The value as BuildKit computes it; `undefined` without a value or when it depends on an unknown variable. */
  value: string | undefined;
  instruction: InstructionModel;
}

const cache = new WeakMap<DockerfileModel, Declaration[]>();

/**
 * Every ENV and ARG declaration of the file, in order (global ARGs included), read once per model:
 * rules ask for them per install and per command, which made a file of 20,000 RUNs quadratic.
 */
export function declarations(model: DockerfileModel): readonly Declaration[] {
  let found = cache.get(model);
  if (!found) {
    found = readDeclarations(model);
    cache.set(model, found);
  }
  return found;
}

function readDeclarations(model: DockerfileModel): Declaration[] {
  const found: Declaration[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
    const withProperties = instruction.ast as typeof instruction.ast & { getProperties?: () => Property[] };
    for (const property of withProperties.getProperties?.() ?? []) {
      const nameRange = property.getNameRange();
      const raw = property.getValue() === null ? undefined : (property.getUnescapedValue() ?? '');
      const scope = instruction.stage ? instruction.buildScope : model.globalScope;
      found.push({
        keyword: instruction.keyword,
        name: property.getName(),
        nameRange: { start: model.source.offsetAt(nameRange.start), end: model.source.offsetAt(nameRange.end) },
        raw,
        value: raw === undefined ? undefined : evaluateWord(raw, scope, model.escapeChar),
        instruction,
      });
    }
  }
  return found;
}
