/**
 * What `/bin/sh` (or the shell a `SHELL` instruction names) is in an image, and whether it hands
 * its process over to the last command of a `-c` script. This decides whether a server started
 * through a shell is PID 1 and gets SIGTERM itself.
 *
 * Checked on real shells, not assumed: Debian's dash (the official python:3.x and -slim images,
 * Debian and Ubuntu) always stays the parent of the commands it runs; bash 5 and BusyBox ash
 * (Alpine, the -alpine images) exec the last simple command of `-c` when nothing follows it, no
 * redirection applies to it (bash) and no `trap` is set, so that command replaces the shell.
 */
import { basename } from './invocation.js';
import type { ImageReference } from './image.js';
import type { ShellScript, SimpleCommand } from './shell.js';
import { stageLineage } from './stages.js';
import type { InstructionModel } from './types.js';

/** A shell whose behaviour we know; `undefined` everywhere means "we cannot know". */
export type ShellKind = 'dash' | 'bash' | 'busybox';

/** Base images whose /bin/sh we know: Debian-based ones have dash, Alpine-based ones BusyBox. */
function imageBinSh(image: ImageReference): ShellKind | undefined {
  const tag = image.tag ?? 'latest';
  const repository = image.repository.replace(/^.*\/library\//, 'library/');
  const debianOrAlpine = (): ShellKind | undefined => (/alpine/.test(tag) ? 'busybox' : /windows|nanoserver/.test(tag) ? undefined : 'dash');
  if (image.registry === 'docker.io' || repository.startsWith('library/')) {
    if (repository === 'library/python' || repository.startsWith('tiangolo/')) return debianOrAlpine();
    if (repository === 'library/debian' || repository === 'library/ubuntu') return 'dash';
    if (repository === 'library/alpine' || repository === 'library/busybox') return 'busybox';
    return undefined;
  }
  // uv's own images: `python3.13-bookworm-slim` and `trixie` are Debian, `-alpine` Alpine; the
  // bare `uv:0.9` image holds no shell at all.
  if (image.registry === 'ghcr.io' && repository === 'astral-sh/uv') {
    if (/alpine/.test(tag)) return 'busybox';
    if (/bookworm|bullseye|trixie|debian/.test(tag)) return 'dash';
  }
  return undefined;
}

/** The shell a program name runs in this image: `sh` is the image's /bin/sh, `bash` is bash. */
function shellNamed(name: string, binSh: ShellKind | undefined): ShellKind | undefined {
  const program = basename(name);
  if (program === 'sh') return binSh;
  if (program === 'bash') return 'bash';
  if (program === 'dash') return 'dash';
  if (program === 'ash' || program === 'busybox') return 'busybox';
  return undefined;
}

/** The /bin/sh of the image an instruction's stage is built on (`undefined`: unknown). */
export function binShOf(instruction: InstructionModel): ShellKind | undefined {
  const root = stageLineage(instruction.stage)[0];
  return root?.image ? imageBinSh(root.image) : undefined;
}

/**
 * The shell that runs a shell-form instruction: the last `SHELL ["/bin/bash", "-c"]` before it
 * in its stage or a stage it is built FROM, else the image's /bin/sh.
 */
export function shellFormShell(instruction: InstructionModel): ShellKind | undefined {
  const binSh = binShOf(instruction);
  let shell: ShellKind | undefined = binSh;
  for (const stage of stageLineage(instruction.stage)) {
    for (const earlier of stage.instructions) {
      if (earlier.range.start >= instruction.range.start && stage === instruction.stage) break;
      if (earlier.keyword !== 'SHELL') continue;
      shell = undefined;
      try {
        const argv: unknown = JSON.parse(earlier.body.text);
        if (Array.isArray(argv) && typeof argv[0] === 'string') shell = shellNamed(argv[0], binSh);
      } catch {
        // Not a JSON array: BuildKit refuses it, and we cannot tell which shell runs.
      }
    }
  }
  return shell;
}

/** The shell an exec-form wrapper word names (`sh`, `/bin/bash`) in this instruction's image. */
export function wrapperShell(instruction: InstructionModel, program: string): ShellKind | undefined {
  return shellNamed(program, binShOf(instruction));
}

/**
 * Whether `shell -c script` replaces itself with `command`, so that command becomes the shell's
 * process (PID 1 for a CMD). Only for a shell known to do so, only for the last top-level
 * command, and only in scripts whose shape was checked (lists with `;`, `&&`, `||`; no pipe,
 * background job, subshell, compound command or heredoc).
 */
export function handsOverTo(shell: ShellKind | undefined, script: ShellScript, command: SimpleCommand): boolean {
  if (shell !== 'bash' && shell !== 'busybox') return false;
  const last = script.commands[script.commands.length - 1];
  if (last !== command || !command.isLast || command.argv.length === 0) return false;
  for (const feature of ['pipe', 'background', 'subshell', 'compound', 'heredoc', 'keyword'] as const) if (script.features.has(feature)) return false;
  if (command.redirects.length > 0) return false;
  return !script.commands.some((found) => found.argv[0]?.value === 'trap');
}
