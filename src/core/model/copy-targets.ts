/**
 * Where each source of a COPY or ADD from the build context lands in the image, with ARG/ENV
 * values and WORKDIR applied. Docker's rules: a directory's contents are copied into the
 * destination; a file lands at the destination, or inside it when the destination ends with
 * `/`, when there are several sources (or a wildcard), or when it already is a directory.
 */
import { segmentPattern } from '../context/glob-match.js';
import { resolvePath } from './build.js';
import { basename } from './invocation.js';
import { stageLineage } from './stages.js';
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

/**
 * Whether a COPY or ADD before `instruction` (in its stage or the stages it builds on) puts a
 * file at `imagePath` by naming it: by its name (`COPY Pipfile Pipfile.lock ./`) or by a
 * wildcard that matches its name (`COPY Pipfile* ./`). What a copied folder or the whole
 * context holds is the build context's to say (see `contextPathAt`).
 */
export function copiesFileTo(instruction: InstructionModel, imagePath: string): boolean {
  const lineage = stageLineage(instruction.stage).flatMap((stage) => stage.instructions);
  const name = basename(imagePath);
  return lineage.slice(0, Math.max(0, lineage.indexOf(instruction))).some((copy) =>
    (copyTargets(copy) ?? []).some((target) => {
      if (target.path === undefined) return false;
      const written = target.path.replace(/\/+$/, '');
      const sourceName = basename(written);
      if (target.isGlob && !namesMatch(written, sourceName, name)) return false;
      if (!target.isGlob && sourceName !== name) return false;
      return landingPaths(target, name, 'file').includes(imagePath);
    }),
  );
}

/** Whether a wildcard source (`Pipfile*`, wildcards in its last segment only) matches a file name. */
function namesMatch(written: string, pattern: string, name: string): boolean {
  if (/[*?[]/.test(written.slice(0, written.length - pattern.length))) return false;
  try {
    return segmentPattern(pattern).matches(name);
  } catch {
    return false;
  }
}
