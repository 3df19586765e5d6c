/**
 * A stage's files as COPY and ADD put them there from the build context, so rules can ask "is
 * there a file at /code/app/main.py, and which context file is it?". Each stage has its own
 * (its lineage's COPYs and WORKDIRs): a builder's `/build/requirements.txt` is the builder's,
 * and `COPY --from=builder /build/app /code/app` shows the final stage what the builder copied.
 *
 * Answers are `unknown` whenever the image could hold the path for reasons we cannot see: a
 * `COPY --from` of an image, or of a path another stage does not show coming from the context
 * (its RUNs may have made it), a destination or source with an unresolved variable, a base
 * image other than a plain Python or OS image, or a RUN that may write files (git, curl, cp, ...).
 */
import * as path from 'pathe';
import { resolvePath } from '../model/build.js';
import { basename, type Invocation } from '../model/invocation.js';
import type { DockerfileModel, InstructionModel, Stage } from '../model/types.js';
import { substitute } from '../model/variables.js';
import { stageLineage } from '../model/stages.js';
import type { BuildContext } from './build-context.js';

export type Lookup = { kind: 'file' | 'directory'; contextPath: string } | { kind: 'absent' } | { kind: 'unknown' };

interface CopyMapping {
  /** Image path of the destination: a directory receiving contents, or a file. */
  destination: string;
  /** Context path of the source; `undefined` for an opaque source (`--from`, unresolved). */
  contextPath: string | undefined;
  /**
   * `directory`: the contents of contextPath land under destination; `file`: destination is the
   * file. `stage-directory` and `stage-file`: the same from another stage's `sourcePath`.
   */
  kind: 'directory' | 'file' | 'opaque' | 'stage-directory' | 'stage-file';
  /** For a copy from another stage: that stage's files, and the path copied from them. */
  from?: { files: ImageFilesystem; sourcePath: string };
}

/** Another stage's files, when the COPY --from names a stage of this Dockerfile (built before). */
export type StageFiles = (stage: Stage) => ImageFilesystem;

/** Base images that hold no application files of their own. */
const CLEAN_BASES = /^(?:.+\/)?library\/(?:python|debian|ubuntu|alpine|busybox|scratch)$|^astral-sh\/uv$|^library\/|(?:^|\/)distroless\//;

/** Programs that may write files into the image during RUN. */
const FILE_WRITERS = new Set([
  'git',
  'curl',
  'wget',
  'cp',
  'mv',
  'ln',
  'tar',
  'unzip',
  'rsync',
  'install',
  'touch',
  'tee',
  'python',
  'python3',
  'make',
  'npm',
  'npx',
  'django-admin',
  'cookiecutter',
]);

function mayWriteFiles(invocation: Invocation): boolean {
  if (FILE_WRITERS.has(basename(invocation.program))) return true;
  return invocation.command.redirects.some((redirect) => /^\d*>>?$|^&>>?$/.test(redirect.operator) && redirect.target?.value !== '/dev/null');
}

export class ImageFilesystem {
  private readonly mappings: CopyMapping[] = [];
  /** Directories known to exist: `/`, the usual system ones, and every WORKDIR (which creates it). */
  private readonly directories = new Set(['/', '/tmp', '/etc', '/opt', '/srv', '/home', '/root', '/usr', '/usr/local', '/usr/local/bin', '/usr/src', '/var']);
  private readonly opaque: boolean;
  /** Whether the image has any file from the build context. */
  readonly copiesFromContext: boolean;

  /**
   * @param stage whose files these are (default: the final stage, the image)
   * @param stageFiles the files of the other stages, for their `COPY --from`
   */
  constructor(
    private readonly model: DockerfileModel,
    private readonly context: BuildContext,
    private readonly stage: Stage | undefined = model.finalStage,
    private readonly stageFiles?: StageFiles,
  ) {
    const chain = stageLineage(stage);
    const root = chain[0];
    const cleanBase = root !== undefined && root.image !== undefined && CLEAN_BASES.test(root.image.repository);
    let mayWrite = !cleanBase;
    for (const stage of chain) {
      for (const instruction of stage.instructions) {
        if (instruction.workdir !== undefined) this.directories.add(instruction.workdir);
        if (instruction.copy) this.addCopy(instruction);
        if (instruction.keyword === 'RUN' && instruction.command?.invocations.some(mayWriteFiles)) {
          mayWrite = true;
        }
      }
    }
    this.opaque = mayWrite;
    this.copiesFromContext = this.mappings.some(
      (mapping) => mapping.kind === 'file' || mapping.kind === 'directory' || (mapping.from?.files.copiesFromContext ?? false),
    );
  }

  /** The stage a `COPY --from` names, when it is one of this Dockerfile's built before this one. */
  private sourceStage(from: string, instruction: InstructionModel): Stage | undefined {
    const current = instruction.stage?.index ?? Infinity;
    const named = from.toLowerCase();
    return this.model.stages.find((candidate) => candidate.index < current && (candidate.name === named || String(candidate.index) === from));
  }

  private addCopy(instruction: InstructionModel): void {
    const copy = instruction.copy;
    if (!copy || copy.isHeredoc || !copy.destination || instruction.workdir === undefined) {
      if (copy?.destination) this.mappings.push({ destination: '/', contextPath: undefined, kind: 'opaque' });
      return;
    }
    const destinationText = substitute(copy.destination.value, instruction.buildScope);
    if (destinationText === undefined) {
      this.mappings.push({ destination: '/', contextPath: undefined, kind: 'opaque' });
      return;
    }
    const destination = resolvePath(instruction.workdir, destinationText);
    const intoDirectory = destinationText.endsWith('/') || copy.sources.length > 1;
    if (copy.from !== undefined) {
      this.addStageCopy(instruction, copy.from, destination, intoDirectory);
      return;
    }
    for (const source of copy.sources) {
      const sourceText = substitute(source.value, instruction.buildScope);
      if (sourceText === undefined || /^(?:https?|git):\/\/|^git@/.test(sourceText)) {
        this.mappings.push({ destination, contextPath: undefined, kind: 'opaque' });
        continue;
      }
      // As BuildKit reads it: from the context's root, never above it.
      const { path: sourcePath } = this.context.copySource(sourceText);
      const matches = /[*?[]/.test(sourcePath) ? this.context.glob(sourcePath) : [sourcePath];
      for (const contextPath of matches) {
        if (contextPath === undefined) continue;
        const kind = this.context.kind(contextPath);
        if (kind === 'directory') {
          this.mappings.push({ destination, contextPath, kind: 'directory' });
        } else if (kind === 'file') {
          const target =
            intoDirectory || /[*?[]/.test(sourceText) || this.isDirectoryInImage(destination)
              ? path.join(destination, path.basename(contextPath))
              : destination;
          this.mappings.push({ destination: target, contextPath, kind: 'file' });
        } else if (!/[*?[]/.test(sourcePath)) {
          // A source that is not there fails the build (FDL021 says so): what the author meant to
          // put at the destination is unknown, and the image's other checks say nothing of it.
          this.mappings.push({ destination, contextPath: undefined, kind: 'opaque' });
        }
      }
    }
  }

  /**
   * `COPY --from=builder /build/app /code/app`: what the builder shows at its paths (what it
   * copied from the context) appears at the destination. Anything else is opaque: an image, a
   * wildcard, a path the builder may have made with a RUN.
   */
  private addStageCopy(instruction: InstructionModel, from: string, destination: string, intoDirectory: boolean): void {
    const stage = this.stageFiles && this.sourceStage(from, instruction);
    const files = stage && this.stageFiles?.(stage);
    for (const source of instruction.copy?.sources ?? []) {
      const sourceText = substitute(source.value, instruction.buildScope);
      if (!files || sourceText === undefined || /[*?[]/.test(sourceText)) {
        this.mappings.push({ destination, contextPath: undefined, kind: 'opaque' });
        continue;
      }
      const sourcePath = resolvePath('/', sourceText);
      const found = files.lookup(sourcePath);
      if (found.kind === 'directory') {
        this.mappings.push({ destination, contextPath: undefined, kind: 'stage-directory', from: { files, sourcePath } });
      } else if (found.kind === 'file') {
        const target = intoDirectory || this.isDirectoryInImage(destination) ? path.join(destination, path.basename(sourcePath)) : destination;
        this.mappings.push({ destination: target, contextPath: undefined, kind: 'stage-file', from: { files, sourcePath } });
      } else {
        this.mappings.push({ destination, contextPath: undefined, kind: 'opaque' });
      }
    }
  }

  /** Whether `imagePath` is a directory already (so a file copied there lands inside it). */
  private isDirectoryInImage(imagePath: string): boolean {
    return this.directories.has(imagePath) || this.mappings.some((mapping) => mapping.destination === imagePath && mapping.kind === 'directory');
  }

  /** What the image has at an absolute path. */
  lookup(imagePath: string): Lookup {
    const wanted = path.normalize(imagePath).replace(/(.)\/+$/, '$1');
    for (let index = this.mappings.length - 1; index >= 0; index--) {
      const mapping = this.mappings[index];
      const inside = wanted === mapping.destination || wanted.startsWith(mapping.destination === '/' ? '/' : `${mapping.destination}/`);
      if (mapping.kind === 'opaque') {
        if (inside) return { kind: 'unknown' };
        continue;
      }
      if (mapping.from) {
        if (mapping.kind === 'stage-file' ? wanted === mapping.destination : inside) {
          const relative = wanted === mapping.destination ? '' : wanted.slice(mapping.destination === '/' ? 1 : mapping.destination.length + 1);
          const found = mapping.from.files.lookup(relative ? path.join(mapping.from.sourcePath, relative) : mapping.from.sourcePath);
          // What the other stage does not show may be made by its RUNs: never `absent` from there.
          return found.kind === 'absent' ? { kind: 'unknown' } : found;
        }
        if (mapping.destination.startsWith(`${wanted}/`)) return { kind: 'directory', contextPath: '' };
        continue;
      }
      if (mapping.kind === 'file') {
        if (wanted === mapping.destination) return this.visible(mapping.contextPath as string, 'file');
        if (mapping.destination.startsWith(`${wanted}/`)) return { kind: 'directory', contextPath: '' };
        continue;
      }
      if (!inside) {
        if (mapping.destination.startsWith(`${wanted}/`)) return { kind: 'directory', contextPath: '' };
        continue;
      }
      const relative = wanted === mapping.destination ? '' : wanted.slice(mapping.destination === '/' ? 1 : mapping.destination.length + 1);
      const contextPath = [mapping.contextPath, relative].filter(Boolean).join('/');
      const kind = this.context.kind(contextPath);
      if (kind && !this.context.isIgnored(contextPath)) return { kind, contextPath };
    }
    return this.opaque ? { kind: 'unknown' } : { kind: 'absent' };
  }

  private visible(contextPath: string, kind: 'file'): Lookup {
    return this.context.isIgnored(contextPath) ? { kind: 'absent' } : { kind, contextPath };
  }

  /** Image paths of files named `name` that the context copies put in the image, those below `near` first. */
  findFiles(name: string, near = '/', limit = 5): string[] {
    const found: string[] = [];
    for (const mapping of this.mappings) {
      if (mapping.from) continue;
      if (mapping.kind === 'file' && path.basename(mapping.destination) === name && !this.context.isIgnored(mapping.contextPath as string)) {
        found.push(mapping.destination);
      } else if (mapping.kind === 'directory') {
        for (const relative of this.walk(mapping.contextPath as string, name)) {
          const inside = mapping.contextPath ? relative.slice((mapping.contextPath as string).length + 1) : relative;
          found.push(path.join(mapping.destination, inside));
        }
      }
      if (found.length >= limit) break;
    }
    const distance = (imagePath: string) => (imagePath.startsWith(`${near}/`) ? 0 : 1);
    return [...new Set(found)].filter((imagePath) => this.lookup(imagePath).kind === 'file').sort((a, b) => distance(a) - distance(b) || a.length - b.length);
  }

  /** Context files named `name` below a directory, breadth first and bounded. */
  private walk(directory: string, name: string): string[] {
    return this.context.memo(`walk\0${directory}\0${name}`, () => this.walkUncached(directory, name));
  }

  private walkUncached(directory: string, name: string): string[] {
    const found: string[] = [];
    const queue: { path: string; depth: number }[] = [{ path: directory, depth: 0 }];
    let visited = 0;
    while (queue.length > 0 && visited < 2000) {
      const current = queue.shift() as { path: string; depth: number };
      for (const entry of this.context.list(current.path)) {
        visited++;
        if (entry === '.git' || entry === 'node_modules' || entry === '.venv' || entry === '__pycache__') continue;
        const child = current.path ? `${current.path}/${entry}` : entry;
        if (this.context.isIgnored(child)) continue;
        const kind = this.context.kind(child);
        if (kind === 'file' && entry === name) found.push(child);
        else if (kind === 'directory' && current.depth < 5) queue.push({ path: child, depth: current.depth + 1 });
      }
    }
    return found;
  }
}
