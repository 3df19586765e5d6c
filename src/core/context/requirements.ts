/**
 * Python requirements as the project declares them: requirements files (following `-r` and
 * `-c`), and pyproject.toml's `[project]` and `[tool.poetry]` dependencies. Each requirement
 * keeps the file and range it was written at, so findings can point there.
 */
import * as path from 'pathe';
import type { OffsetRange } from '../model/source.js';
import type { BuildContext, ContextFile } from './build-context.js';
import { hasUpperBound } from '../model/version-specifier.js';

export interface Requirement {
  /** Normalised name (PEP 503): `fastapi`, `fastapi-cli`. */
  name: string;
  extras: string[];
  /** The version specifier as written (`>=0.113.0,<0.114.0`), empty when none. */
  specifier: string;
  /** The specifier caps the version (`<0.114`, `==0.115.0`, `~=0.115.0`, Poetry's `^0.115`). */
  capped: boolean;
  /** A direct reference (`name @ https://...`, a path): its version is fixed by what it points at. */
  isDirectReference: boolean;
  file: ContextFile;
  range: OffsetRange;
  /** From a constraints file (`-c`): limits versions, installs nothing. */
  isConstraint: boolean;
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const NAME_CHAR = /[A-Za-z0-9._-]/;
const ALPHANUMERIC = /[A-Za-z0-9]/;
const SPACE = /\s/;

/**
 * Parses one PEP 508 requirement string: `name [extras] (specifier | @ url) ; marker`. A scan,
 * not one regular expression: requirement lines come from the repository, and a pattern with
 * overlapping `\s*` and `[^;]*` backtracks quadratically on a long line that fails to match.
 */
export function parseRequirement(text: string): Pick<Requirement, 'name' | 'extras' | 'specifier' | 'capped' | 'isDirectReference'> | undefined {
  let index = 0;
  while (index < text.length && SPACE.test(text[index])) index++;
  if (!ALPHANUMERIC.test(text[index] ?? '')) return undefined;
  const nameStart = index;
  while (index < text.length && NAME_CHAR.test(text[index])) index++;
  // A name ends with a letter or digit: `pkg-` is `pkg` followed by `-`.
  while (!ALPHANUMERIC.test(text[index - 1])) index--;
  const name = text.slice(nameStart, index);
  while (index < text.length && SPACE.test(text[index])) index++;
  let extras = '';
  if (text[index] === '[') {
    const close = text.indexOf(']', index + 1);
    if (close !== -1) {
      extras = text.slice(index + 1, close);
      index = close + 1;
    }
  }
  const marker = text.indexOf(';', index);
  const rest = text.slice(index, marker === -1 ? text.length : marker).trim();
  const specifier = rest.startsWith('@') ? '' : rest.replace(/^\(|\)$/g, '').replace(/\s+/g, '');
  return {
    name: normalizeName(name),
    extras: extras
      .split(',')
      .map((extra) => normalizeName(extra.trim()))
      .filter(Boolean),
    specifier,
    capped: hasUpperBound(specifier),
    isDirectReference: rest.startsWith('@'),
  };
}

/** A requirement line without the pip options that follow it (`--hash=...`, `--config-settings ...`). */
function withoutOptions(content: string): string {
  for (let index = 1; index < content.length; index++) {
    if (content[index] === '-' && SPACE.test(content[index - 1]) && /[-A-Za-z]/.test(content[index + 1] ?? '')) return content.slice(0, index).trimEnd();
  }
  return content;
}

export { hasUpperBound };

export interface RequirementsRead {
  requirements: Requirement[];
  /** Something could not be read (a missing include, a URL): the list may be incomplete. */
  complete: boolean;
}

/** A line without its comment: `#` at the start or after whitespace starts one (pip's rule). */
function withoutComment(line: string): string {
  for (let hash = line.indexOf('#'); hash !== -1; hash = line.indexOf('#', hash + 1)) {
    if (hash === 0 || SPACE.test(line[hash - 1])) return line.slice(0, hash);
  }
  return line;
}

/**
 * The reading of each requirements file that includes no other, by file and `isConstraint`: the
 * Dockerfiles that share a build context share its files (ContextShare), and so their parse.
 */
const readings = new WeakMap<ContextFile, Map<boolean, RequirementsRead>>();

/** Reads a requirements file and the files it includes (`-r`, `-c`), each once. The result is shared: do not change it. */
export function readRequirementsFile(context: BuildContext, relativePath: string, isConstraint = false, seen = new Set<string>()): RequirementsRead {
  // As pip reads it: UTF-16 with a byte-order mark is a requirements file too.
  const file = context.file(relativePath, 'pip');
  if (!file) return { requirements: [], complete: false };
  if (seen.has(file.path)) return { requirements: [], complete: true };
  seen.add(file.path);
  const outermost = seen.size === 1;
  const known = outermost ? readings.get(file)?.get(isConstraint) : undefined;
  if (known) return known;
  const read = parseRequirementsFile(context, file, isConstraint, seen);
  // Only a file that includes none: an include is read through this context (its notes, its links).
  if (outermost && seen.size === 1) {
    let byConstraint = readings.get(file);
    if (!byConstraint) readings.set(file, (byConstraint = new Map()));
    byConstraint.set(isConstraint, read);
  }
  return read;
}

function parseRequirementsFile(context: BuildContext, file: ContextFile, isConstraint: boolean, seen: Set<string>): RequirementsRead {
  const requirements: Requirement[] = [];
  let complete = true;
  const text = file.source.text;
  const lines = text.split('\n');
  let offset = 0;
  for (let index = 0; index < lines.length; index++) {
    const lineStart = offset;
    offset += lines[index].length + 1;
    // A trailing backslash continues the line (pip joins them). The pieces are joined once:
    // growing one string and testing its end again for each piece was quadratic.
    const pieces = [lines[index].replace(/\r$/, '')];
    while (pieces[pieces.length - 1].endsWith('\\') && index + 1 < lines.length) {
      pieces[pieces.length - 1] = pieces[pieces.length - 1].slice(0, -1);
      index++;
      pieces.push(lines[index].replace(/\r$/, ''));
      offset += lines[index].length + 1;
    }
    const line = pieces.join(' ');
    const content = withoutComment(line).trim();
    if (content === '') continue;
    const include = /^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(content);
    if (include) {
      const included = path.join(path.dirname(file.path), include[2]);
      const nested = readRequirementsFile(context, included, isConstraint || include[1].startsWith('-c') || include[1] === '--constraint', seen);
      for (const requirement of nested.requirements) requirements.push(requirement);
      complete &&= nested.complete;
      continue;
    }
    if (content.startsWith('-e') || content.startsWith('--editable') || /^(\.|\/|https?:|git\+)/.test(content)) {
      // An editable or local project: its dependencies are declared elsewhere.
      complete = false;
      continue;
    }
    if (content.startsWith('-')) continue; // --index-url, --hash, --no-binary ...
    // Options after the requirement (`fastapi==0.115.0 \` then `--hash=sha256:...` on the next
    // line) belong to pip, not to the version specifier.
    const requirementText = withoutOptions(content);
    const parsed = parseRequirement(requirementText);
    if (!parsed) continue;
    const column = pieces.length === 1 ? line.indexOf(content) : text.indexOf(content.split(/\s/)[0], lineStart) - lineStart;
    const start = lineStart + Math.max(0, column);
    requirements.push({ ...parsed, file, range: { start, end: start + requirementText.length }, isConstraint });
  }
  return { requirements, complete };
}
