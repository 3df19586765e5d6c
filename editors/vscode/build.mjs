/**
 * Builds the extension before `vsce package` (its `vscode:prepublish`): dist/extension.js, the
 * extension and vscode-languageclient bundled by esbuild (so the .vsix ships no node_modules), and
 * server/, the language server: the repository's dist/bundle/lsp.cjs (`npm run build` at the root
 * makes it), with the licenses of what it bundles. The version is the repository's.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const server = path.join(root, 'dist/bundle/lsp.cjs');
if (!existsSync(server)) throw new Error('dist/bundle/lsp.cjs is missing: run `npm run build` at the repository root first');

const manifest = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
if (manifest.version !== version) throw new Error(`editors/vscode/package.json is version ${manifest.version}, the repository ${version}: make them equal`);

rmSync(path.join(here, 'dist'), { recursive: true, force: true });
rmSync(path.join(here, 'server'), { recursive: true, force: true });
const { metafile } = await build({
  metafile: true,
  entryPoints: [path.join(here, 'src/extension.ts')],
  outfile: path.join(here, 'dist/extension.js'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: true,
  logLevel: 'warning',
});
mkdirSync(path.join(here, 'server'));
copyFileSync(server, path.join(here, 'server/lsp.cjs'));
copyFileSync(path.join(root, 'LICENSE'), path.join(here, 'LICENSE'));
// The server bundles the linter's production dependencies; the extension, what esbuild put into it.
const notices = ['fastapi-docker-lint for VS Code bundles the following software.\n'];
const licensed = (directory) => {
  const { name, version: packageVersion, license } = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'));
  const file = readdirSync(directory)
    .sort()
    .find((candidate) => /^licen[cs]e/i.test(candidate));
  const text = file ? readFileSync(path.join(directory, file), 'utf8') : `${license}, as its package.json declares; the package ships no license text.\n`;
  notices.push(`${'='.repeat(78)}\n${name} ${packageVersion} (${license})\n${'='.repeat(78)}\n${text}`);
};
const packageOf = (file) =>
  file.slice(0, file.lastIndexOf('node_modules/') + 'node_modules/'.length) +
  file
    .slice(file.lastIndexOf('node_modules/') + 'node_modules/'.length)
    .split('/')
    .slice(0, file.includes('node_modules/@') ? 2 : 1)
    .join('/');
const serverPackages = Object.entries(JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages)
  .filter(([location, entry]) => location.startsWith('node_modules/') && !entry.dev && !entry.optional)
  .map(([location]) => path.join(root, location));
const clientPackages = [
  ...new Set(
    Object.keys(metafile.inputs)
      .filter((file) => file.includes('node_modules/'))
      .map((file) => path.join(here, packageOf(file))),
  ),
];
for (const directory of [...serverPackages, ...clientPackages].sort()) licensed(directory);
writeFileSync(path.join(here, 'THIRD-PARTY-NOTICES.txt'), notices.join('\n'));
