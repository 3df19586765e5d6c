import type { Instruction } from 'dockerfile-ast';
import type { CommandForm } from './exec-form.js';
import type { ImageReference } from './image.js';
import type { Invocation } from './invocation.js';
import type { ShellScript, ShellWord } from './shell.js';
import type { MappedText, OffsetRange, SourceText } from './source.js';
import type { VariableScope } from './variables.js';

export interface FlagModel {
  /** The flag's name without dashes: `mount`, `from`, `platform`. */
  name: string;
  value: string | undefined;
  range: OffsetRange;
  /** `key=value` options of flags such as `--mount=type=cache,target=/root/.cache/pip`. */
  options: ReadonlyMap<string, string>;
}

export interface MountModel {
  /** `bind` (Docker's default), `cache`, `secret`, `ssh` or `tmpfs`. */
  type: string;
  target: string | undefined;
  source: string | undefined;
  flag: FlagModel;
}

export interface CommandModel {
  form: CommandForm;
  /** The exec-form array's strings, with their source offsets (exec form only). */
  execWords: ShellWord[] | undefined;
  /** The shell script (shell form, json-like-invalid form, and a RUN heredoc's body). */
  script: ShellScript | undefined;
  /** Every program the instruction runs, looking through `sh -c`, `exec`, `env`, `python -m`. */
  invocations: Invocation[];
  /** RUN's `--mount` flags. */
  mounts: MountModel[];
  /**
   * For a JSON-like form that BuildKit runs through the shell (`CMD ['uvicorn', 'main:app']`,
   * a comma after the last string, a comment after the `]`): the command it was meant to be,
   * when forgiving that makes it an array of strings. FDL001 reports the form; rules about the
   * server read this command, so that fixing the quotes does not bring new findings.
   */
  intended: { words: ShellWord[]; invocations: Invocation[] } | undefined;
}

export interface CopySource {
  value: string;
  range: OffsetRange;
}

export interface CopyModel {
  sources: CopySource[];
  destination: CopySource | undefined;
  /** `--from=<stage|image>`: the sources are not from the build context. */
  from: string | undefined;
  /** `COPY <<EOF /dest`: the content is inline. */
  isHeredoc: boolean;
}

export interface InstructionModel {
  /** Upper-case keyword: `RUN`, `COPY`. */
  keyword: string;
  range: OffsetRange;
  keywordRange: OffsetRange;
  /** The arguments after any `--flags`, with line continuations joined. */
  body: MappedText;
  flags: FlagModel[];
  /** The stage it belongs to; `undefined` for ARGs before the first FROM. */
  stage: Stage | undefined;
  /** ENV and ARG values visible to this instruction at build time (before it applies). */
  buildScope: VariableScope;
  /** ENV values the container will have when it runs (ARGs do not reach the container). */
  runtimeEnv: VariableScope;
  /** The working directory in effect, `undefined` when it depends on an unknown value. */
  workdir: string | undefined;
  user: string | undefined;
  command: CommandModel | undefined;
  copy: CopyModel | undefined;
  /** The dockerfile-ast node, for the rare question the model does not answer. */
  ast: Instruction;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as BuildKit matches it. */
  name: string | undefined;
  from: InstructionModel;
  /** The image reference as written after FROM. */
  imageText: string;
  imageRange: OffsetRange | undefined;
  /** The resolved image, `undefined` when an ARG has no known value or the FROM names a stage. */
  image: ImageReference | undefined;
  /** The earlier stage this one builds on (`FROM builder`). */
  baseStage: Stage | undefined;
  instructions: InstructionModel[];
  isFinal: boolean;
  /** The state the stage ends with: what the container gets, and what a child stage inherits. */
  end: { runtimeEnv: VariableScope; workdir: string | undefined; user: string | undefined };
}

export interface PragmaRule {
  /** The rule as written: a code or a name. */
  text: string;
  range: OffsetRange;
}

/**
 * What could not be read in an ignore comment (FDL090 reports it; it silences nothing):
 * - `entry`: an entry that is not one rule code or name (`FDL004 FDL002`, `FDL004 because ...`);
 * - `empty`: an empty entry (`FDL004,,FDL002`, a trailing comma);
 * - `noRules`: `ignore=` names no rule;
 * - `syntax`: a comment that starts `# fastapi-docker-lint` and says `ignore`, but not as `ignore=<rules>`.
 */
export interface PragmaProblem {
  kind: 'entry' | 'empty' | 'noRules' | 'syntax';
  /** The text as written (the entry, or the whole comment for `syntax`). */
  text: string;
  range: OffsetRange;
}

export interface Pragma {
  scope: 'next' | 'global';
  rules: PragmaRule[];
  range: OffsetRange;
  /** For `next` pragmas: the instruction they apply to. */
  target: InstructionModel | undefined;
  /** What could not be read; empty for a well-formed comment. */
  unreadable: PragmaProblem[];
}

/**
 * Something BuildKit would refuse to build. `kind` is the message id of FDL000 (parse-error)
 * that reports it, and `data` fills that message's template with the file's own words.
 */
export interface ParseProblem {
  kind:
    | 'notDockerfile'
    | 'noInstructions'
    | 'badEscape'
    | 'unknownInstruction'
    | 'misspeltInstruction'
    | 'beforeFrom'
    | 'noFrom'
    | 'fromNoImage'
    | 'fromArguments'
    | 'noArguments'
    | 'noDestination'
    | 'unclosedHeredoc'
    | 'tooManyInstructions';
  data: Record<string, string>;
  range: OffsetRange;
}

export interface DockerfileModel {
  source: SourceText;
  /** What makes the file unbuildable: an unknown instruction, a FROM with no image, ... */
  problems: ParseProblem[];
  /**
   * `false` when the file is evidently not a Dockerfile (Python source, a requirements file, a
   * shell script): then `problems` holds one `notDockerfile` problem and the engine runs no rule
   * but FDL000, so nothing is reported about a "base image" read from `from fastapi import ...`.
   * Also `false` for a file of more instructions than any Dockerfile has (MAX_INSTRUCTIONS): one
   * `tooManyInstructions` problem, and no instructions modelled.
   */
  isDockerfile: boolean;
  escapeChar: string;
  instructions: InstructionModel[];
  stages: Stage[];
  finalStage: Stage | undefined;
  /** ARGs declared before the first FROM, with their defaults. */
  globalScope: VariableScope;
  pragmas: Pragma[];
  /**
   * hadolint's ignore comments (`# hadolint ignore=DL3025`), its codes as rules: they silence the
   * findings of ours that answer to a hadolint rule (src/core/other-linters.ts), and are otherwise
   * hadolint's business (FDL090 does not read them).
   */
  hadolintPragmas: Pragma[];
}
