/**
 * What rules may ask about the project around a Dockerfile: its build context, the image's
 * files, what it installs, and what its Compose file says. Built lazily: a rule that asks
 * nothing costs nothing.
 */
import path from 'node:path';
import type { DockerfileModel } from '../model/types.js';
import { substitute } from '../model/variables.js';
import type { BuildContext } from './build-context.js';
import { proxyInFront } from './compose.js';
import { ImageFilesystem } from './image-fs.js';
import { projectInstalls, type ProjectInstalls } from './installs.js';

export class Project {
  private imageFsCache: ImageFilesystem | undefined;
  private installsCache: ProjectInstalls | undefined;
  private statusCache: 'usable' | 'elsewhere' | undefined;

  constructor(
    readonly model: DockerfileModel,
    readonly context: BuildContext,
  ) {}

  /**
   * `elsewhere`: none of the Dockerfile's context sources exist here, so this is not its context.
   * Judged on first use, so a run with the context rules off touches no file for it.
   */
  get status(): 'usable' | 'elsewhere' {
    this.statusCache ??= this.judgeContext();
    return this.statusCache;
  }

  get imageFs(): ImageFilesystem {
    this.imageFsCache ??= new ImageFilesystem(this.model, this.context);
    return this.imageFsCache;
  }

  get installs(): ProjectInstalls {
    this.installsCache ??= projectInstalls(this.model, this.context, this.imageFs);
    return this.installsCache;
  }

  /** Context sources named by COPY/ADD (no `--from`, URLs or heredocs), after ARG/ENV substitution. */
  contextSources(): { value: string; instructionIndex: number; sourceIndex: number }[] {
    const sources: { value: string; instructionIndex: number; sourceIndex: number }[] = [];
    this.model.instructions.forEach((instruction, instructionIndex) => {
      const copy = instruction.copy;
      if (!copy || copy.from !== undefined || copy.isHeredoc) return;
      copy.sources.forEach((source, sourceIndex) => {
        const value = substitute(source.value, instruction.buildScope);
        if (value === undefined || /^(?:https?|git):\/\/|^git@/.test(value)) return;
        sources.push({ value, instructionIndex, sourceIndex });
      });
    });
    return sources;
  }

  private judgeContext(): 'usable' | 'elsewhere' {
    const sources = this.contextSources();
    if (sources.length === 0) return 'usable';
    const found = sources.some((source) => (/[*?[]/.test(source.value) ? this.context.glob(source.value).length > 0 : this.context.exists(source.value)));
    return found ? 'usable' : 'elsewhere';
  }

  /** Why the Compose file says a proxy is in front of this Dockerfile's service, if it does. */
  proxyEvidence(): string | undefined {
    const compose = this.context.compose;
    const why = compose ? proxyInFront(compose.file, compose.service) : undefined;
    return why && compose ? `${why} in ${path.basename(compose.file.path)}` : undefined;
  }
}
