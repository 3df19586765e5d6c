/**
 * pyproject.toml: `[project].dependencies`, `[tool.poetry.dependencies]` and
 * `[tool.fastapi].entrypoint`. smol-toml gives no positions, so a dependency's range is found
 * by its text on the line that declares it.
 */
import { toml } from '../lazy-dependencies.cjs';
import type { BuildContext, ContextFile } from './build-context.js';
import { hasUpperBound, normalizeName, parseRequirement, type Requirement, type RequirementsRead } from './requirements.js';

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rangeOfText(file: ContextFile, needle: string, from = 0): { start: number; end: number } {
  const index = file.source.text.indexOf(needle, from);
  return index === -1 ? { start: 0, end: 0 } : { start: index, end: index + needle.length };
}

/**
 * Where each `key =` line starts, from the table `header` on (from the top when there is no such
 * header line), first occurrence winning: one pass over the text, so a Poetry table with 40,000
 * dependencies costs what reading it costs (a search per dependency was quadratic).
 */
function keyLines(text: string, header: string): Map<string, { start: number; end: number }> {
  const ranges = new Map<string, { start: number; end: number }>();
  const headerAt = text.indexOf(header);
  let lineStart = headerAt === -1 ? 0 : headerAt;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let index = lineStart;
    while (index < lineEnd && (text[index] === ' ' || text[index] === '\t')) index++;
    const keyStart = index;
    let key: string | undefined;
    if (text[index] === '"' || text[index] === "'") {
      const close = text.indexOf(text[index], index + 1);
      if (close !== -1 && close < lineEnd) {
        key = text.slice(index + 1, close);
        index = close + 1;
      }
    } else {
      while (index < lineEnd && !/[\s=]/.test(text[index])) index++;
      if (index > keyStart) key = text.slice(keyStart, index);
    }
    while (index < lineEnd && (text[index] === ' ' || text[index] === '\t')) index++;
    if (key !== undefined && text[index] === '=' && !ranges.has(key)) ranges.set(key, { start: keyStart, end: index + 1 });
    lineStart = lineEnd + 1;
  }
  return ranges;
}

/** Whether a Poetry constraint caps the version: `^1.2` and `~1.2` do, so does a bare `1.2`. */
function poetryCapped(constraint: string): boolean {
  const trimmed = constraint.trim();
  if (trimmed === '*' || trimmed === '') return false;
  return /^[\^~]|^\d/.test(trimmed) || hasUpperBound(trimmed.replace(/\s+/g, ''));
}

export interface PyprojectRead extends RequirementsRead {
  /** `[tool.fastapi] entrypoint`, e.g. `app.main:app`. */
  entrypoint: string | undefined;
  entrypointRange: { start: number; end: number } | undefined;
  file: ContextFile | undefined;
}

/**
 * Each TOML file of the context (pyproject.toml, Pipfile) parsed once, by file: the Dockerfiles
 * that share a build context share its files (ContextShare), so one parse serves them all.
 * `null`: not valid TOML. The document is shared: do not change it.
 */
const documents = new WeakMap<ContextFile, Table | null>();
const readings = new WeakMap<ContextFile, PyprojectRead>();

export function tomlDocument(file: ContextFile): Table | null {
  let document = documents.get(file);
  if (document === undefined) {
    try {
      document = toml().parse(file.source.text) as Table;
    } catch {
      document = null;
    }
    documents.set(file, document);
  }
  return document;
}

/** What a pyproject.toml declares. The result is shared: do not change it. */
export function pyproject(context: BuildContext, relativePath: string): PyprojectRead {
  const file = context.file(relativePath);
  if (!file) return { requirements: [], complete: false, entrypoint: undefined, entrypointRange: undefined, file: undefined };
  let read = readings.get(file);
  if (!read) readings.set(file, (read = readPyproject(file)));
  return read;
}

function readPyproject(file: ContextFile): PyprojectRead {
  const document = tomlDocument(file);
  if (document === null) return { requirements: [], complete: false, entrypoint: undefined, entrypointRange: undefined, file };
  const requirements: Requirement[] = [];
  const project = isTable(document.project) ? document.project : undefined;
  let searchFrom = 0;
  for (const entry of Array.isArray(project?.dependencies) ? project.dependencies : []) {
    if (typeof entry !== 'string') continue;
    const parsed = parseRequirement(entry);
    if (!parsed) continue;
    const range = rangeOfText(file, entry, searchFrom);
    searchFrom = range.end;
    requirements.push({ ...parsed, file, range, isConstraint: false });
  }
  const tool = isTable(document.tool) ? document.tool : {};
  const poetry = isTable(tool.poetry) && isTable(tool.poetry.dependencies) ? tool.poetry.dependencies : {};
  const keyRanges =
    Object.keys(poetry).length > 0 ? keyLines(file.source.text, '[tool.poetry.dependencies]') : new Map<string, { start: number; end: number }>();
  for (const [name, value] of Object.entries(poetry)) {
    if (normalizeName(name) === 'python') continue;
    const constraint = typeof value === 'string' ? value : isTable(value) && typeof value.version === 'string' ? value.version : '';
    const extras = isTable(value) && Array.isArray(value.extras) ? value.extras.map(String).map(normalizeName) : [];
    const isDirectReference = isTable(value) && (typeof value.git === 'string' || typeof value.path === 'string' || typeof value.url === 'string');
    const range = keyRanges.get(name) ?? { start: 0, end: 0 };
    requirements.push({
      name: normalizeName(name),
      extras,
      specifier: constraint,
      capped: poetryCapped(constraint),
      isDirectReference,
      file,
      range,
      isConstraint: false,
    });
  }
  const fastapi = isTable(tool.fastapi) ? tool.fastapi : {};
  const entrypoint = typeof fastapi.entrypoint === 'string' ? fastapi.entrypoint : undefined;
  return {
    requirements,
    complete: true,
    entrypoint,
    entrypointRange: entrypoint ? rangeOfText(file, entrypoint) : undefined,
    file,
  };
}

/** The groups of development dependencies a plain `uv sync` and `poetry install` add (see `defaultDevelopmentGroups`). */
export interface DefaultGroups {
  uv: string[];
  poetry: string[];
}

/**
 * The dependency groups a plain install adds beyond the main dependencies, read from
 * pyproject.toml: for `uv sync`, the `dev` group (PEP 735 `[dependency-groups]`, with uv's
 * older `tool.uv.dev-dependencies`) when it has entries and is among uv's default groups; for
 * `poetry install`, every group that has dependencies and is not `optional = true`
 * (`[tool.poetry.group.<name>.dependencies]`, and the older `[tool.poetry.dev-dependencies]` as
 * `dev`). An empty table adds nothing. `undefined` when there is no readable pyproject.toml.
 */
export function defaultDevelopmentGroups(context: BuildContext, relativePath = 'pyproject.toml'): DefaultGroups | undefined {
  const file = context.file(relativePath);
  if (!file) return undefined;
  const document = tomlDocument(file);
  if (document === null) return undefined;
  const hasEntries = (value: unknown) => (Array.isArray(value) ? value.length > 0 : isTable(value) && Object.keys(value).length > 0);
  const tool = isTable(document.tool) ? document.tool : {};

  const uvTable = isTable(tool.uv) ? tool.uv : {};
  const groups = isTable(document['dependency-groups']) ? document['dependency-groups'] : {};
  const devHasEntries = hasEntries(groups.dev) || hasEntries(uvTable['dev-dependencies']);
  const defaults = uvTable['default-groups'];
  const devIsDefault = defaults === undefined || defaults === 'all' || (Array.isArray(defaults) && defaults.includes('dev'));
  const uv = devHasEntries && devIsDefault ? ['dev'] : [];

  const poetryTable = isTable(tool.poetry) ? tool.poetry : {};
  const poetry: string[] = [];
  if (hasEntries(poetryTable['dev-dependencies'])) poetry.push('dev');
  const poetryGroups = isTable(poetryTable.group) ? poetryTable.group : {};
  for (const [name, group] of Object.entries(poetryGroups)) {
    if (!isTable(group) || group.optional === true || name === 'main') continue;
    if (hasEntries(group.dependencies) && !poetry.includes(name)) poetry.push(name);
  }
  return { uv, poetry };
}
