/**
 * Libraries that most runs never need, loaded on first use: YAML (Compose and config files,
 * Kubernetes manifests), TOML (pyproject.toml), .gitignore matching, the globs of a config's
 * `overrides` and the Python grammar (read
 * only when the container's command runs the project's own Python code). (.dockerignore is matched by our own
 * linear-time matcher, src/context/glob-match.ts.) A CommonJS module, so that the
 * loading is a synchronous require(): esbuild then bundles each library behind a lazy
 * initialiser, which costs nothing until the call, and plain Node loads it from node_modules.
 */
import type { Ignore as GitIgnore } from 'ignore';

// CommonJS's own `require`, declared here so the core type-checks without Node's types (the
// browser bundle gets esbuild's).
declare function require(id: string): unknown;

export function yaml(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

export function toml(): typeof import('smol-toml') {
  return require('smol-toml') as typeof import('smol-toml');
}

export function python(): typeof import('@lezer/python') {
  return require('@lezer/python') as typeof import('@lezer/python');
}

export function picomatch(): typeof import('picomatch') {
  return require('picomatch') as typeof import('picomatch');
}

export function gitignore(): GitIgnore {
  return (require('ignore') as () => GitIgnore)();
}
