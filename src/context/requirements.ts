/**
 * Python requirements as the project declares them: requirements files (following `-r` and
 * `-c`), and pyproject.toml's `[project]` and `[tool.poetry]` dependencies. Each requirement
 * keeps the file and range it was written at, so findings can point there.
 */
import path from 'node:path';
import type { OffsetRange } from '../model/source.js';
import type { BuildContext, ContextFile } from './build-context.js';

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

const PEP508 = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(@\s*\S+|[^;]*)?\s*(?:;.*)?$/;

/** Parses one PEP 508 requirement string. */
export function parseRequirement(text: string): Pick<Requirement, 'name' | 'extras' | 'specifier' | 'capped' | 'isDirectReference'> | undefined {
  const match = PEP508.exec(text);
  if (!match) return undefined;
  const rest = (match[3] ?? '').trim();
  const specifier = rest.startsWith('@') ? '' : rest.replace(/^\(|\)$/g, '').replace(/\s+/g, '');
  return {
    name: normalizeName(match[1]),
    extras: (match[2] ?? '').split(',').map((extra) => normalizeName(extra.trim())).filter(Boolean),
    specifier,
    capped: hasUpperBound(specifier),
    isDirectReference: rest.startsWith('@'),
  };
}

/** Whether a specifier caps the version: `<`, `<=`, `==` (also `==1.*`), `~=`, `===`. */
export function hasUpperBound(specifier: string): boolean {
  return specifier.split(',').some((clause) => /^(?:<|<=|==|~=|===)/.test(clause.trim()) && !clause.trim().startsWith('<>'));
}

export interface RequirementsRead {
  requirements: Requirement[];
  /** Something could not be read (a missing include, a URL): the list may be incomplete. */
  complete: boolean;
}

/** Reads a requirements file and the files it includes (`-r`, `-c`), each once. */
export function readRequirementsFile(context: BuildContext, relativePath: string, isConstraint = false, seen = new Set<string>()): RequirementsRead {
  const file = context.file(relativePath);
  if (!file) return { requirements: [], complete: false };
  if (seen.has(file.path)) return { requirements: [], complete: true };
  seen.add(file.path);
  const requirements: Requirement[] = [];
  let complete = true;
  const text = file.source.text;
  const lines = text.split(/\n/);
  let offset = 0;
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index];
    const lineStart = offset;
    offset += line.length + 1;
    // A trailing backslash continues the line (pip joins them).
    while (line.endsWith('\\') && index + 1 < lines.length) {
      index++;
      line = line.slice(0, -1) + ' ' + lines[index];
      offset += lines[index].length + 1;
    }
    const content = line.replace(/(^|\s)#.*$/, '').replace(/\r$/, '').trim();
    if (content === '') continue;
    const include = /^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(content);
    if (include) {
      const included = path.posix.join(path.posix.dirname(file.path), include[2]);
      const nested = readRequirementsFile(context, included, isConstraint || include[1].startsWith('-c') || include[1] === '--constraint', seen);
      requirements.push(...nested.requirements);
      complete &&= nested.complete;
      continue;
    }
    if (content.startsWith('-e') || content.startsWith('--editable') || /^(\.|\/|https?:|git\+)/.test(content)) {
      // An editable or local project: its dependencies are declared elsewhere.
      complete = false;
      continue;
    }
    if (content.startsWith('-')) continue; // --index-url, --hash, --no-binary ...
    const parsed = parseRequirement(content);
    if (!parsed) continue;
    const column = lines[index] === line ? line.indexOf(content) : text.slice(lineStart).indexOf(content.split(/\s/)[0]);
    const start = lineStart + Math.max(0, column);
    requirements.push({ ...parsed, file, range: { start, end: start + content.length }, isConstraint });
  }
  return { requirements, complete };
}
