/**
 * The Node API (the package's `./node` entry), for editors and other tools:
 *
 *   import { Linter } from 'fastapi-docker-lint/node';
 *   const findings = new Linter().lintText(text, { filePath: 'services/api/Dockerfile' });
 *
 * `Linter` is what the CLI and the language server use: each file's config and build context
 * found from where it lives. The pure core (`lint`, `Engine`, the rules) is re-exported, so one
 * import serves both.
 */
export * from '../core/index.js';
export { Linter, type LinterOptions, type LinterOverrides } from './linter.js';
export { locateContext } from './locate.js';
export { nodeBuildContext } from './context-file-system.js';
