/**
 * Builds the playground (run by `npm run build`): dist/playground/index.html, style.css and
 * app.js, with relative paths only, so the folder works from any static host or from disk.
 * The core is bundled for the browser: no Node built-in may be reached from it (the build fails
 * if one is).
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const source = path.join(root, 'playground');
const outdir = path.join(root, 'dist/playground');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: [path.join(source, 'main.ts')],
  outfile: path.join(outdir, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  tsconfigRaw: { compilerOptions: { target: 'es2022' } },
});
for (const file of ['index.html', 'style.css']) copyFileSync(path.join(source, file), path.join(outdir, file));
