/**
 * Bundles the CLI with esbuild (run by `npm run build`): the command line as one CommonJS file,
 * dist/bundle/main.cjs, and its launcher, dist/bundle/cli.cjs (package.json's `bin`), and the
 * language server that `fastapi-docker-lint lsp` loads, dist/bundle/lsp.cjs. One file
 * instead of ~80 modules, compiled with a V8 code cache by the launcher: start-up time is the
 * largest part of a one-file lint. Rarely used libraries (src/core/lazy-dependencies.cts) are bundled
 * behind lazy initialisers: they cost nothing until a run needs them.
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const outdir = path.join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });

/**
 * commander requires node:child_process at load time, for executable subcommands, which this CLI
 * does not have; loading it costs ~5 ms of every start. It gets a stand-in that loads the real
 * module on first use.
 */
const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(bundler) {
    bundler.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.namespace === 'lazy' ? { path: 'node:child_process', external: true } : { path: 'child_process', namespace: 'lazy' },
    );
    bundler.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_target, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

/**
 * `fastapi-docker-lint lsp` loads the language server (src/cli/main.ts): from dist/bundle/lsp.cjs,
 * a bundle of its own, so that main.cjs, which every lint compiles, does not hold it.
 * (scripts/build-binary.mjs bundles main.cjs again for the standalone executable, lsp.cjs inside.)
 */
const lspApart: Plugin = {
  name: 'lsp-apart',
  setup(bundler) {
    bundler.onResolve({ filter: /\/lsp\/main\.js$/ }, (args) =>
      args.importer.endsWith(path.join('cli', 'main.js')) ? { path: 'lsp.cjs', namespace: 'lsp-apart' } : undefined,
    );
    bundler.onResolve({ filter: /^\.\/lsp\.cjs$/ }, (args) => (args.namespace === 'lsp-apart' ? { path: './lsp.cjs', external: true } : undefined));
    bundler.onLoad({ filter: /.*/, namespace: 'lsp-apart' }, () => ({ contents: "module.exports = require('./lsp.cjs');", loader: 'js' }));
  },
};

/**
 * This build's id, the same in every bundle: a hash of the compiled sources. The lint cache keys
 * on it (src/node/cache-file.ts), so a rebuild with other rules never takes an older result.
 */
const compiled = createHash('sha256');
for (const folder of ['dist/src', 'dist/rules']) {
  for (const file of (readdirSync(path.join(root, folder), { recursive: true }) as string[]).filter((name) => name.endsWith('.js')).sort()) {
    compiled.update(file).update(readFileSync(path.join(root, folder, file)));
  }
}

const common = {
  bundle: true,
  format: 'cjs' as const,
  platform: 'node' as const,
  target: 'node20',
  minify: true,
  logLevel: 'warning' as const,
  // The sources are ES modules; in CommonJS, import.meta.url is the bundle's own file URL.
  define: { 'import.meta.url': '__bundleUrl', __FDL_BUILD__: JSON.stringify(compiled.digest('hex').slice(0, 32)) },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess],
};

await build({
  ...common,
  plugins: [...common.plugins, lspApart],
  entryPoints: [path.join(root, 'dist/src/cli/main.js')],
  outfile: path.join(outdir, 'main.cjs'),
});
await build({ ...common, entryPoints: [path.join(root, 'dist/src/lsp/main.js')], outfile: path.join(outdir, 'lsp.cjs') });
await build({ ...common, entryPoints: [path.join(root, 'dist/src/cli/launcher.js')], outfile: path.join(outdir, 'cli.cjs') });
// The GitHub Action's annotations and error line (action.yml), from the github format itself.
await build({ ...common, entryPoints: [path.join(root, 'dist/src/cli/action.js')], outfile: path.join(outdir, 'action.cjs') });
