/**
 * Installs by export: a project tool writes its locked dependencies as a requirements file and
 * pip installs that (`uv export --no-hashes | pip install -r /dev/stdin`, `uv export -o req.txt
 * && pip install -r req.txt`, `poetry export -f requirements.txt > req.txt`, also into
 * `pip wheel`). What ends up in the image is what the export wrote, so the export's options
 * decide which groups are installed and whether the lock file is followed.
 */
import { resolvePath } from './build.js';
import { INSTALL_GRAMMARS, parseInstallOptions, type InstallOptions } from './install-options.js';
import { basename, type Invocation } from './invocation.js';
import { packageInstall } from './python-tools.js';
import type { ShellWord } from './shell.js';
import { stageLineage } from './stages.js';
import type { DockerfileModel, InstructionModel } from './types.js';
import { substitute } from './variables.js';

export interface PackageExport {
  tool: 'uv export' | 'poetry export' | 'pdm export';
  invocation: Invocation;
  instruction: InstructionModel;
  /** `export`. */
  subcommandWord: ShellWord;
  options: InstallOptions;
  /** The command as written, for messages: `uv export --no-hashes`. */
  text: string;
}

/** An export whose requirements an install (or `pip wheel`) reads. */
export interface ExportedInstall {
  export: PackageExport;
  /** The RUN and invocation that read what the export wrote. */
  instruction: InstructionModel;
  invocation: Invocation;
  /** `pipe`: through a pipeline into `-r /dev/stdin`; `file`: through a file the export wrote. */
  via: 'pipe' | 'file';
}

const STDIN = new Set(['/dev/stdin', '/proc/self/fd/0', '/dev/fd/0']);
const PIP = /^pip(?:\d+(?:\.\d+)*)?$/;

function describe(invocation: Invocation): string {
  const words = [invocation.programWord, ...invocation.args];
  const shown = words
    .slice(0, 7)
    .map((word) => word.value)
    .join(' ');
  return words.length > 7 ? `${shown} …` : shown;
}

/** The export an invocation performs, if it is one. */
export function packageExport(invocation: Invocation, instruction: InstructionModel): PackageExport | undefined {
  const program = basename(invocation.program);
  const tool = program === 'uv' ? 'uv export' : program === 'poetry' ? 'poetry export' : program === 'pdm' ? 'pdm export' : undefined;
  if (!tool) return undefined;
  const grammar = program === 'uv' ? INSTALL_GRAMMARS.uv : program === 'poetry' ? INSTALL_GRAMMARS.poetry : INSTALL_GRAMMARS.pdm;
  // The subcommand: the first word that is neither an option nor an option's value.
  const options = parseInstallOptions(invocation.args, grammar);
  const optionWords = new Set(options.options.flatMap((option) => [option.word, ...(option.value ? [option.value] : [])]));
  const subcommandWord = invocation.args.find((word) => !optionWords.has(word) && !word.value.startsWith('-'));
  if (subcommandWord?.value !== 'export') return undefined;
  return { tool, invocation, instruction, subcommandWord, options, text: describe(invocation) };
}

/** The requirements files an install or `pip wheel` reads (`-r x`, `--requirement=x`, `-rx`), as written. */
function requirementFiles(invocation: Invocation): string[] | undefined {
  const program = basename(invocation.program);
  const install = packageInstall(invocation);
  if (install && (install.tool === 'pip' || install.tool === 'uv pip')) {
    return parseInstallOptions(install.args, INSTALL_GRAMMARS[install.tool]).options.flatMap((option) =>
      option.name === '--requirement' && option.value ? [option.value.value] : [],
    );
  }
  if (PIP.test(program) && invocation.args[0]?.value === 'wheel') {
    return parseInstallOptions(invocation.args.slice(1), INSTALL_GRAMMARS.pip).options.flatMap((option) =>
      option.name === '--requirement' && option.value ? [option.value.value] : [],
    );
  }
  return undefined;
}

/** The image path the export writes to: `-o`/`--output-file`/`--output`, else its stdout redirected to a file. */
function outputPath(found: PackageExport): string | undefined {
  const option = found.options.find('--output-file', '-o', '--output');
  const redirect = found.invocation.command.redirects.find(
    (candidate) => (candidate.operator === '>' || candidate.operator === '>|') && candidate.target !== undefined,
  );
  const written = option?.value?.value ?? redirect?.target?.value;
  if (written === undefined) return undefined;
  const value = substitute(written, found.instruction.buildScope);
  return value === undefined ? undefined : resolvePath(found.instruction.workdir ?? '/', value);
}

const cache = new WeakMap<DockerfileModel, ExportedInstall[]>();

/**
 * Every install of the Dockerfile that reads an export: the next command of a pipeline reading
 * `-r /dev/stdin`, or a later command of the RUN (or a later RUN of the stage or a stage built
 * on it) reading the file the export wrote.
 */
/** The nearest invocation before `index` of another simple command (the one that may pipe into it). */
function previousCommand(invocations: readonly Invocation[], index: number): Invocation | undefined {
  // A backward scan, not a reversed copy: a RUN of 130,000 commands made the copy quadratic.
  for (let at = index - 1; at >= 0; at--) if (invocations[at].command !== invocations[index].command) return invocations[at];
  return undefined;
}

export function exportedInstalls(model: DockerfileModel): ExportedInstall[] {
  let found = cache.get(model);
  if (found) return found;
  found = [];
  const written: { path: string; export: PackageExport }[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'RUN' || !instruction.command) continue;
    const invocations = instruction.command.invocations;
    invocations.forEach((invocation, index) => {
      const files = requirementFiles(invocation);
      if (files && files.length > 0) {
        const previous = previousCommand(invocations, index);
        const piped = previous?.command.pipesInto ? packageExport(previous, instruction) : undefined;
        for (const file of files) {
          if (piped && STDIN.has(file)) {
            (found as ExportedInstall[]).push({ export: piped, instruction, invocation, via: 'pipe' });
            continue;
          }
          const value = substitute(file, instruction.buildScope);
          const imagePath = value === undefined ? undefined : resolvePath(instruction.workdir ?? '/', value);
          const lineage = stageLineage(instruction.stage);
          const reaches = (candidate: PackageExport) =>
            candidate.instruction === instruction || (candidate.instruction.stage !== undefined && lineage.includes(candidate.instruction.stage));
          const source = [...written].reverse().find((candidate) => candidate.path === imagePath && reaches(candidate.export));
          if (source) (found as ExportedInstall[]).push({ export: source.export, instruction, invocation, via: 'file' });
        }
      }
      const made = packageExport(invocation, instruction);
      const path = made ? outputPath(made) : undefined;
      if (made && path !== undefined) written.push({ path, export: made });
    });
  }
  cache.set(model, found);
  return found;
}
