/**
 * Which Poetry a Dockerfile installs, and so which options its `poetry install` takes. Poetry 1.2
 * brought dependency groups (`--only main`, `--without dev`) and deprecated `--no-dev`; Poetry 2.0
 * removed `--no-dev` ("The option "--no-dev" does not exist") and needs Python 3.9. An unpinned
 * `pip install poetry` gets the newest release the image's Python can run.
 */
import { basename, type Invocation } from './invocation.js';
import { commandVariable, namedRequirements, packageInstall, requirementName } from './python-tools.js';
import { pythonVersionOfImage } from './python-releases.js';
import { isOfficialPythonImage } from './image.js';
import type { ShellWord } from './shell.js';
import type { OffsetRange } from './source.js';
import { stageLineage } from './stages.js';
import type { InstructionModel, Stage } from './types.js';
import { substitute } from './variables.js';

/** Each minor line's newest release and the oldest Python it runs on: what an unpinned install picks from. */
const POETRY_RELEASES: readonly { version: string; python: string }[] = [
  { version: '1.1.15', python: '2.7' },
  { version: '1.2.2', python: '3.7' },
  { version: '1.3.2', python: '3.7' },
  { version: '1.4.2', python: '3.7' },
  { version: '1.5.1', python: '3.7' },
  { version: '1.6.1', python: '3.8' },
  { version: '1.7.1', python: '3.8' },
  { version: '1.8.5', python: '3.8' },
  { version: '2.0.1', python: '3.9' },
  { version: '2.1.4', python: '3.9' },
  { version: '2.2.1', python: '3.9' },
];

export interface PoetryInstallation {
  /** The RUN that installs it. */
  instruction: InstructionModel;
  /** How it is installed, as written: `pip install poetry`, `poetry==1.1.13`, `POETRY_VERSION=1.8.3`. */
  text: string;
  range: OffsetRange;
  /**
   * The version it installs: the pinned one, else the newest release the constraint and the
   * image's Python allow; `undefined` when that cannot be said (an unknown Python, a variable).
   */
  version: string | undefined;
  /** One version is named (`==1.8.3`, `POETRY_VERSION=1.8.3`). */
  pinned: boolean;
}

/** `1.8.3` < `1.10`: numeric parts compared in order, missing parts as 0. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether a version satisfies one PEP 440 clause (`>=1.2`, `<2`, `==1.8.*`, `~=1.5`, `!=2.0.0`). */
function satisfies(version: string, clause: string): boolean | undefined {
  const match = /^(===|==|!=|~=|<=|>=|<|>)\s*([0-9][0-9.]*)(\.\*)?$/.exec(clause.trim());
  if (!match) return undefined;
  const [, operator, bound, wildcard] = match;
  const cmp = compareVersions(version, bound);
  if (wildcard) {
    const prefix = bound.split('.');
    const same = version.split('.').slice(0, prefix.length).join('.') === prefix.join('.');
    return operator === '==' ? same : operator === '!=' ? !same : undefined;
  }
  switch (operator) {
    case '==':
    case '===':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    default: {
      // `~=1.5` is `>=1.5, ==1.*`; `~=1.5.2` is `>=1.5.2, ==1.5.*`.
      const parts = bound.split('.');
      const prefix = parts.slice(0, Math.max(1, parts.length - 1)).join('.');
      return cmp >= 0 && (version === prefix || version.startsWith(`${prefix}.`));
    }
  }
}

/** The Python the stage runs, when its base image says so; an official image without a version is the newest. */
function stagePython(stage: Stage | undefined): string | undefined {
  const root = stageLineage(stage)[0];
  const image = root?.image;
  if (!image) return undefined;
  const version = pythonVersionOfImage(image);
  if (version) return version;
  // `python`, `python:latest`, `python:slim`, `python:alpine`: today's Python.
  return isOfficialPythonImage(image) && (!image.tag || !/^\d/.test(image.tag)) ? '3.99' : undefined;
}

/** What a specifier (`==1.8.3`, `<1.2`, `>=1.5,<2`, or nothing) installs on a Python. */
function resolve(specifier: string, python: string | undefined): { version: string | undefined; pinned: boolean } {
  const clauses = specifier
    .split(',')
    .map((clause) => clause.trim())
    .filter(Boolean);
  const exact = clauses.length === 1 ? /^(?:===?)\s*([0-9][0-9.]*)$/.exec(clauses[0]) : null;
  if (exact) return { version: exact[1], pinned: true };
  if (python === undefined) return { version: undefined, pinned: false };
  let chosen: string | undefined;
  for (const release of POETRY_RELEASES) {
    if (compareVersions(python, release.python) < 0) continue;
    const verdicts = clauses.map((clause) => satisfies(release.version, clause));
    if (verdicts.includes(undefined)) return { version: undefined, pinned: false };
    if (verdicts.every(Boolean)) chosen = release.version;
  }
  return { version: chosen, pinned: false };
}

/** The range of a word, for findings that name the installation. */
function rangeOf(word: ShellWord): OffsetRange {
  return { start: word.start, end: word.end };
}

/** The Poetry one invocation installs, if it does. */
function readInstallation(instruction: InstructionModel, invocation: Invocation, all: Invocation[]): Omit<PoetryInstallation, 'instruction'> | undefined {
  const python = stagePython(instruction.stage);
  const fromSpec = (word: ShellWord, written: string, shown: string) => {
    // `poetry==$POETRY_VERSION`: the ARG or ENV value, when the Dockerfile gives one.
    const requirement = written.includes('$') ? substitute(written, instruction.buildScope) : written;
    if (requirement === undefined || requirement.includes('$')) return { text: shown, range: rangeOf(word), version: undefined, pinned: false };
    const specifier = requirement.replace(/^[A-Za-z0-9._-]+\s*(?:\[[^\]]*\])?/, '').split(';')[0];
    return { text: shown, range: rangeOf(word), ...resolve(specifier, python) };
  };
  const install = packageInstall(invocation);
  const named = install ? namedRequirements(install) : undefined;
  const poetryWord = named?.find((word) => requirementName(word.value) === 'poetry');
  if (install && poetryWord) return fromSpec(poetryWord, poetryWord.value, poetryWord.value === 'poetry' ? install.text : poetryWord.value);
  // `pipx install poetry==1.8.3`, `uv tool install poetry`.
  const program = basename(invocation.program);
  const args = invocation.args;
  const toolInstall = (program === 'pipx' && args[0]?.value === 'install') || (program === 'uv' && args[0]?.value === 'tool' && args[1]?.value === 'install');
  if (toolInstall) {
    const word = args.slice(program === 'uv' ? 2 : 1).find((candidate) => !candidate.value.startsWith('-'));
    if (word && requirementName(word.value) === 'poetry') return fromSpec(word, word.value, word.value);
    return undefined;
  }
  // The official installer, `curl -sSL https://install.python-poetry.org | python3 -`: POETRY_VERSION
  // or `--version` picks the release, else the newest. The old get-poetry.py installs 1.1 at most.
  // `| python3 -` and `| python` both read the script from the pipe.
  if (!/^python(?:\d+(?:\.\d+)*)?$/.test(program) || (args.length > 0 && args[0].value !== '-')) return undefined;
  const script = all.find((candidate) => candidate.args.some((word) => /install\.python-poetry\.org|get-poetry\.py/.test(word.value)));
  if (!script) return undefined;
  const legacy = script.args.some((word) => word.value.includes('get-poetry.py'));
  const versionIndex = args.findIndex((word) => word.value === '--version');
  const versionWord = versionIndex === -1 ? undefined : args[versionIndex + 1];
  const pinnedVersion = versionWord?.value ?? commandVariable(instruction, invocation, 'POETRY_VERSION');
  const text = versionWord ? `--version ${versionWord.value}` : pinnedVersion !== undefined ? `POETRY_VERSION=${pinnedVersion}` : 'the Poetry installer';
  const range = { start: script.programWord.start, end: invocation.programWord.end };
  if (pinnedVersion !== undefined) {
    return /^[0-9][0-9.]*$/.test(pinnedVersion) ? { text, range, version: pinnedVersion, pinned: true } : { text, range, version: undefined, pinned: false };
  }
  return { text, range, ...resolve(legacy ? '<1.2' : '', python) };
}

/**
 * The Poetry in effect for a command: the last one installed before it, earlier in its RUN
 * (`pip install poetry && poetry install`), in its stage or in a stage it is built FROM;
 * `undefined` when the Dockerfile installs none (the base image may).
 */
export function poetryInstallation(instruction: InstructionModel, invocation?: Invocation): PoetryInstallation | undefined {
  let found: PoetryInstallation | undefined;
  for (const stage of stageLineage(instruction.stage)) {
    for (const candidate of stage.instructions) {
      if (candidate.keyword !== 'RUN' || candidate.range.start > instruction.range.start) continue;
      const invocations = candidate.command?.invocations ?? [];
      const end = candidate === instruction ? (invocation ? invocations.indexOf(invocation) : 0) : invocations.length;
      for (const earlier of invocations.slice(0, Math.max(0, end))) {
        const read = readInstallation(candidate, earlier, invocations);
        if (read) found = { instruction: candidate, ...read };
      }
    }
  }
  return found;
}

/** Poetry 1.2 and later read `--only`, `--with` and `--without`; before, `--no-dev` was the only way. */
export function poetryHasGroups(version: string): boolean {
  return compareVersions(version, '1.2') >= 0;
}

/** Poetry 2.0 removed `poetry install --no-dev`. */
export function poetryHasNoDev(version: string): boolean {
  return compareVersions(version, '2') < 0;
}

/** The version an installation gets, for messages: `Poetry 1.8.3`, `the newest Poetry (2.x)`, `Poetry 1.1.x`. */
export function describePoetryVersion(installation: PoetryInstallation): string | undefined {
  const version = installation.version;
  if (version === undefined) return undefined;
  if (installation.pinned) return `Poetry ${version}`;
  const [major, minor] = version.split('.');
  if (version === POETRY_RELEASES[POETRY_RELEASES.length - 1].version) return `the newest Poetry (${major}.x)`;
  return `Poetry ${major}.${minor}.x`;
}
