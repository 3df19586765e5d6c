/**
 * The engine bound to the built-in rules: what the CLI, the tests and the package's API call.
 * The engine itself (src/core/engine.ts) receives its rules and imports none.
 */
import { builtinRules } from '../../rules/index.js';
import { Engine, type FixResult, type Finding, type LintOptions } from './engine.js';
import type { DockerfileModel } from './model/types.js';

export { atLeast, compareFindings, Engine, OptionsError } from './engine.js';
export type { Finding, FixResult, LintOptions, PositionedEdit, RuleSetting } from './engine.js';

export const builtinEngine = new Engine(builtinRules);

/** Lints one Dockerfile's text with the built-in rules. */
export function lint(text: string, options: LintOptions = {}): Finding[] {
  return builtinEngine.lint(text, options);
}

export function lintModel(model: DockerfileModel, options: LintOptions = {}): Finding[] {
  return builtinEngine.lintModel(model, options);
}

/** Lints and applies every safe fix (and the unsafe ones with `unsafeFixes`). */
export function lintAndFix(text: string, options: LintOptions = {}): FixResult {
  return builtinEngine.lintAndFix(text, options);
}
