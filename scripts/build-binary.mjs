#!/usr/bin/env node
/**
 * `npm run build:binary`: the standalone executable, dist/binary/fastapi-docker-lint, a Node.js
 * single executable application (SEA) for the platform that runs this script (linux-x64 here and
 * in the release workflow). It needs no `node` on PATH: it is the running `node` binary
 * (process.execPath) with the linter injected into it by postject.
 *
 * What is injected is dist/bundle/main.cjs bundled once more with dist/bundle/lsp.cjs inside
 * (`fastapi-docker-lint lsp --stdio` loads it only for that subcommand), so the executable needs
 * no file beside it. dist/bundle/cli.cjs, the npm package's launcher that keeps a V8 code cache in
 * the user's cache directory, is not used: the SEA carries its own code cache (`useCodeCache`),
 * made at build time, so nothing is written at run time.
 *
 * Run `npm run build` first (npm run build:binary does). Debug information is stripped with
 * `strip` when binutils is installed (99 MB -> 86 MB for Node 20.20): it only serves debuggers of
 * Node's own C++.
 */
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(root, 'dist/bundle');
const outdir = path.join(root, 'dist/binary');
const executable = path.join(outdir, 'fastapi-docker-lint');
/** The fuse Node looks for to know that a SEA blob was injected (Node's documentation). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

if (process.platform !== 'linux') throw new Error(`build:binary builds for Linux only (this is ${process.platform})`);
for (const file of ['main.cjs', 'lsp.cjs']) {
  if (!existsSync(path.join(bundle, file))) throw new Error(`dist/bundle/${file} is missing: run \`npm run build\` first`);
}
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// 1. One script: main.cjs, with its require('./lsp.cjs') bundled in (evaluated only when required).
const main = path.join(outdir, 'sea-main.cjs');
await build({
  entryPoints: [path.join(bundle, 'main.cjs')],
  outfile: main,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
});
// A SEA's `require` loads Node's built-in modules only: anything else left in the script would
// fail at run time, so the build fails now instead.
const required = [...readFileSync(main, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
const builtins = new Set(require('node:module').builtinModules);
const foreign = required.filter((name) => !builtins.has(name.replace(/^node:/, '')));
if (foreign.length > 0) throw new Error(`the SEA script requires modules that are not Node built-ins: ${foreign.join(', ')}`);

// 2. The blob: the script and its V8 code cache, made by this very node.
const blob = path.join(outdir, 'sea-prep.blob');
const config = path.join(outdir, 'sea-config.json');
writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });

// 3. A copy of this node, stripped when strip exists, with the blob injected.
copyFileSync(process.execPath, executable);
chmodSync(executable, 0o755);
// (strip's warnings about the many notes of some Node builds are shown only if it fails; postject's
// own about them, "Can't find string offset for section name '.note.100'", are harmless.)
const stripped = spawnSync('strip', ['--strip-all', executable], { encoding: 'utf8' });
if (stripped.error) process.stderr.write('build-binary: `strip` not found (binutils): the executable keeps its debug information\n');
else if (stripped.status !== 0) throw new Error(`strip failed: ${stripped.stderr}`);
const { inject } = require('postject');
await inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });

// 4. The licenses of what the executable carries: Node.js (whose LICENSE holds those of the
// libraries built into it) and every npm package bundled into the script (the production ones).
const notices = [`fastapi-docker-lint ${version} bundles the following software.\n`];
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodeLicense = ['LICENSE', 'share/doc/nodejs/LICENSE', 'share/doc/node/LICENSE'].map((file) => path.join(prefix, file)).find((file) => existsSync(file));
if (!nodeLicense) throw new Error(`Node.js's LICENSE was not found under ${prefix}: the executable cannot be shipped without it`);
notices.push(`${'='.repeat(78)}\nNode.js ${process.version}\n${'='.repeat(78)}\n${readFileSync(nodeLicense, 'utf8')}`);
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
for (const [location, entry] of Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b))) {
  if (!location.startsWith('node_modules/') || entry.dev || entry.optional) continue;
  const directory = path.join(root, location);
  const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const licenseName = readdirSync(directory)
    .sort()
    .find((file) => /^licen[cs]e/i.test(file));
  const licenseFile = licenseName && path.join(directory, licenseName);
  if (!licenseFile && !entry.license) throw new Error(`${name} ${entry.version} declares no license`);
  // A package that ships no license text (@nodable/entities) is named with the license it declares.
  const text = licenseFile ? readFileSync(licenseFile, 'utf8') : `${entry.license}, as its package.json declares; the package ships no license text.\n`;
  notices.push(`${'='.repeat(78)}\n${name} ${entry.version} (${entry.license})\n${'='.repeat(78)}\n${text}`);
}
writeFileSync(path.join(outdir, 'THIRD-PARTY-NOTICES.txt'), notices.join('\n'));

// 5. It runs, and is this version.
const printed = execFileSync(executable, ['--version'], { encoding: 'utf8', env: { PATH: '/nonexistent' } }).trim();
if (printed !== version) throw new Error(`the executable printed ${JSON.stringify(printed)} for --version, not ${version}`);
rmSync(blob);
rmSync(config);
const megabytes = (statSync(executable).size / 1e6).toFixed(1);
process.stdout.write(
  `dist/binary/fastapi-docker-lint: ${megabytes} MB, node ${process.version} ${process.platform}-${process.arch}, fastapi-docker-lint ${version}\n`,
);
