/**
 * The programmatic API, for editors and other tools:
 *
 *   import { lint, rules } from 'fastapi-docker-lint';
 *   const findings = lint(dockerfileText, { behindProxy: true });
 */
export { lint, lintAndFix, OptionsError, type Finding, type FixResult, type LintOptions, type RuleSetting } from './lint.js';
export { rules, findRule } from '../rules/index.js';
export type { Rule, RuleDocs, Severity, DeployTarget, Fix, TextEdit } from './rule.js';
export { buildModel } from './model/build.js';
export type { DockerfileModel, Stage, InstructionModel } from './model/types.js';
export { VERSION as version } from './version.js';
export { BuildContext } from './context/build-context.js';
export { locateContext } from './context/locate.js';
