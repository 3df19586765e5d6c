/**
 * The programmatic API, for editors and other tools:
 *
 *   import { Linter, lint, rules } from 'fastapi-docker-lint';
 *   const findings = new Linter().lintText(text, { filePath: 'services/api/Dockerfile' });
 *   const alone = lint(dockerfileText, { behindProxy: true });
 *
 * `Linter` is the Node API the CLI and the language server use (config and build context found
 * as the CLI finds them); `lint` and `Engine` are the pure core, which reads no file.
 */
export { lint, lintAndFix, Engine, OptionsError, type Finding, type FixResult, type LintOptions, type RuleSetting } from './lint.js';
export { rules, findRule, builtinRules } from '../rules/index.js';
export { RuleSet } from './rule-set.js';
export type { Rule, RuleDocs, Severity, DeployTarget, Fix, TextEdit } from './rule.js';
export { buildModel } from './model/build.js';
export type { DockerfileModel, Stage, InstructionModel } from './model/types.js';
export { VERSION as version } from './version.js';
export { BuildContext, MemoryFileSystem, type ContextFileSystem } from './context/build-context.js';
export { Linter, type LinterOptions, type LinterOverrides } from './node/linter.js';
export { locateContext } from './node/locate.js';
export { nodeBuildContext } from './node/context-file-system.js';
