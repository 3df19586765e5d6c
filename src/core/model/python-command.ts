/**
 * What the container's command hands to Python: a script (`python main.py`, `./main.py`,
 * `uv run app/main.py`), a module (`python -m pkg`, `uv run -m pkg.cli`), or a program that may
 * be one of the project's console scripts (`svc`, `/venv/bin/svc`). Read from the final stage's
 * effective ENTRYPOINT and CMD, through the wrappers of `invocation.ts`. Which file that is, and
 * what it does, the build context says (`context/entry-point.ts`).
 */
import { basename, isShellProgram, type Invocation } from './invocation.js';
import { commandCandidates, commandDirectory, instructionOf, startsServer } from './server.js';
import type { ShellWord } from './shell.js';
import type { DockerfileModel, InstructionModel } from './types.js';
import type { VariableScope } from './variables.js';

export type PythonTarget =
  /** A script path as written (relative to `workdir` unless absolute). */
  | { kind: 'file'; path: string }
  /** A dotted module name (`pkg`, `pkg.cli`). */
  | { kind: 'module'; module: string }
  /** A program name that a `[project.scripts]` entry may provide. */
  | { kind: 'program'; name: string };

export interface PythonCommand {
  target: PythonTarget;
  /** The word naming the file, module or program. */
  word: ShellWord;
  invocation: Invocation;
  instruction: InstructionModel;
  /** The container's environment (for PYTHONPATH). */
  env: VariableScope;
  /** The directory the command starts in: the final stage's last WORKDIR, or where a `cd` before it went. */
  workdir: string | undefined;
}

const PYTHON = /^python(?:\d+(?:\.\d+)*)?$/;
/** python's options that take the next word. */
const PYTHON_VALUE_OPTIONS = new Set(['-W', '-X', '--check-hash-based-pycs']);
/** Programs that are never a project's console script. */
const SYSTEM_PROGRAMS = new Set(['env', 'exec', 'sleep', 'true', 'false', 'cat', 'echo', 'tail', 'nginx', 'supervisord', 'node', 'npm', 'java', 'make']);
const MODULE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
const PROGRAM = /^[A-Za-z0-9][\w.-]*$/;

/**
 * The Python code the container's command may run: from the first of ENTRYPOINT + CMD,
 * ENTRYPOINT, CMD (as `serverCommand` reads them) that runs a script, a module or a program that
 * may be a console script. Server CLIs (`uvicorn`, `fastapi run`, `python -m uvicorn`) are not
 * listed: `serverCommand` reads them.
 */
export function pythonCommands(model: DockerfileModel): PythonCommand[] {
  const stage = model.finalStage;
  if (!stage) return [];
  for (const candidate of commandCandidates(stage)) {
    const found: PythonCommand[] = [];
    for (const invocation of candidate.invocations) {
      if (startsServer(invocation)) continue;
      const read = pythonTarget(invocation);
      if (!read) continue;
      const instruction = instructionOf(candidate, invocation);
      found.push({
        ...read,
        invocation,
        instruction,
        env: stage.end.runtimeEnv,
        workdir: commandDirectory(invocation, instruction.command?.script, stage.end.workdir),
      });
    }
    if (found.length > 0) return found;
  }
  return [];
}

function pythonTarget(invocation: Invocation): { target: PythonTarget; word: ShellWord } | undefined {
  const program = basename(invocation.program);
  const viaModule = invocation.wrappers[invocation.wrappers.length - 1]?.kind === 'python-module';
  if (viaModule) {
    return MODULE.test(invocation.program) ? { target: { kind: 'module', module: invocation.program }, word: invocation.programWord } : undefined;
  }
  if (PYTHON.test(program)) {
    for (let index = 0; index < invocation.args.length; index++) {
      const value = invocation.args[index].value;
      if (PYTHON_VALUE_OPTIONS.has(value)) {
        index++;
        continue;
      }
      // `-c CODE` runs no file, `-` reads standard input.
      if (value === '-' || /^-[A-Za-z]*c/.test(value)) return undefined;
      if (value.startsWith('-')) continue;
      return value.includes('$') ? undefined : { target: { kind: 'file', path: value }, word: invocation.args[index] };
    }
    return undefined;
  }
  const written = invocation.programWord.value;
  if (written.includes('$')) return undefined;
  if (/\.py$/.test(written)) return { target: { kind: 'file', path: written }, word: invocation.programWord };
  if (isShellProgram(program) || SYSTEM_PROGRAMS.has(program) || !PROGRAM.test(program) || /\.(?:sh|bash)$/.test(program)) return undefined;
  return { target: { kind: 'program', name: program }, word: invocation.programWord };
}
