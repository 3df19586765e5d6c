/**
 * Dependency manifests the image receives from the build context: a `requirements*.txt`, a
 * `pyproject.toml` that declares dependencies, or a `Pipfile`, copied by name (`COPY
 * requirements.txt .`) or at the top of a copied directory (`COPY ./app /app`, `COPY . .`). A
 * manifest deeper in a copied tree (`docs/requirements.txt`, a sub-tool's `pyproject.toml`)
 * belongs to something else and is not listed, nor are development ones (`requirements-dev.txt`).
 */
import * as path from 'pathe';
import { resolvePath } from '../model/build.js';
import { shippedLineage } from '../model/stages.js';
import type { CopySource, DockerfileModel, InstructionModel } from '../model/types.js';
import { substitute } from '../model/variables.js';
import type { BuildContext } from './build-context.js';
import type { ImageFilesystem } from './image-fs.js';
import { pyproject, tomlDocument } from './pyproject.js';
import { normalizeName, readRequirementsFile, type Requirement } from './requirements.js';

export type ManifestKind = 'requirements' | 'pyproject' | 'pipfile';

export interface CopiedManifest {
  kind: ManifestKind;
  /** Where it is in the build context, and in the image. */
  contextPath: string;
  imagePath: string;
  /** The COPY or ADD that brings it, and the source word (the file, or its directory). */
  instruction: InstructionModel;
  source: CopySource;
  /** The packages it declares (a Pipfile's are named only: it is not read further). */
  requirements: Pick<Requirement, 'name'>[];
}

/** `requirements.txt`, `requirements-prod.txt`, `requirements.prod.txt`; not `requirements-dev.txt` and the like. */
const REQUIREMENTS = /^requirements(?:[-_.][\w.-]+)?\.txt$/;
const DEVELOPMENT = /(?:^|[-_.])(?:dev|develop|development|test|tests|testing|lint|docs?|ci|local|typing|mypy)(?:[-_.]|$)/i;

/** The kind of manifest a file name is, if it is one. */
export function manifestKind(name: string): ManifestKind | undefined {
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === 'Pipfile') return 'pipfile';
  if (REQUIREMENTS.test(name) && !DEVELOPMENT.test(name.slice('requirements'.length, -'.txt'.length))) return 'requirements';
  return undefined;
}

/** The dependency manifests the shipped stages copy from the context, that the image really has, in COPY order. */
export function copiedManifests(model: DockerfileModel, context: BuildContext, imageFs: ImageFilesystem): CopiedManifest[] {
  const found: CopiedManifest[] = [];
  const seen = new Set<string>();
  for (const stage of shippedLineage(model)) {
    for (const instruction of stage.instructions) {
      const copy = instruction.copy;
      if (!copy || copy.from !== undefined || copy.isHeredoc || !copy.destination || instruction.workdir === undefined) continue;
      const destinationText = substitute(copy.destination.value, instruction.buildScope);
      if (destinationText === undefined) continue;
      const destination = resolvePath(instruction.workdir, destinationText);
      for (const source of copy.sources) {
        const sourceText = substitute(source.value, instruction.buildScope);
        if (sourceText === undefined || /^(?:https?|git):\/\/|^git@/.test(sourceText)) continue;
        const globbed = /[*?[]/.test(sourceText);
        const matches = globbed ? context.glob(sourceText) : [context.normalize(sourceText)];
        for (const contextPath of matches) {
          if (contextPath === undefined) continue;
          const kind = context.kind(contextPath);
          const candidates: { contextPath: string; imagePath: string }[] = [];
          if (kind === 'directory') {
            for (const name of context.list(contextPath)) {
              if (manifestKind(name)) candidates.push({ contextPath: contextPath ? `${contextPath}/${name}` : name, imagePath: path.join(destination, name) });
            }
          } else if (kind === 'file' && manifestKind(path.basename(contextPath))) {
            const intoDirectory = destinationText.endsWith('/') || copy.sources.length > 1 || globbed || imageFs.lookup(destination).kind === 'directory';
            candidates.push({ contextPath, imagePath: intoDirectory ? path.join(destination, path.basename(contextPath)) : destination });
          }
          for (const candidate of candidates) {
            // The image must hold this very file there: .dockerignore and later copies have their say.
            const inImage = imageFs.lookup(candidate.imagePath);
            if (inImage.kind !== 'file' || inImage.contextPath !== candidate.contextPath || seen.has(candidate.contextPath)) continue;
            const manifestKindFound = manifestKind(path.basename(candidate.contextPath)) as ManifestKind;
            const requirements = declaredRequirements(context, candidate.contextPath, manifestKindFound);
            if (requirements === undefined || requirements.length === 0) continue;
            seen.add(candidate.contextPath);
            found.push({ kind: manifestKindFound, ...candidate, instruction, source, requirements });
          }
        }
      }
    }
  }
  return found;
}

/** What a manifest declares; `undefined` when it cannot be read in full (then nothing is claimed about it). */
function declaredRequirements(context: BuildContext, contextPath: string, kind: ManifestKind): Pick<Requirement, 'name'>[] | undefined {
  if (kind === 'requirements') {
    const read = readRequirementsFile(context, contextPath);
    return read.complete ? read.requirements.filter((requirement) => !requirement.isConstraint) : undefined;
  }
  if (kind === 'pyproject') {
    const read = pyproject(context, contextPath);
    return read.complete ? read.requirements : undefined;
  }
  const file = context.file(contextPath);
  if (!file) return undefined;
  const document = tomlDocument(file);
  if (document === null) return undefined;
  const packages = document.packages;
  return typeof packages === 'object' && packages !== null && !Array.isArray(packages)
    ? Object.keys(packages).map((name) => ({ name: normalizeName(name) }))
    : [];
}
