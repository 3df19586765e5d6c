/**
 * Where each source of a COPY or ADD from the build context lands in the image, with ARG/ENV
 * values and WORKDIR applied. Docker's rules: a directory's contents are copied into the
 * destination; a file lands at the destination, or inside it when the destination ends with
 * `/`, when there are several sources (or a wildcard), or when it already is a directory.
 */
import { resolvePath } from './build.js';
import { basename } from './invocation.js';
import type { CopySource, InstructionModel } from './types.js';
import { substitute } from './variables.js';

export interface CopyTarget {
  source: CopySource;
  /** The source path after substitution; `undefined` when a variable has no known value. */
  path: string | undefined;
  /** The source names several paths (`*.txt`, `app/[ab]*`). */
  isGlob: boolean;
  /** The destination as an absolute image path. */
  destination: string;
  /** The destination is certainly a directory receiving the source (`dest/`, several sources, a wildcard). */
  intoDirectory: boolean;
}

const URL_SOURCE = /^(?:https?|git):\/\/|^git@/;

/**
 * The context sources of a COPY or ADD and where they land; `undefined` when the instruction
 * copies nothing from the context (`--from`, a heredoc) or its destination cannot be read (an
 * unknown variable, an unknown WORKDIR). URLs are left out.
 */
export function copyTargets(instruction: InstructionModel): CopyTarget[] | undefined {
  const copy = instruction.copy;
  if (!copy || copy.from !== undefined || copy.isHeredoc || !copy.destination) return undefined;
  const destinationText = substitute(copy.destination.value, instruction.buildScope);
  if (destinationText === undefined || (instruction.workdir === undefined && !destinationText.startsWith('/'))) return undefined;
  const destination = resolvePath(instruction.workdir ?? '/', destinationText);
  const severalSources = copy.sources.length > 1;
  const targets: CopyTarget[] = [];
  for (const source of copy.sources) {
    if (URL_SOURCE.test(source.value)) continue;
    const path = substitute(source.value, instruction.buildScope);
    const isGlob = path !== undefined && /[*?[]/.test(path);
    targets.push({ source, path, isGlob, destination, intoDirectory: destinationText.endsWith('/') || severalSources || isGlob });
  }
  return targets;
}

/**
 * The image paths a source may occupy: for a directory, the destination (its contents land
 * there); for a file, the destination itself or, when it goes into a directory, the file's name
 * inside it. `kind` is what the source is in the context, when known.
 */
export function landingPaths(target: CopyTarget, sourcePath: string, kind: 'file' | 'directory' | undefined): string[] {
  if (kind === 'directory') return [target.destination];
  const inside = resolvePath(target.destination, basename(sourcePath.replace(/\/+$/, '')));
  if (target.intoDirectory) return kind === 'file' ? [inside] : [target.destination, inside];
  return [target.destination, inside];
}

/** Whether `inner` is `outer` or lies below it (both absolute, normalised). */
export function isWithin(inner: string, outer: string): boolean {
  return outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}
