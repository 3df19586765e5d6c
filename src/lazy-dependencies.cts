/**
 * Libraries that most runs never need, loaded on first use: YAML (Compose and config files),
 * TOML (pyproject.toml), .dockerignore and .gitignore matching. A CommonJS module, so that the
 * loading is a synchronous require(): esbuild then bundles each library behind a lazy
 * initialiser, which costs nothing until the call, and plain Node loads it from node_modules.
 */
import type { Ignore as DockerIgnore } from '@balena/dockerignore';
import type { Ignore as GitIgnore } from 'ignore';

export function yaml(): typeof import('yaml') {
  return require('yaml');
}

export function toml(): typeof import('smol-toml') {
  return require('smol-toml');
}

export function dockerignore(options: { ignorecase: boolean }): DockerIgnore {
  // CommonJS; its types declare an ES default export, which it also sets.
  return (require('@balena/dockerignore') as { default: (options: { ignorecase: boolean }) => DockerIgnore }).default(options);
}

export function gitignore(): GitIgnore {
  return (require('ignore') as () => GitIgnore)();
}
