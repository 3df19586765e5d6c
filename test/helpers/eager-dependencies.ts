/**
 * What src/core/lazy-dependencies.cts gives, for the tests: the same libraries, loaded at once.
 * The real module is CommonJS (a synchronous require that esbuild bundles behind a lazy
 * initialiser), which vitest's ES-module loader cannot run from source; laziness is a start-up
 * matter that the bundle's tests (test/integration) cover.
 */
import * as lezerPython from '@lezer/python';
import ignore, { type Ignore } from 'ignore';
import picomatchLibrary from 'picomatch';
import * as smolToml from 'smol-toml';
import * as yamlLibrary from 'yaml';

export function yaml(): typeof import('yaml') {
  return yamlLibrary;
}

export function toml(): typeof import('smol-toml') {
  return smolToml;
}

export function python(): typeof import('@lezer/python') {
  return lezerPython;
}

export function picomatch(): typeof import('picomatch') {
  return picomatchLibrary;
}

export function gitignore(): Ignore {
  return ignore();
}
