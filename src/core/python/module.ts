/**
 * The project's own Python code, read for one question: where does it start uvicorn
 * (`uvicorn.run(...)`, `uvicorn.Config(...)`), and with which literal arguments? The module is
 * parsed by a real Python grammar (@lezer/python, loaded on first use), and only what the source
 * says literally is taken as known: a value computed at run time (`int(os.getenv("PORT"))`, a
 * variable, an f-string, `**settings`) is `unknown`, never guessed.
 *
 * Which calls run is decided by following plain calls between the module's own top-level
 * functions from where Python starts: the module's top level, its `if __name__ == "__main__":`
 * block when it runs as a script, or the function a console script names. A call inside a branch
 * or a loop (`if DEBUG: uvicorn.run(..., reload=True)`) is kept but marked `conditional`: the
 * rules judge only what surely runs.
 */
import { python } from '../lazy-dependencies.cjs';
import type { OffsetRange } from '../model/source.js';

type Tree = ReturnType<ReturnType<typeof python>['parser']['parse']>;
type SyntaxNode = Tree['topNode'];

/** A Python expression as far as its literal value is known. */
export type PythonValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'none' }
  /** A bare name (`app`): an object whose value the source does not spell out. */
  | { kind: 'name'; name: string }
  | { kind: 'unknown' };

export interface PythonArgument {
  /** The keyword (`host`), `undefined` for a positional argument. */
  keyword: string | undefined;
  value: PythonValue;
  /** The value's expression as written. */
  text: string;
  /** The whole argument, keyword included (`host="127.0.0.1"`). */
  range: OffsetRange;
  valueRange: OffsetRange;
}

/** Where a call sits in its module. */
export type CallPlace = { kind: 'module' } | { kind: 'main-guard' } | { kind: 'function'; name: string };

export interface UvicornCall {
  /** `run` starts the server; `Config` describes one that `Server(config).run()` starts. */
  callee: 'run' | 'Config';
  /** The callee as written: `uvicorn.run`, `u.run`, `run`, `uvicorn.Config`. */
  calleeText: string;
  calleeRange: OffsetRange;
  /** The whole call expression. */
  range: OffsetRange;
  arguments: PythonArgument[];
  /** `*args` / `**kwargs` in the call: a parameter not written out may come from them. */
  spreads: { positional: boolean; keywords: boolean };
  place: CallPlace;
  /** Inside a branch, a loop, an exception handler or a lambda within its place. */
  conditional: boolean;
}

interface Scope {
  /** Calls of the module's own top-level functions, by name. */
  calls: { name: string; conditional: boolean }[];
  uvicorn: UvicornCall[];
}

export interface PythonModule {
  /** The grammar met a syntax error: the module is not judged (Python would not run it as read). */
  hasSyntaxError: boolean;
  /**
   * The uvicorn calls of the code this reader follows, in source order: the top level, the
   * `__main__` block and top-level functions (not methods, nested functions or lambdas).
   */
  calls: UvicornCall[];
  /** The top level (outside functions, classes and the `__main__` block). */
  topLevel: Scope;
  /** The body of `if __name__ == "__main__":` blocks at the top level. */
  mainGuard: Scope;
  /** Top-level functions, by name; `undefined` for a name defined twice (which one runs is unclear). */
  functions: Map<string, Scope | undefined>;
  /**
   * The names the top level binds as written, outside any block: assignments (`app = FastAPI()`,
   * `app: FastAPI = ...`), functions, classes and imports (`from .main import app`).
   */
  names: Set<string>;
}

/** How Python enters the module: as the script (`python main.py`, `python -m pkg`), or through one function (a console script). */
export type EntryMode = { kind: 'main' } | { kind: 'function'; name: string };

export interface ReachedCall {
  call: UvicornCall;
  /** Reached only through a branch, a loop or a conditional call on the way. */
  conditional: boolean;
  /** The functions called on the way, outermost first (`['main', 'serve']`). */
  via: string[];
}

/** What each name imported from uvicorn stands for in this module. */
type UvicornBinding = 'module' | 'run' | 'Config';

const UVICORN_NAMES: Record<string, UvicornBinding | undefined> = { run: 'run', Config: 'Config' };
const UVICORN_MODULES = new Set(['uvicorn', 'uvicorn.main', 'uvicorn.config']);
/** Statements whose bodies may not run, or run many times. */
const BRANCHING = new Set(['IfStatement', 'ForStatement', 'WhileStatement', 'MatchStatement']);
/** Nodes whose code does not run where it is written. */
const DEFERRED = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression']);

/** Reads a module's source: its uvicorn calls and the calls between its functions. */
export function readPythonModule(text: string): PythonModule {
  const tree = python().parser.parse(text);
  const module: PythonModule = {
    hasSyntaxError: false,
    calls: [],
    topLevel: { calls: [], uvicorn: [] },
    mainGuard: { calls: [], uvicorn: [] },
    functions: new Map(),
    names: new Set(),
  };
  tree.iterate({
    enter(node) {
      if (node.type.isError) module.hasSyntaxError = true;
      return !module.hasSyntaxError;
    },
  });
  if (module.hasSyntaxError) return module;
  const slice = (node: SyntaxNode) => text.slice(node.from, node.to);
  for (let statement = tree.topNode.firstChild; statement; statement = statement.nextSibling) {
    for (const name of boundNames(statement, slice)) module.names.add(name);
  }
  const bindings = importBindings(tree.topNode, slice);
  const functionNames = new Set<string>();
  for (let statement = tree.topNode.firstChild; statement; statement = statement.nextSibling) {
    const definition = definedFunction(statement);
    if (!definition) continue;
    const name = definition.getChild('VariableName');
    if (!name) continue;
    const key = slice(name);
    if (functionNames.has(key)) module.functions.set(key, undefined);
    else {
      functionNames.add(key);
      module.functions.set(key, { calls: [], uvicorn: [] });
    }
  }
  // A top-level function shadows a name imported from uvicorn, and the other way round.
  for (const name of functionNames) bindings.delete(name);

  const reader = { slice, bindings, functionNames, all: module.calls };
  for (let statement = tree.topNode.firstChild; statement; statement = statement.nextSibling) {
    const definition = definedFunction(statement);
    if (definition) {
      const name = definition.getChild('VariableName');
      const scope = name ? module.functions.get(slice(name)) : undefined;
      // Decorators run at the top level; the body runs when the function is called.
      if (statement.name === 'DecoratedStatement') {
        for (const decorator of statement.getChildren('Decorator')) scan(decorator, module.topLevel, { kind: 'module' }, false, reader);
      }
      const body = definition.getChild('Body');
      if (scope && body && name) scan(body, scope, { kind: 'function', name: slice(name) }, false, reader);
      continue;
    }
    if (statement.name === 'IfStatement' && isMainGuard(statement, slice)) {
      const bodies = statement.getChildren('Body');
      scan(bodies[0], module.mainGuard, { kind: 'main-guard' }, false, reader);
      // `elif` and `else` branches run only when the module is imported, and then conditionally.
      for (const other of bodies.slice(1)) scan(other, module.topLevel, { kind: 'module' }, true, reader);
      continue;
    }
    scan(statement, module.topLevel, { kind: 'module' }, false, reader);
  }
  module.calls.sort((a, b) => a.range.start - b.range.start);
  return module;
}

/** The names one top-level statement binds (see `PythonModule.names`). */
function boundNames(statement: SyntaxNode, slice: (node: SyntaxNode) => string): string[] {
  const children: SyntaxNode[] = [];
  for (let child = statement.firstChild; child; child = child.nextSibling) children.push(child);
  switch (statement.name) {
    case 'AssignStatement':
      // The targets: each name followed by `=` or by an annotation.
      return children
        .filter((child, index) => child.name === 'VariableName' && (children[index + 1]?.name === 'AssignOp' || children[index + 1]?.name === 'TypeDef'))
        .map(slice);
    case 'FunctionDefinition':
    case 'ClassDefinition': {
      const name = statement.getChild('VariableName');
      return name ? [slice(name)] : [];
    }
    case 'DecoratedStatement': {
      const inner = statement.getChild('FunctionDefinition') ?? statement.getChild('ClassDefinition');
      return inner ? boundNames(inner, slice) : [];
    }
    case 'ImportStatement': {
      // `from m import a, b as c` binds a and c; `import a.b, d as e` binds a and e.
      const start = children.findIndex((child) => child.name === 'import');
      const names: string[] = [];
      let group: SyntaxNode[] = [];
      const close = () => {
        const variables = group.filter((node) => node.name === 'VariableName');
        const aliased = group.some((node) => node.name === 'as');
        const bound = aliased ? variables[variables.length - 1] : variables[0];
        if (bound) names.push(slice(bound));
        group = [];
      };
      for (const child of children.slice(start + 1)) {
        if (child.name === ',') close();
        else group.push(child);
      }
      close();
      return names;
    }
    default:
      return [];
  }
}

/** The uvicorn calls that run when Python enters the module this way, each once. */
export function reachedCalls(module: PythonModule, mode: EntryMode): ReachedCall[] {
  if (module.hasSyntaxError) return [];
  const reached: ReachedCall[] = [];
  // A function's best way in: unconditional wins over conditional.
  const best = new Map<string, { conditional: boolean; via: string[] }>();
  const queue: string[] = [];
  const enter = (scope: Scope, conditional: boolean, via: string[]) => {
    for (const call of scope.uvicorn) reached.push({ call, conditional: conditional || call.conditional, via });
    for (const called of scope.calls) {
      const route = { conditional: conditional || called.conditional, via: [...via, called.name] };
      const known = best.get(called.name);
      if (!module.functions.get(called.name) || (known && (!known.conditional || route.conditional))) continue;
      best.set(called.name, route);
      queue.push(called.name);
    }
  };
  // Importing the module runs its top level first, whichever way it is entered.
  enter(module.topLevel, false, []);
  if (mode.kind === 'main') enter(module.mainGuard, false, []);
  else if (module.functions.get(mode.name)) {
    best.set(mode.name, { conditional: false, via: [mode.name] });
    queue.push(mode.name);
  }
  // Each function is entered again only when a better (unconditional) way in is found: at most twice.
  const entered = new Map<string, boolean>();
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const route = best.get(name) as { conditional: boolean; via: string[] };
    if (entered.has(name) && (entered.get(name) === false || route.conditional)) continue;
    entered.set(name, route.conditional);
    enter(module.functions.get(name) as Scope, route.conditional, route.via);
  }
  // A call reached both ways keeps its unconditional reading.
  const byCall = new Map<UvicornCall, ReachedCall>();
  for (const found of reached) {
    const known = byCall.get(found.call);
    if (!known || (known.conditional && !found.conditional)) byCall.set(found.call, found);
  }
  return [...byCall.values()].sort((a, b) => a.call.range.start - b.call.range.start);
}

/** `def f` or `@decorator def f` at the top level, as its FunctionDefinition node. */
function definedFunction(statement: SyntaxNode): SyntaxNode | null {
  if (statement.name === 'FunctionDefinition') return statement;
  if (statement.name === 'DecoratedStatement') return statement.getChild('FunctionDefinition');
  return null;
}

/** `if __name__ == "__main__":` (either side). */
function isMainGuard(statement: SyntaxNode, slice: (node: SyntaxNode) => string): boolean {
  const condition = statement.firstChild?.nextSibling;
  if (condition?.name !== 'BinaryExpression') return false;
  const operator = condition.getChild('CompareOp');
  if (!operator || slice(operator) !== '==') return false;
  const left = condition.firstChild;
  const right = condition.lastChild;
  if (!left || !right) return false;
  const sides = [left, right].map((side) => (side.name === 'VariableName' ? slice(side) : side.name === 'String' ? stringValue(slice(side)) : undefined));
  return sides.includes('__name__') && sides.includes('__main__');
}

interface Reader {
  slice: (node: SyntaxNode) => string;
  bindings: Map<string, UvicornBinding | null>;
  functionNames: Set<string>;
  all: UvicornCall[];
}

/** Walks code that runs in one place, noting uvicorn calls and calls of the module's functions. */
function scan(root: SyntaxNode, scope: Scope, place: CallPlace, conditional: boolean, reader: Reader): void {
  const visit = (node: SyntaxNode, inBranch: boolean): void => {
    if (DEFERRED.has(node.name)) return;
    if (node.name === 'CallExpression') noteCall(node, scope, place, inBranch, reader);
    if (node.name === 'BinaryExpression' && (node.getChild('and') || node.getChild('or'))) {
      // `a and f()`: the left side always runs, the right side may not.
      const [first, ...rest] = children(node);
      if (first) visit(first, inBranch);
      for (const child of rest) visit(child, true);
      return;
    }
    if (node.name === 'TryStatement') {
      // The `try` body and `finally` run; handlers and `else` may not.
      let keyword = 'try';
      for (const child of children(node)) {
        if (child.name === 'try' || child.name === 'except' || child.name === 'else' || child.name === 'finally') keyword = child.name;
        visit(child, inBranch || keyword === 'except' || keyword === 'else');
      }
      return;
    }
    if (node.name === 'ConditionalExpression') {
      for (const child of children(node)) visit(child, true);
      return;
    }
    if (BRANCHING.has(node.name)) {
      // The statement's first expression runs whenever the statement does (the `if` condition,
      // the `while` test, the `match` subject); the rest may not.
      let first = true;
      for (const child of children(node)) {
        const isKeyword = /^[a-z]+$/.test(child.name);
        const always = first && !isKeyword && child.name !== 'Body' && child.name !== 'MatchBody';
        if (!isKeyword) first = false;
        visit(child, inBranch || !always);
      }
      return;
    }
    for (const child of children(node)) visit(child, inBranch);
  };
  visit(root, conditional);
}

function children(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) found.push(child);
  return found;
}

function noteCall(node: SyntaxNode, scope: Scope, place: CallPlace, conditional: boolean, reader: Reader): void {
  const callee = node.firstChild;
  const argList = node.getChild('ArgList');
  if (!callee || !argList) return;
  const { slice, bindings } = reader;
  if (callee.name === 'VariableName') {
    const name = slice(callee);
    if (reader.functionNames.has(name)) {
      scope.calls.push({ name, conditional });
      return;
    }
    const bound = bindings.get(name);
    if (bound === 'run' || bound === 'Config') record(bound);
    return;
  }
  if (callee.name === 'MemberExpression') {
    const object = callee.firstChild;
    const property = callee.getChild('PropertyName');
    if (object?.name !== 'VariableName' || !property || bindings.get(slice(object)) !== 'module') return;
    const member = UVICORN_NAMES[slice(property)];
    if (member === 'run' || member === 'Config') record(member);
  }

  function record(kind: 'run' | 'Config'): void {
    const call: UvicornCall = {
      callee: kind,
      calleeText: slice(callee as SyntaxNode),
      calleeRange: { start: (callee as SyntaxNode).from, end: (callee as SyntaxNode).to },
      range: { start: node.from, end: node.to },
      ...readArguments(argList as SyntaxNode, slice),
      place,
      conditional,
    };
    scope.uvicorn.push(call);
    reader.all.push(call);
  }
}

function readArguments(argList: SyntaxNode, slice: (node: SyntaxNode) => string): Pick<UvicornCall, 'arguments' | 'spreads'> {
  const argumentsFound: PythonArgument[] = [];
  const spreads = { positional: false, keywords: false };
  let group: SyntaxNode[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const [first] = group;
    const last = group[group.length - 1];
    if (first.name === '*') spreads.positional = true;
    else if (first.name === '**') spreads.keywords = true;
    else if (group.length >= 3 && first.name === 'VariableName' && group[1].name === 'AssignOp') {
      const valueNode = group[2];
      argumentsFound.push({
        keyword: slice(first),
        value: group.length === 3 ? literalValue(valueNode, slice) : { kind: 'unknown' },
        text: slice(valueNode),
        range: { start: first.from, end: last.to },
        valueRange: { start: valueNode.from, end: last.to },
      });
    } else {
      argumentsFound.push({
        keyword: undefined,
        // A generator expression argument (`f(x for x in y)`) has several nodes.
        value: group.length === 1 ? literalValue(first, slice) : { kind: 'unknown' },
        text: slice(first),
        range: { start: first.from, end: last.to },
        valueRange: { start: first.from, end: last.to },
      });
    }
    group = [];
  };
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    if (child.name === '(' || child.name === ')') continue;
    if (child.name === ',') {
      flush();
      continue;
    }
    group.push(child);
  }
  flush();
  return { arguments: argumentsFound, spreads };
}

/** The literal value of an expression node, when the source spells it out. */
function literalValue(node: SyntaxNode, slice: (node: SyntaxNode) => string): PythonValue {
  switch (node.name) {
    case 'String': {
      const value = stringValue(slice(node));
      return value === undefined ? { kind: 'unknown' } : { kind: 'string', value };
    }
    case 'Number': {
      const value = numberValue(slice(node));
      return value === undefined ? { kind: 'unknown' } : { kind: 'number', value };
    }
    case 'Boolean':
      return { kind: 'boolean', value: slice(node) === 'True' };
    case 'None':
      return { kind: 'none' };
    case 'VariableName':
      return { kind: 'name', name: slice(node) };
    case 'UnaryExpression': {
      const operator = node.firstChild;
      const operand = node.lastChild;
      if (operator && operand && operand.name === 'Number' && (slice(operator) === '-' || slice(operator) === '+')) {
        const value = numberValue(slice(operand));
        if (value !== undefined) return { kind: 'number', value: slice(operator) === '-' ? -value : value };
      }
      return { kind: 'unknown' };
    }
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling;
      return inner && inner.nextSibling?.name === ')' ? literalValue(inner, slice) : { kind: 'unknown' };
    }
    default:
      return { kind: 'unknown' };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '\n': '' };

/** A Python string literal's value; `undefined` for bytes, f-strings and escapes we do not decode. */
export function stringValue(literal: string): string | undefined {
  const match = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(literal);
  if (!match) return undefined;
  const [, prefix, , body] = match;
  if (prefix.toLowerCase() === 'r' || !body.includes('\\')) return body;
  let value = '';
  for (let index = 0; index < body.length; index++) {
    if (body[index] !== '\\') {
      value += body[index];
      continue;
    }
    const escaped = SIMPLE_ESCAPES[body[index + 1]];
    if (escaped === undefined) return undefined;
    value += escaped;
    index++;
  }
  return value;
}

function numberValue(literal: string): number | undefined {
  const cleaned = literal.replace(/_/g, '');
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^0[xX][\da-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$/.test(cleaned)) return undefined;
  const value = /^0[oObB]/.test(cleaned) ? parseInt(cleaned.slice(2), /^0[oO]/.test(cleaned) ? 8 : 2) : Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Names that stand for uvicorn or its `run` / `Config` in the module, from imports anywhere in
 * it. A name imported from elsewhere too (`from subprocess import run`) is dropped: which one a
 * call means is unclear.
 */
function importBindings(root: SyntaxNode, slice: (node: SyntaxNode) => string): Map<string, UvicornBinding | null> {
  const bindings = new Map<string, UvicornBinding | null>();
  const bind = (name: string, binding: UvicornBinding | null) => {
    const known = bindings.get(name);
    bindings.set(name, bindings.has(name) && known !== binding ? null : binding);
  };
  const cursor = root.cursor();
  do {
    if (cursor.name !== 'ImportStatement') continue;
    const tokens = children(cursor.node).filter((child) => child.name !== '(' && child.name !== ')');
    if (tokens[0]?.name === 'from') {
      const importAt = tokens.findIndex((token) => token.name === 'import');
      const from = tokens.slice(1, importAt).map(slice).join('');
      for (const { name, alias } of importedNames(tokens.slice(importAt + 1), slice)) {
        const member = UVICORN_MODULES.has(from) ? UVICORN_NAMES[name] : undefined;
        bind(alias, member ?? null);
      }
    } else if (tokens[0]?.name === 'import') {
      for (const { name, alias, dotted } of importedNames(tokens.slice(1), slice)) {
        // `import uvicorn.config` binds `uvicorn`; `import a.b as c` binds `c` to `a.b`.
        if (dotted && alias === name.split('.')[0]) bind(alias, alias === 'uvicorn' ? 'module' : null);
        else bind(alias, name === 'uvicorn' ? 'module' : null);
      }
    }
  } while (cursor.next());
  return bindings;
}

/** `a as b, c.d, e` → the names and what they are bound to. */
function importedNames(tokens: SyntaxNode[], slice: (node: SyntaxNode) => string): { name: string; alias: string; dotted: boolean }[] {
  const found: { name: string; alias: string; dotted: boolean }[] = [];
  let parts: string[] = [];
  let alias: string | undefined;
  let expectAlias = false;
  const flush = () => {
    if (parts.length === 0) return;
    const name = parts.join('.');
    found.push({ name, alias: alias ?? (parts.length > 1 ? parts[0] : name), dotted: parts.length > 1 });
    parts = [];
    alias = undefined;
    expectAlias = false;
  };
  for (const token of tokens) {
    if (token.name === ',') flush();
    else if (token.name === 'as') expectAlias = true;
    else if (token.name === 'VariableName') {
      if (expectAlias) alias = slice(token);
      else parts.push(slice(token));
    }
  }
  flush();
  return found;
}
