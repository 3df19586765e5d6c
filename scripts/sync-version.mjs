/**
 * `npm version` runs this (package.json's `version` script): writes package.json's version into
 * src/core/version.ts, which the core imports instead of reading package.json at run time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const file = path.join(root, 'src/core/version.ts');
const text = readFileSync(file, 'utf8');
const updated = text.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`);
if (updated === text && !text.includes(`'${version}'`)) throw new Error(`${file}: no VERSION constant to update`);
writeFileSync(file, updated);
