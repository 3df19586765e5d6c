/**
 * Named presets a config can start from (`extends: with-hadolint`): rule settings that the
 * config's own `rules` and `ignore` then override. docs/hadolint.md says why each rule is listed.
 */
import type { RuleSetting } from '../lint.js';
import { OVERLAPS } from '../other-linters.js';

export const PRESETS: Record<string, { description: string; rules: Record<string, RuleSetting> }> = {
  'with-hadolint': {
    description: 'For teams that also run hadolint: turns off our rules that report the same lines as a hadolint rule.',
    // The rules whose every line hadolint reports too (FDL001: DL3025, FDL004: DL3042, FDL011: DL3006 and DL3007).
    rules: Object.fromEntries(OVERLAPS.filter((overlap) => overlap.coveredByHadolint).map((overlap) => [overlap.rule, 'off'])),
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** The rule settings of the named presets, later presets winning. */
export function presetRules(names: readonly string[]): Record<string, RuleSetting> {
  return Object.assign({}, ...names.map((name) => PRESETS[name].rules));
}
