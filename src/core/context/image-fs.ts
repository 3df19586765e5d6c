/**
 * The final image's files as COPY and ADD put them there from the build context, so rules can
 * ask "is there a file at /code/app/main.py, and which context file is it?".
 *
 * Answers are `unknown` whenever the image could hold the path for reasons we cannot see: a
 * `COPY --from` covering it, a destination or source with an unresolved variable, a base image
 * other than a plain Python or OS image, or a RUN that may write files (git, curl, cp, ...).
 */
import * as path from 'pathe';
import { resolvePath } from '../model/build.js';
import { basename, type Invocation } from '../model/invocation.js';
import type { DockerfileModel, InstructionModel } from '../model/types.js';
import { substitute } from '../model/variables.js';
import { shippedLineage } from '../model/stages.js';
import type { BuildContext } from './build-context.js';

export type Lookup = { kind: 'file' | 'directory'; contextPath: string } | { kind: 'absent' } | { kind: 'unknown' };

interface CopyMapping {
  /** Image path of the destination: a directory receiving contents, or a file. */
  destination: string;
  /** Context path of the source; `undefined` for an opaque source (`--from`, unresolved). */
  contextPath: string | undefined;
  /** `directory`: the contents of contextPath land under destination; `file`: destination is the file. */
  kind: 'directory' | 'file' | 'opaque';
}

/** Base images that hold no application files of their own. */
const CLEAN_BASES = /^(?:.+\/)?library\/(?:python|debian|ubuntu|alpine|busybox|scratch)$|^astral-sh\/uv$|^library\/|(?:^|\/)distroless\//;

/** Programs that may write files into the image during RUN. */
const FILE_WRITERS = new Set(['git', 'curl', 'wget', 'cp', 'mv', 'ln', 'tar', 'unzip', 'rsync', 'install', 'touch', 'tee', 'python', 'python3', 'make', 'npm', 'npx', 'django-admin', 'cookiecutter']);

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

  constructor(
    model: DockerfileModel,
    private readonly context: BuildContext,
  ) {
    const chain = shippedLineage(model);
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
    this.copiesFromContext = this.mappings.some((mapping) => mapping.kind !== 'opaque');
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
      this.mappings.push({ destination, contextPath: undefined, kind: 'opaque' });
      return;
    }
    for (const source of copy.sources) {
      const sourceText = substitute(source.value, instruction.buildScope);
      if (sourceText === undefined || /^(?:https?|git):\/\/|^git@/.test(sourceText)) {
        this.mappings.push({ destination, contextPath: undefined, kind: 'opaque' });
        continue;
      }
      const matches = /[*?[]/.test(sourceText) ? this.context.glob(sourceText) : [this.context.normalize(sourceText)];
      for (const contextPath of matches) {
        if (contextPath === undefined) continue;
        const kind = this.context.kind(contextPath);
        if (kind === 'directory') {
          this.mappings.push({ destination, contextPath, kind: 'directory' });
        } else if (kind === 'file') {
          const target = intoDirectory || /[*?[]/.test(sourceText) || this.isDirectoryInImage(destination) ? path.join(destination, path.basename(contextPath)) : destination;
          this.mappings.push({ destination: target, contextPath, kind: 'file' });
        }
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
    return [...new Set(found)]
      .filter((imagePath) => this.lookup(imagePath).kind === 'file')
      .sort((a, b) => distance(a) - distance(b) || a.length - b.length);
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

