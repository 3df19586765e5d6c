/**
 * The pure core (the package's `.` entry): the engine, the built-in rules, the model and the
 * in-memory build context. Nothing here reads a file or touches a Node built-in, so the same
 * code runs in the CLI, the language server and the browser.
 *
 *   import { lint, rules } from 'fastapi-docker-lint';
 *   const findings = lint(dockerfileText, { behindProxy: true });
 *
 * Linting files on disk, with each one's config and build context found as the CLI finds them,
 * is the Node API: `fastapi-docker-lint/node`.
 */
export { lint, lintAndFix, Engine, OptionsError, type Finding, type FixResult, type LintOptions, type RuleSetting } from './lint.js';
export { rules, findRule, builtinRules } from '../../rules/index.js';
export { RuleSet } from './rule-set.js';
export type { Rule, RuleDocs, Severity, DeployTarget, Fix, TextEdit } from './rule.js';
export { buildModel } from './model/build.js';
export type { DockerfileModel, Stage, InstructionModel } from './model/types.js';
export { VERSION as version } from './version.js';
export { BuildContext, MemoryFileSystem, type ContextFileSystem } from './context/build-context.js';
