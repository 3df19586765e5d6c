/**
 * Builds the model every rule reads: the only code that touches dockerfile-ast.
 */
import { DockerfileParser, Instruction, type Argument, type Flag } from 'dockerfile-ast';
import { joinContinuations } from './continuation.js';
import { parseExecForm } from './exec-form.js';
import { parseImageReference } from './image.js';
import { argvInvocations, isShellProgram, basename, scriptInvocations, type Invocation } from './invocation.js';
import { parseShell, type ShellScript, type ShellWord, type SimpleCommand } from './shell.js';
import { SourceText, type MappedText, type OffsetRange } from './source.js';
import type {
  ParseProblem,
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
import { evaluateWord, substitute, type VariableScope } from './variables.js';
import { nearest } from '../suggest.js';
import './parser-patches.js';

/**
 * dockerfile-ast 0.7 recomputes an instruction's arguments on every call, and its parser calls
 * that about nine times per instruction: most of the parse time of a large file. An instruction's
 * text never changes after parsing, so the result is computed once; callers get a copy, since
 * ModifiableInstruction.getArguments() shifts flags off the array it receives.
 */
const rawArguments = new WeakMap<Instruction, Argument[]>();
const instructionPrototype = Instruction.prototype as unknown as { getRawArguments(this: Instruction): Argument[] };
const computeRawArguments = instructionPrototype.getRawArguments;
instructionPrototype.getRawArguments = function memoizedRawArguments(this: Instruction): Argument[] {
  let cached = rawArguments.get(this);
  if (!cached) {
    cached = computeRawArguments.call(this);
    rawArguments.set(this, cached);
  }
  return cached.slice();
};

const PRAGMA = /^#\s*fastapi-docker-lint\s+(global\s+)?ignore\s*=\s*([^\s]*)/;
const COMMAND_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

export function buildModel(raw: string): DockerfileModel {
  const source = new SourceText(raw);
  const dockerfile = DockerfileParser.parse(source.text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const rangeOf = (range: { start: { line: number; character: number }; end: { line: number; character: number } }): OffsetRange => ({
    start: source.offsetAt(range.start),
    end: source.offsetAt(range.end),
  });

  const instructions: InstructionModel[] = [];
  const stages: Stage[] = [];
  const globalScope = new Map<string, string | undefined>();
  let stage: Stage | undefined;
  let buildScope: VariableScope = new Map();
  let runtimeEnv: VariableScope = new Map();
  let workdir: string | undefined = '/';
  let user: string | undefined;

  for (const ast of dockerfile.getInstructions()) {
    const keyword = ast.getKeyword().toUpperCase();
    const range = rangeOf(ast.getRange());
    const flags = readFlags(ast, rangeOf);
    const argumentsRange = ast.getArgumentsRange();
    const bodyStart = Math.max(argumentsRange ? rangeOf(argumentsRange).start : range.end, ...flags.map((flag) => flag.range.end));
    const joined = joinContinuations(source.text, Math.min(bodyStart, range.end), range.end, escapeChar);
    const body = trimMapped(joined.line);

    const instruction: InstructionModel = {
      keyword,
      range,
      keywordRange: rangeOf(ast.getInstructionRange()),
      body,
      flags,
      stage,
      // Scopes are shared between instructions and replaced, never changed, when ENV or ARG
      // sets a variable: a large file then allocates one map per ENV/ARG, not per instruction.
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
      const baseStage = resolvedText === undefined ? undefined : stages.find((earlier) => earlier.name === resolvedText.toLowerCase());
      const asIndex = words.findIndex((word) => word.toLowerCase() === 'as');
      const imageStart = body.text.search(/\S/);
      stage = {
        index: stages.length,
        name: asIndex !== -1 && words[asIndex + 1] ? words[asIndex + 1].toLowerCase() : undefined,
        from: instruction,
        imageText,
        imageRange: imageStart === -1 ? undefined : { start: body.offsets[imageStart], end: body.offsets[imageStart + imageText.length] },
        image: resolvedText === undefined || baseStage ? undefined : parseImageReference(resolvedText),
        baseStage,
        instructions: [],
        isFinal: false,
        end: { runtimeEnv: new Map(), workdir: '/', user: undefined },
      };
      stages.push(stage);
      instruction.stage = stage;
      // ENV, WORKDIR and USER carry over from a parent stage; ARGs never cross a FROM.
      runtimeEnv = baseStage ? baseStage.end.runtimeEnv : new Map();
      buildScope = runtimeEnv;
      workdir = baseStage ? baseStage.end.workdir : '/';
      user = baseStage?.end.user;
      instruction.buildScope = buildScope;
      instruction.runtimeEnv = runtimeEnv;
      instruction.workdir = workdir;
      instruction.user = user;
    } else if (keyword === 'ARG') {
      const nextScope = new Map(buildScope);
      for (const property of propertiesOf(ast)) {
        const name = property.getName();
        const hasValue = property.getValue() !== null;
        if (!stage) {
          const value = !hasValue ? undefined : evaluateWord(property.getUnescapedValue() ?? '', globalScope, escapeChar);
          globalScope.set(name, value);
          continue;
        }
        const value =
          !hasValue
            ? globalScope.get(name)
            : evaluateWord(property.getUnescapedValue() ?? '', nextScope, escapeChar);
        // An ENV of the same name wins over the ARG for RUN.
        if (!runtimeEnv.has(name)) nextScope.set(name, value);
      }
      if (stage) buildScope = nextScope;
    } else if (keyword === 'ENV') {
      const nextScope = new Map(buildScope);
      const nextEnv = new Map(runtimeEnv);
      for (const property of propertiesOf(ast)) {
        // dockerfile-ast's getUnescapedValue() is the text as written (quotes included).
        const value = evaluateWord(property.getUnescapedValue() ?? '', buildScope, escapeChar);
        nextScope.set(property.getName(), value);
        nextEnv.set(property.getName(), value);
      }
      buildScope = nextScope;
      runtimeEnv = nextEnv;
    } else if (keyword === 'WORKDIR') {
      const path = substitute(body.text.trim(), buildScope, escapeChar);
      workdir = path === undefined || workdir === undefined ? undefined : resolvePath(workdir, path);
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
  return {
    source,
    problems: findProblems(dockerfile, source, instructions, rangeOf),
    escapeChar,
    instructions,
    stages,
    finalStage: stages[stages.length - 1],
    globalScope,
    // dockerfile-ast takes a first-line `# fastapi-docker-lint ignore=...` for a parser directive;
    // BuildKit does not (directive names have no spaces or dashes), so both are read as comments.
    pragmas: readPragmas(
      [...dockerfile.getDirectives(), ...dockerfile.getComments()].map((line) => rangeOf(line.getRange())),
      source,
      instructions,
    ),
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
  return '/' + parts.join('/');
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
  const argsText: MappedText =
    bodyStart <= 0 ? firstLine : { text: firstLine.text.slice(bodyStart), offsets: firstLine.offsets.slice(bodyStart) };
  const exec = parseExecForm(argsText);
  if (exec.form === 'exec') {
    const command: SimpleCommand = { assignments: [], argv: exec.words, redirects: [], heredocs: [], isLast: true };
    return { form: 'exec', execWords: exec.words, script: undefined, invocations: argvInvocations(command), mounts };
  }
  // Heredoc bodies follow the first line: give the shell reader the whole text so it finds them.
  const scriptText: MappedText =
    rest.length > 0
      ? {
          text: `${argsText.text}\n${rest}`,
          offsets: [...argsText.offsets.slice(0, -1), argsText.offsets[argsText.offsets.length - 1], ...rest.split('').map((_, k) => restOffset + k), restOffset + rest.length],
        }
      : argsText;
  const script = parseShell(scriptText);
  const invocations: Invocation[] = [];
  for (const command of script.commands) {
    invocations.push(...scriptInvocations({ commands: [command], features: script.features }));
    for (const heredoc of command.heredocs) {
      if (runsHeredocAsScript(command)) {
        const inner = parseShell(heredoc.body);
        invocations.push(...scriptInvocations(inner));
        for (const feature of inner.features) script.features.add(feature);
      }
    }
  }
  return { form: exec.form, execWords: undefined, script, invocations, mounts };
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
  const interpreter = basename(shebang[1]) === 'env' ? shebang[2] ?? '' : basename(shebang[1]);
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

function readPragmas(commentRanges: OffsetRange[], source: SourceText, instructions: InstructionModel[]): Pragma[] {
  const pragmas: Pragma[] = [];
  let next = 0;
  for (const commentRange of commentRanges.sort((a, b) => a.start - b.start)) {
    // A directive's range starts after the `#`; the pragma pattern wants the whole line.
    const lineStart = source.lineStart(source.positionAt(commentRange.start).line);
    const range = { start: lineStart + source.text.slice(lineStart, commentRange.start).search(/#|$/), end: commentRange.end };
    while (next < instructions.length && instructions[next].range.end <= range.start) next++;
    // A comment inside a multi-line instruction is not a pragma line.
    if (next < instructions.length && instructions[next].range.start < range.start) continue;
    const text = source.slice(range);
    const match = PRAGMA.exec(text);
    if (!match) continue;
    const listStart = range.start + match.index + match[0].length - match[2].length;
    const rules: Pragma['rules'] = [];
    let offset = listStart;
    for (const part of match[2].split(',')) {
      if (part !== '') rules.push({ text: part, range: { start: offset, end: offset + part.length } });
      offset += part.length + 1;
    }
    const scope = match[1] ? 'global' : 'next';
    const target = scope === 'next' ? instructions[next] : undefined;
    pragmas.push({ scope, rules, range, target });
  }
  return pragmas;
}

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
/** Instructions BuildKit refuses without arguments (CMD, ENTRYPOINT and HEALTHCHECK may be bare). */
const NEED_ARGUMENTS = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

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
    if (value !== '\\' && value !== '`') {
      problems.push({ message: `\`# escape=${value}\` is not a valid escape character: BuildKit accepts only a backslash or a backtick`, range: rangeOf(directive.getRange()) });
    }
  }
  if (instructions.length === 0) {
    problems.push({ message: 'The Dockerfile has no instructions: `docker build` fails with "file with no instructions"', range: { start: 0, end: Math.min(source.text.length, source.lineEnd(0)) } });
    return problems;
  }
  const hasFrom = instructions.some((instruction) => instruction.keyword === 'FROM');
  const hasUnknown = instructions.some((instruction) => !KEYWORDS.has(instruction.keyword));
  let sawFrom = false;
  let reportedNoFrom = false;
  for (const instruction of instructions) {
    const keyword = instruction.keyword;
    const where = instruction.keywordRange;
    if (!KEYWORDS.has(keyword)) {
      const suggestion = nearest(keyword, KEYWORDS);
      problems.push({ message: `\`${keyword}\` is not a Dockerfile instruction${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}: BuildKit fails with "unknown instruction"`, range: where });
      continue;
    }
    if (keyword === 'FROM') sawFrom = true;
    else if (!sawFrom && keyword !== 'ARG') {
      if (hasFrom) {
        problems.push({ message: `\`${keyword}\` comes before the first FROM, where only ARG may: BuildKit fails with "no build stage in current context"`, range: where });
      } else if (!reportedNoFrom && !hasUnknown) {
        // Once, and not when an unknown instruction is probably the misspelt FROM.
        reportedNoFrom = true;
        problems.push({ message: 'The Dockerfile has no FROM: a build starts from an image (`FROM python:3.13`); BuildKit fails with "no build stage in current context"', range: where });
      }
    }
    if (NEED_ARGUMENTS.has(keyword) && instruction.body.text.trim() === '') {
      problems.push({ message: keyword === 'FROM' ? 'FROM names no image' : `\`${keyword}\` has no arguments: BuildKit fails with "${keyword} requires at least one argument"`, range: where });
      continue;
    }
    const copy = instruction.copy;
    if (copy && copy.sources.length === 0 && !copy.isHeredoc) {
      problems.push({ message: `\`${keyword}\` needs a source and a destination: BuildKit fails with "${keyword} requires at least two arguments"`, range: instruction.body.text ? { start: instruction.body.offsets[0], end: instruction.body.offsets[instruction.body.text.length] } : where });
    }
    for (const command of instruction.command?.script?.commands ?? []) {
      for (const heredoc of command.heredocs) {
        if (!heredoc.terminated) {
          problems.push({ message: `The heredoc \`<<${heredoc.delimiter}\` is never closed by a line \`${heredoc.delimiter}\`: the rest of the file becomes its body`, range: { start: heredoc.start, end: heredoc.end } });
        }
      }
    }
  }
  return problems;
}
