/**
 * .dockerignore, matched with Docker's own semantics by @balena/dockerignore (a port of
 * moby's fileutils matcher), not by a hand-written glob.
 */
import path from 'node:path';
import type { Ignore } from '@balena/dockerignore';
import { dockerignore } from '../lazy-dependencies.cjs';
import type { BuildContext } from './build-context.js';

/**
 * BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile when it exists, and
 * the context root's `.dockerignore` otherwise.
 */
export function loadDockerignore(context: BuildContext): Ignore | undefined {
  const candidates: string[] = [];
  if (context.dockerfilePath) {
    const besideDockerfile = path.relative(context.root, `${context.dockerfilePath}.dockerignore`).split(path.sep).join('/');
    if (!besideDockerfile.startsWith('..')) candidates.push(besideDockerfile);
  }
  candidates.push('.dockerignore');
  for (const candidate of candidates) {
    const file = context.file(candidate);
    if (!file) continue;
    context.dockerignoreFile = file;
    const patterns = file.source.text
      .split(/\r\n|\n|\r/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    return dockerignore({ ignorecase: false }).add(patterns);
  }
  return undefined;
}
