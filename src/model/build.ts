/**
 * Builds the model every rule reads: the only code that touches dockerfile-ast.
 */
import { DockerfileParser, type Flag, type Instruction } from 'dockerfile-ast';
import { joinContinuations } from './continuation.js';
import { parseExecForm } from './exec-form.js';
import { parseImageReference } from './image.js';
import { argvInvocations, isShellProgram, basename, scriptInvocations, type Invocation } from './invocation.js';
import { parseShell, type ShellScript, type ShellWord, type SimpleCommand } from './shell.js';
import { SourceText, type MappedText, type OffsetRange } from './source.js';
import type {
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
  let buildScope = new Map<string, string | undefined>();
  let runtimeEnv = new Map<string, string | undefined>();
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
      buildScope: new Map(buildScope),
      runtimeEnv: new Map(runtimeEnv),
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
      runtimeEnv = new Map(baseStage?.end.runtimeEnv ?? []);
      buildScope = new Map(runtimeEnv);
      workdir = baseStage ? baseStage.end.workdir : '/';
      user = baseStage?.end.user;
      instruction.buildScope = new Map(buildScope);
      instruction.runtimeEnv = new Map(runtimeEnv);
      instruction.workdir = workdir;
      instruction.user = user;
    } else if (keyword === 'ARG') {
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
            : evaluateWord(property.getUnescapedValue() ?? '', buildScope, escapeChar);
        // An ENV of the same name wins over the ARG for RUN.
        if (!runtimeEnv.has(name)) buildScope.set(name, value);
      }
    } else if (keyword === 'ENV') {
      const scopeBefore = new Map(buildScope);
      for (const property of propertiesOf(ast)) {
        // dockerfile-ast's getUnescapedValue() is the text as written (quotes included).
        const value = evaluateWord(property.getUnescapedValue() ?? '', scopeBefore, escapeChar);
        buildScope.set(property.getName(), value);
        runtimeEnv.set(property.getName(), value);
      }
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
      if (keyword === 'ENV' || keyword === 'FROM') stage.end.runtimeEnv = new Map(runtimeEnv);
      stage.end.workdir = workdir;
      stage.end.user = user;
    }
  }

  if (stages.length > 0) stages[stages.length - 1].isFinal = true;
  return {
    source,
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
