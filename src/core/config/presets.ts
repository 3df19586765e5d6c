/**
 * Named presets a config can start from (`extends: with-hadolint`): rule settings that the
 * config's own `rules` and `ignore` then override. docs/hadolint.md says why each rule is listed.
 */
import type { RuleSetting } from '../lint.js';

export const PRESETS: Record<string, { description: string; rules: Record<string, RuleSetting> }> = {
  'with-hadolint': {
    description: 'For teams that also run hadolint: turns off our rules that report the same lines as a hadolint rule.',
    rules: {
      // DL3025: CMD/ENTRYPOINT in JSON notation.
      FDL001: 'off',
      // DL3042: pip install without --no-cache-dir.
      FDL004: 'off',
      // DL3006 (untagged FROM) and DL3007 (FROM ...:latest).
      FDL011: 'off',
    },
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** The rule settings of the named presets, later presets winning. */
export function presetRules(names: readonly string[]): Record<string, RuleSetting> {
  return Object.assign({}, ...names.map((name) => PRESETS[name].rules));
}
