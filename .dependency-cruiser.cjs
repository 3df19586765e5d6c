/**
 * The layers, held by `npm run lint` (dependency-cruiser). ARCHITECTURE.md draws them:
 *
 *   src/core/ and rules/   pure: the model, the build context behind ContextFileSystem, the
 *                          engine, the rule API, the config schema. No Node built-in, no adapter.
 *   src/node/              the disk: file system, config loading, the lint cache, the Linter.
 *   src/cli/, src/lsp/, src/formatters/, src/browser/   adapters around them.
 *
 * Imports go down (adapters → node → core), never up, and never in a circle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No module may import itself back through others.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'The core and the rules run in the browser too: no Node built-in, no Node layer, no adapter.',
      from: { path: '^(src/core|rules)/' },
      to: { pathNot: '^(src/core|rules|node_modules)/' },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      comment: 'The core and the rules run in the browser too: no Node built-in.',
      from: { path: '^(src/core|rules)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'rules-ask-the-core',
      severity: 'error',
      comment: 'A rule reads the rule API and the model; it never reaches a file system, an adapter or another rule module.',
      from: { path: '^rules/(?!index\\.ts$)' },
      to: { path: '^rules/', pathNot: '^rules/index\\.ts$' },
    },
    {
      name: 'rules-import-the-facade',
      severity: 'error',
      comment:
        'A rule imports the rule API (src/core/rule.ts) and the facts facade (src/core/facts.ts), nothing else: what it needs to know is asked there, so the knowledge lives once in the model.',
      from: { path: '^rules/(?!index\\.ts$)' },
      to: { pathNot: '^src/core/(rule|facts)\\.ts$' },
    },
    {
      name: 'node-below-adapters',
      severity: 'error',
      comment: 'The Node layer serves the adapters; it never imports them.',
      from: { path: '^src/node/' },
      to: { path: '^src/(cli|lsp|formatters|browser)/' },
    },
    {
      name: 'formatters-only-render',
      severity: 'error',
      comment: 'A formatter turns findings into text: it reads no file and knows no other adapter.',
      from: { path: '^src/formatters/' },
      to: { path: '^src/(node|cli|lsp|browser)/' },
    },
    {
      name: 'browser-is-pure',
      severity: 'error',
      comment: 'The browser build gets the core only.',
      from: { path: '^src/browser/' },
      to: { pathNot: '^(src/core|src/browser|rules|node_modules)/' },
    },
    {
      name: 'lsp-not-cli',
      severity: 'error',
      comment: 'The language server and the CLI are siblings over the Node layer.',
      from: { path: '^src/lsp/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'source-not-tests',
      severity: 'error',
      from: { path: '^(src|rules|scripts)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.cts', '.mts', '.js', '.cjs', '.mjs', '.json'] },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
