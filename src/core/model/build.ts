/**
 * Builds the model every rule reads: the only code that touches dockerfile-ast.
 */
import { DockerfileParser, type Instruction, type Flag } from 'dockerfile-ast';
import { joinContinuations } from './continuation.js';
import { parseExecForm, readJsonLike } from './exec-form.js';
import { parseImageReference } from './image.js';
import { argvInvocations, isShellProgram, basename, scriptInvocations, type Invocation } from './invocation.js';
import { parseShell, type ShellWord, type SimpleCommand } from './shell.js';
import { SourceText, type MappedText, type OffsetRange } from './source.js';
import type {
  ParseProblem,
  PragmaProblem,
  PragmaRule,
  CommandModel,
  CopyModel,
  CopySource,
  DockerfileModel,
  FlagModel,
  InstructionModel,
  MountModel,
  Pragma,
  Stage,
} from './types.js';
import { evaluateWord, PersistentScope, substitute } from './variables.js';
import { nearest } from '../suggest.js';

/** A comment addressed to this linter: `# fastapi-docker-lint ...` (any case). */
const PRAGMA_MARKER = /^#\s*fastapi-docker-lint(?=[\s:=]|$)/i;
/** The readable form after the marker: ` ignore=` or ` global ignore=`. */
const PRAGMA_IGNORE = /^\s+(global\s+)?ignore\s*=\s*/i;
/** After the marker, what is evidently meant as a directive (and is reported when unreadable). */
const PRAGMA_ATTEMPT = /^[\s:]*(?:global\b|ignore|disable|noqa|[\w-]+\s*=)/i;
/** The start of the reason: two or more dashes after a space (` -- the base sets it`). */
const PRAGMA_REASON = /(?:^|\s)-{2,}(?:\s|$)/;
/** One rule code or name. */
const PRAGMA_ENTRY = /^[A-Za-z0-9_-]+$/;
/**
 * hadolint's own ignore comment, as hadolint reads it (src/Hadolint/Pragma.hs): `hadolint`,
 * optionally `global`, `ignore=`, then codes of the letters D, L, S, C and digits separated by
 * commas, each optionally followed by a `# note`.
 */
const HADOLINT_PRAGMA = /^#[ \t]*hadolint[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([DLSC0-9]+(?:[ \t]*,[ \t]*[DLSC0-9]+)*)[ \t]*(?:#.*)?$/;
const COMMAND_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
const PATH_MAX = 4096;

/**
 * The most instructions a file may have to be modelled. A real Dockerfile has tens; 5 MiB of
 * one-word instructions has 700,000, which dockerfile-ast parses into some ten objects each
 * (seconds of work and a gigabyte of memory). Above it the file gets one FDL000 and no model.
 */
export const MAX_INSTRUCTIONS = 100_000;

export function buildModel(raw: string): DockerfileModel {
  const source = new SourceText(raw);
  if (source.lineCount > MAX_INSTRUCTIONS) {
    const counted = countInstructions(source.text);
    if (counted > MAX_INSTRUCTIONS) return refusedModel(source);
  }
  const dockerfile = DockerfileParser.parse(source.text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const rangeOf = (range: { start: { line: number; character: number }; end: { line: number; character: number } }): OffsetRange => ({
    start: source.offsetAt(range.start),
    end: source.offsetAt(range.end),
  });

  const instructions: InstructionModel[] = [];
  const stages: Stage[] = [];
  /** The first stage of each name, as `FROM <name>` finds it. */
  const stagesByName = new Map<string, Stage>();
  const globalScope = new Map<string, string | undefined>();
  let stage: Stage | undefined;
  let buildScope = PersistentScope.EMPTY;
  let runtimeEnv = PersistentScope.EMPTY;
  let workdir: string | undefined = '/';
  let user: string | undefined;

  for (const ast of dockerfile.getInstructions()) {
    const keyword = ast.getKeyword().toUpperCase();
    const range = rangeOf(ast.getRange());
    const flags = readFlags(ast, rangeOf);
    const argumentsRange = ast.getArgumentsRange();
    let bodyStart = argumentsRange ? rangeOf(argumentsRange).start : range.end;
    for (const flag of flags) bodyStart = Math.max(bodyStart, flag.range.end);
    const joined = joinContinuations(source.text, Math.min(bodyStart, range.end), range.end, escapeChar);
    const body = trimMapped(joined.line);

    const instruction: InstructionModel = {
      keyword,
      range,
      keywordRange: rangeOf(ast.getInstructionRange()),
      body,
      flags,
      stage,
      // Scopes are persistent: ENV and ARG make a new one that shares all but a few small
      // arrays with the old, so 10,000 ENV lines do not make 10,000 copies of every variable.
      buildScope,
      runtimeEnv,
      workdir,
      user,
      command: undefined,
      copy: undefined,
      ast,
    };

    if (keyword === 'FROM') {
      const words = body.text.split(/\s+/).filter(Boolean);
      const imageText = words[0] ?? '';
      const resolvedText = substitute(imageText, globalScope, escapeChar);
      const baseStage = resolvedText === undefined ? undefined : stagesByName.get(resolvedText.toLowerCase());
      const asIndex = words.findIndex((word) => word.toLowerCase() === 'as');
      // `FROM a import b` (Python read as a Dockerfile) names no image BuildKit would use.
      const wellFormed = isWellFormedFrom(words);
      const imageStart = body.text.search(/\S/);
      stage = {
        index: stages.length,
        name: asIndex !== -1 && words[asIndex + 1] ? words[asIndex + 1].toLowerCase() : undefined,
        from: instruction,
        imageText,
        imageRange: imageStart === -1 ? undefined : { start: body.offsets[imageStart], end: body.offsets[imageStart + imageText.length] },
        image: !wellFormed || resolvedText === undefined || baseStage ? undefined : parseImageReference(resolvedText),
        baseStage,
        instructions: [],
        isFinal: false,
        end: { runtimeEnv: PersistentScope.EMPTY, workdir: '/', user: undefined },
      };
      stages.push(stage);
      if (stage.name !== undefined && !stagesByName.has(stage.name)) stagesByName.set(stage.name, stage);
      instruction.stage = stage;
      // ENV, WORKDIR and USER carry over from a parent stage; ARGs never cross a FROM.
      runtimeEnv = baseStage ? (baseStage.end.runtimeEnv as PersistentScope) : PersistentScope.EMPTY;
      buildScope = runtimeEnv;
      workdir = baseStage ? baseStage.end.workdir : '/';
      user = baseStage?.end.user;
      instruction.buildScope = buildScope;
      instruction.runtimeEnv = runtimeEnv;
      instruction.workdir = workdir;
      instruction.user = user;
    } else if (keyword === 'ARG') {
      let nextScope = buildScope;
      for (const property of propertiesOf(ast)) {
        const name = property.getName();
        const hasValue = property.getValue() !== null;
        if (!stage) {
          const value = !hasValue ? undefined : evaluateWord(property.getUnescapedValue() ?? '', globalScope, escapeChar);
          globalScope.set(name, value);
          continue;
        }
        const value = !hasValue ? globalScope.get(name) : evaluateWord(property.getUnescapedValue() ?? '', nextScope, escapeChar);
        // An ENV of the same name wins over the ARG for RUN.
        if (!runtimeEnv.has(name)) nextScope = nextScope.with(name, value);
      }
      if (stage) buildScope = nextScope;
    } else if (keyword === 'ENV') {
      let nextScope = buildScope;
      let nextEnv = runtimeEnv;
      for (const property of propertiesOf(ast)) {
        // dockerfile-ast's getUnescapedValue() is the text as written (quotes included).
        const value = evaluateWord(property.getUnescapedValue() ?? '', buildScope, escapeChar);
        nextScope = nextScope.with(property.getName(), value);
        nextEnv = nextEnv.with(property.getName(), value);
      }
      buildScope = nextScope;
      runtimeEnv = nextEnv;
    } else if (keyword === 'WORKDIR') {
      const path = substitute(body.text.trim(), buildScope, escapeChar);
      workdir = path === undefined || workdir === undefined ? undefined : resolvePath(workdir, path);
      // Longer than Linux's PATH_MAX the build fails; capping it keeps 100,000 `WORKDIR d` lines
      // from making paths of 200,000 characters, one per instruction.
      if (workdir !== undefined && workdir.length > PATH_MAX) workdir = undefined;
    } else if (keyword === 'USER') {
      user = substitute(body.text.trim(), buildScope, escapeChar);
    } else if (COMMAND_KEYWORDS.has(keyword)) {
      instruction.command = readCommand(keyword, joined.line, source.text.slice(joined.next, range.end), joined.next, flags);
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      instruction.copy = readCopy(body, flags);
    }

    instructions.push(instruction);
    if (stage) {
      stage.instructions.push(instruction);
      stage.end.runtimeEnv = runtimeEnv;
      stage.end.workdir = workdir;
      stage.end.user = user;
    }
  }

  if (stages.length > 0) stages[stages.length - 1].isFinal = true;
  const notDockerfile = judgeNotDockerfile(source, instructions);
  return {
    source,
    problems: notDockerfile ? [notDockerfile] : findProblems(dockerfile, source, instructions, rangeOf),
    isDockerfile: notDockerfile === undefined,
    escapeChar,
    instructions,
    stages,
    finalStage: stages[stages.length - 1],
    globalScope,
    // dockerfile-ast takes a first-line `# fastapi-docker-lint ignore=...` for a parser directive;
    // BuildKit does not (directive names have no spaces or dashes), so both are read as comments.
    ...readPragmas(
      [...dockerfile.getDirectives(), ...dockerfile.getComments()].map((line) => rangeOf(line.getRange())),
      source,
      instructions,
    ),
  };
}

/**
 * The instructions of a Dockerfile, counted without parsing it: lines that are neither blank nor
 * comments nor the continuation of the line before (a line ending in the escape character), nor
 * the body of a heredoc (`RUN <<EOF` to `EOF`). Asked only of a file with more lines than
 * MAX_INSTRUCTIONS, so one long RUN heredoc is still modelled.
 */
export function countInstructions(text: string): number {
  let escapeCode = 92; /* \ */
  // Parser directives (`# escape=``) come first, one to a line.
  for (const line of text.slice(0, 4096).split(/\r\n|\n|\r/)) {
    const directive = /^\s*#\s*(\w+)\s*=\s*(\S*)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1].toLowerCase() === 'escape' && directive[2] === '`') escapeCode = 96; /* ` */
  }
  let count = 0;
  let continued = false;
  /** Whether the instruction being read may open heredocs (RUN, COPY, ADD). */
  let takesHeredocs = false;
  /** The heredocs opened by the instruction, whose bodies follow it: delimiter and `<<-`. */
  const heredocs: { delimiter: string; stripTabs: boolean }[] = [];
  let inBodies = false;
  let index = 0;
  while (index < text.length) {
    let end = index;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const next = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    if (inBodies) {
      const line = text.slice(index, end);
      if ((heredocs[0].stripTabs ? line.replace(/^\t+/, '') : line) === heredocs[0].delimiter) heredocs.shift();
      inBodies = heredocs.length > 0;
      index = next;
      continue;
    }
    let first = index;
    while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    let last = end - 1;
    while (last >= first && (text.charCodeAt(last) === 32 || text.charCodeAt(last) === 9)) last--;
    const blank = first === end;
    const comment = !blank && text.charCodeAt(first) === 35; /* # */
    if (!blank && !comment) {
      if (!continued) {
        count++;
        takesHeredocs = /^(?:run|copy|add)\b/i.test(text.slice(first, first + 5));
      }
      if (takesHeredocs) {
        // The line alone: indexOf over the rest of the text, line after line, was quadratic.
        const line = text.slice(first, end);
        if (line.includes('<<'))
          for (const match of line.matchAll(/<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/g)) heredocs.push({ delimiter: match[3], stripTabs: match[1] === '-' });
      }
      // A comment or a blank line inside a continued instruction does not end it, as in BuildKit.
      continued = text.charCodeAt(last) === escapeCode;
      inBodies = !continued && heredocs.length > 0;
    }
    index = next;
  }
  return count;
}

/** The model of a file with more than MAX_INSTRUCTIONS instructions: one problem and nothing else. */
function refusedModel(source: SourceText): DockerfileModel {
  return {
    source,
    problems: [{ kind: 'tooManyInstructions', data: { limit: MAX_INSTRUCTIONS.toLocaleString('en-US') }, range: { start: 0, end: source.lineEnd(0) } }],
    isDockerfile: false,
    escapeChar: '\\',
    instructions: [],
    stages: [],
    finalStage: undefined,
    globalScope: new Map(),
    pragmas: [],
    hadolintPragmas: [],
  };
}

function propertiesOf(ast: Instruction) {
  const withProperties = ast as Instruction & { getProperties?: () => import('dockerfile-ast').Property[] };
  return withProperties.getProperties ? withProperties.getProperties() : [];
}

function readFlags(ast: Instruction, rangeOf: (range: Flag['getRange'] extends () => infer R ? R : never) => OffsetRange): FlagModel[] {
  const withFlags = ast as Instruction & { getFlags?: () => Flag[] };
  if (!withFlags.getFlags) return [];
  return withFlags.getFlags().map((flag) => {
    const options = new Map<string, string>();
    for (const option of flag.getOptions()) options.set(option.getName().toLowerCase(), option.getValue() ?? '');
    return { name: flag.getName().toLowerCase(), value: flag.getValue() ?? undefined, range: rangeOf(flag.getRange()), options };
  });
}

function trimMapped(text: MappedText): MappedText {
  const start = text.text.search(/\S/);
  if (start === -1) return { text: '', offsets: [text.offsets[text.offsets.length - 1]] };
  const end = text.text.trimEnd().length;
  return { text: text.text.slice(start, end), offsets: text.offsets.slice(start, end + 1) };
}

export function resolvePath(base: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${base.replace(/\/+$/, '')}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function readMounts(flags: FlagModel[]): MountModel[] {
  return flags
    .filter((flag) => flag.name === 'mount')
    .map((flag) => ({
      type: flag.options.get('type') ?? 'bind',
      target: flag.options.get('target') ?? flag.options.get('dst') ?? flag.options.get('destination'),
      source: flag.options.get('source') ?? flag.options.get('src'),
      flag,
    }));
}

/**
 * RUN, CMD and ENTRYPOINT: the form, the script and the programs run. `firstLine` is the
 * instruction's joined first line; `rest` (from `restOffset`) holds heredoc bodies, if any.
 */
function readCommand(keyword: string, firstLine: MappedText, rest: string, restOffset: number, flags: FlagModel[]): CommandModel {
  const mounts = keyword === 'RUN' ? readMounts(flags) : [];
  const bodyStart = firstLine.text.search(/\S/);
  const argsText: MappedText = bodyStart <= 0 ? firstLine : { text: firstLine.text.slice(bodyStart), offsets: firstLine.offsets.slice(bodyStart) };
  const exec = parseExecForm(argsText);
  if (exec.form === 'exec') {
    const command: SimpleCommand = { assignments: [], argv: exec.words, redirects: [], heredocs: [], isLast: true };
    return { form: 'exec', execWords: exec.words, script: undefined, invocations: argvInvocations(command), mounts, intended: undefined };
  }
  const meant = exec.form === 'json-like-invalid' ? readJsonLike(argsText).intended : undefined;
  const intended = meant && { words: meant, invocations: argvInvocations({ assignments: [], argv: meant, redirects: [], heredocs: [], isLast: true }) };
  // Heredoc bodies follow the first line: give the shell reader the whole text so it finds them.
  let scriptText = argsText;
  if (rest.length > 0) {
    // The first line's end offset stands for the `\n` joined in its place.
    const offsets = argsText.offsets.slice();
    for (let k = 0; k <= rest.length; k++) offsets.push(restOffset + k);
    scriptText = { text: `${argsText.text}\n${rest}`, offsets };
  }
  const script = parseShell(scriptText);
  const invocations: Invocation[] = [];
  for (const command of script.commands) {
    for (const invocation of scriptInvocations({ commands: [command], features: script.features })) invocations.push(invocation);
    for (const heredoc of command.heredocs) {
      if (runsHeredocAsScript(command)) {
        const inner = parseShell(heredoc.body);
        for (const invocation of scriptInvocations(inner)) invocations.push(invocation);
        for (const feature of inner.features) script.features.add(feature);
      }
    }
  }
  return { form: exec.form, execWords: undefined, script, invocations, mounts, intended };
}

/**
 * `RUN <<EOF` and `RUN bash <<EOF` run the body as a shell script, unless it starts with a
 * shebang naming another interpreter; `RUN python3 <<EOF` feeds it to Python instead.
 */
function runsHeredocAsScript(command: SimpleCommand): boolean {
  const program = command.argv[0];
  if (program && !(isShellProgram(basename(program.value)) && command.argv.length === 1)) return false;
  const body = command.heredocs[0]?.body.text ?? '';
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (!shebang) return true;
  const interpreter = basename(shebang[1]) === 'env' ? (shebang[2] ?? '') : basename(shebang[1]);
  return isShellProgram(interpreter);
}

function readCopy(body: MappedText, flags: FlagModel[]): CopyModel {
  const from = flags.find((flag) => flag.name === 'from')?.value;
  const exec = parseExecForm(body);
  let words: CopySource[];
  if (exec.form === 'exec') {
    words = exec.words.map((word: ShellWord) => ({ value: word.value, range: { start: word.start, end: word.end } }));
  } else {
    words = [];
    const pattern = /\S+/g;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(body.text)) !== null) {
      words.push({ value: match[0], range: { start: body.offsets[match.index], end: body.offsets[match.index + match[0].length] } });
    }
  }
  const isHeredoc = words.some((word) => word.value.startsWith('<<'));
  return {
    sources: words.slice(0, -1),
    destination: words[words.length - 1],
    from,
    isHeredoc,
  };
}

function readPragmas(commentRanges: OffsetRange[], source: SourceText, instructions: InstructionModel[]): { pragmas: Pragma[]; hadolintPragmas: Pragma[] } {
  const pragmas: Pragma[] = [];
  const hadolintPragmas: Pragma[] = [];
  let next = 0;
  for (const commentRange of commentRanges.sort((a, b) => a.start - b.start)) {
    // A directive's range starts after the `#`; the pragma pattern wants the whole line.
    const lineStart = source.lineStart(source.positionAt(commentRange.start).line);
    const range = { start: lineStart + source.text.slice(lineStart, commentRange.start).search(/#|$/), end: commentRange.end };
    while (next < instructions.length && instructions[next].range.end <= range.start) next++;
    // A comment inside a multi-line instruction is not a pragma line.
    if (next < instructions.length && instructions[next].range.start < range.start) continue;
    const text = source.slice(range);
    const pragma = readPragma(text, range, instructions[next]);
    if (pragma) pragmas.push(pragma);
    const hadolint = pragma ? undefined : readHadolintPragma(text, range, instructions[next]);
    if (hadolint) hadolintPragmas.push(hadolint);
  }
  return { pragmas, hadolintPragmas };
}

/**
 * One comment line, read with this grammar (keywords and rules in any case):
 *
 *   # fastapi-docker-lint [global] ignore=<rule>[, <rule>]... [ -- <reason>]
 *
 * `undefined` for a comment not addressed to this linter. Entries that cannot be read are kept
 * as `unreadable`, for FDL090 to report; they silence nothing.
 */
function readPragma(text: string, range: OffsetRange, nextInstruction: InstructionModel | undefined): Pragma | undefined {
  const marker = PRAGMA_MARKER.exec(text);
  if (!marker) return undefined;
  const afterMarker = text.slice(marker[0].length);
  const ignore = PRAGMA_IGNORE.exec(afterMarker);
  if (!ignore) {
    if (!PRAGMA_ATTEMPT.test(afterMarker)) return undefined;
    return { scope: 'next', rules: [], range, target: nextInstruction, unreadable: [{ kind: 'syntax', text: text.trimEnd(), range }] };
  }
  const scope = ignore[1] ? 'global' : 'next';
  const listStart = marker[0].length + ignore[0].length;
  let list = text.slice(listStart);
  const reason = PRAGMA_REASON.exec(list);
  if (reason) list = list.slice(0, reason.index);
  const rules: PragmaRule[] = [];
  const unreadable: PragmaProblem[] = [];
  const at = (offset: number, length: number): OffsetRange => ({ start: range.start + offset, end: range.start + offset + length });
  if (list.trim() === '') {
    unreadable.push({ kind: 'noRules', text: text.trimEnd(), range });
  } else {
    const parts = list.split(',');
    let offset = listStart;
    parts.forEach((part, index) => {
      const entry = part.trim();
      const entryOffset = offset + part.search(/\S|$/);
      if (entry === '') {
        // Point at the comma that has nothing on one side.
        const comma = index > 0 ? offset - 1 : offset + part.length;
        unreadable.push({ kind: 'empty', text: ',', range: at(comma, 1) });
      } else if (PRAGMA_ENTRY.test(entry)) {
        rules.push({ text: entry, range: at(entryOffset, entry.length) });
      } else {
        unreadable.push({ kind: 'entry', text: entry, range: at(entryOffset, entry.length) });
      }
      offset += part.length + 1;
    });
  }
  return { scope, rules, range, target: scope === 'next' ? nextInstruction : undefined, unreadable };
}

/** `# hadolint ignore=DL3025,DL3042`: hadolint's codes, kept for the engine to match against ours. What hadolint cannot read is not ours to report. */
function readHadolintPragma(text: string, range: OffsetRange, nextInstruction: InstructionModel | undefined): Pragma | undefined {
  const match = HADOLINT_PRAGMA.exec(text.trimEnd());
  if (!match) return undefined;
  const list = match[2];
  const offset = text.indexOf(list, text.indexOf('='));
  const rules: PragmaRule[] = [];
  const pattern = /[DLSC0-9]+/g;
  for (let entry = pattern.exec(list); entry !== null; entry = pattern.exec(list)) {
    rules.push({ text: entry[0], range: { start: range.start + offset + entry.index, end: range.start + offset + entry.index + entry[0].length } });
  }
  const scope = match[1] ? 'global' : 'next';
  return { scope, rules, range, target: scope === 'next' ? nextInstruction : undefined, unreadable: [] };
}

/** FROM takes an image, or an image, `AS` and a name (after flags such as `--platform=`). */
function isWellFormedFrom(words: string[]): boolean {
  return words.length === 1 || (words.length === 3 && words[1].toLowerCase() === 'as');
}

/**
 * The verdict "this is not a Dockerfile", for Python source, requirements files, shell scripts
 * passed by mistake: no well-formed FROM, at least half of the instructions are not Dockerfile
 * instructions, and at least one of them is no misspelling (it has characters an instruction
 * never has, like `@app.post("/")`, or resembles no instruction). A half-written Dockerfile with a
 * typo (`FORM python:3.13`) stays a Dockerfile, reported line by line.
 */
function judgeNotDockerfile(source: SourceText, instructions: InstructionModel[]): ParseProblem | undefined {
  if (instructions.length === 0) return undefined;
  let unknown = 0;
  let foreign: InstructionModel | undefined;
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM' && isWellFormedFrom(instruction.body.text.split(/\s+/).filter(Boolean))) return undefined;
    if (KEYWORDS.has(instruction.keyword)) continue;
    unknown++;
    if (!foreign && (/[^A-Za-z]/.test(instruction.keyword) || nearest(instruction.keyword, KEYWORDS) === undefined)) foreign = instruction;
  }
  if (!foreign || unknown < 2 || unknown * 2 < instructions.length) return undefined;
  return { kind: 'notDockerfile', data: { word: source.slice(foreign.keywordRange) }, range: foreign.keywordRange };
}

/** The instructions BuildKit knows. */
const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);
/** Instructions BuildKit refuses without arguments: all but CMD, ENTRYPOINT and HEALTHCHECK, which may be bare. */
const NEED_ARGUMENTS = new Set([...KEYWORDS].filter((keyword) => !['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(keyword)));

/** What BuildKit would refuse, found while the model is built; FDL000 reports it. */
function findProblems(
  dockerfile: ReturnType<typeof DockerfileParser.parse>,
  source: SourceText,
  instructions: InstructionModel[],
  rangeOf: (range: { start: { line: number; character: number }; end: { line: number; character: number } }) => OffsetRange,
): ParseProblem[] {
  const problems: ParseProblem[] = [];
  for (const directive of dockerfile.getDirectives()) {
    if (directive.getName().toLowerCase() !== 'escape') continue;
    const value = directive.getValue();
    if (value !== '\\' && value !== '`') problems.push({ kind: 'badEscape', data: { value }, range: rangeOf(directive.getRange()) });
  }
  if (instructions.length === 0) {
    problems.push({ kind: 'noInstructions', data: {}, range: { start: 0, end: Math.min(source.text.length, source.lineEnd(0)) } });
    return problems;
  }
  const hasFrom = instructions.some((instruction) => instruction.keyword === 'FROM');
  const hasUnknown = instructions.some((instruction) => !KEYWORDS.has(instruction.keyword));
  let sawFrom = false;
  let reportedNoFrom = false;
  for (const instruction of instructions) {
    const keyword = instruction.keyword;
    const where = instruction.keywordRange;
    // Messages quote the keyword as the file writes it (`run`, not `RUN`).
    const written = source.slice(where);
    if (!KEYWORDS.has(keyword)) {
      const suggestion = nearest(keyword, KEYWORDS);
      if (suggestion) problems.push({ kind: 'misspeltInstruction', data: { keyword: written, suggestion }, range: where });
      else problems.push({ kind: 'unknownInstruction', data: { keyword: written }, range: where });
      continue;
    }
    if (keyword === 'FROM') sawFrom = true;
    else if (!sawFrom && keyword !== 'ARG') {
      if (hasFrom) {
        problems.push({ kind: 'beforeFrom', data: { keyword: written }, range: where });
      } else if (!reportedNoFrom && !hasUnknown) {
        // Once, and not when an unknown instruction is probably the misspelt FROM.
        reportedNoFrom = true;
        problems.push({ kind: 'noFrom', data: {}, range: where });
      }
    }
    if (NEED_ARGUMENTS.has(keyword) && instruction.body.text.trim() === '') {
      problems.push(
        keyword === 'FROM'
          ? { kind: 'fromNoImage', data: { keyword: written }, range: where }
          : { kind: 'noArguments', data: { keyword: written }, range: where },
      );
      continue;
    }
    const bodyRange = { start: instruction.body.offsets[0], end: instruction.body.offsets[instruction.body.text.length] };
    if (keyword === 'FROM' && !isWellFormedFrom(instruction.body.text.split(/\s+/).filter(Boolean))) {
      problems.push({ kind: 'fromArguments', data: { keyword: written, arguments: instruction.body.text }, range: bodyRange });
    }
    const copy = instruction.copy;
    if (copy && copy.sources.length === 0 && !copy.isHeredoc) {
      problems.push({ kind: 'noDestination', data: { keyword: written }, range: instruction.body.text ? bodyRange : where });
    }
    for (const command of instruction.command?.script?.commands ?? []) {
      for (const heredoc of command.heredocs) {
        if (!heredoc.terminated)
          problems.push({ kind: 'unclosedHeredoc', data: { delimiter: heredoc.delimiter }, range: { start: heredoc.start, end: heredoc.end } });
      }
    }
  }
  return problems;
}
