/**
 * The tests run on the same dependencies as the bundles: `npm run build` applies patches/ (patch-package)
 * before bundling, and so does this, once per test run, for a checkout that was never built. It is
 * idempotent: an applied patch is left as it is.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function applyPatches(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/patch-package/index.js')], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`patch-package failed:\n${run.stdout}${run.stderr}`);
}
