/**
 * Finding and reading configuration: `.fastapi-docker-lint.yaml`, `.yml` or `.json`, or
 * `[tool.fastapi-docker-lint]` in pyproject.toml, from the Dockerfile's directory up to the
 * project root (`projectRoot`: the repository, or the working directory); the nearest wins, as
 * in ruff, and settings are never merged across files. In one directory the first of
 * CONFIG_FILE_NAMES wins; the others there are shadowed, and the run says so once. Config files
 * are data only: YAML without custom tags, JSON, TOML; never JavaScript.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { toml, yaml } from '../core/lazy-dependencies.cjs';
import { projectRoot } from './repository.js';
import { contextBoundary, staysInside } from './context-file-system.js';
import { NodeSession } from './session.js';
import type { RuleSet } from '../core/rule-set.js';
import { describeSize, readTextLimited } from './read-limited.js';
import { ConfigError, readConfig, type Config } from '../core/config/schema.js';

export const CONFIG_FILE_NAMES = ['.fastapi-docker-lint.yaml', '.fastapi-docker-lint.yml', '.fastapi-docker-lint.json', 'pyproject.toml'];
const PYPROJECT_TABLE = 'fastapi-docker-lint';

export interface LoadedConfig {
  /** The file it came from; `undefined` when none was found. */
  file: string | undefined;
  config: Config;
  /**
   * Set when the file's `context` leaves the repository holding the file (see
   * contextBoundary): the context was dropped from `config`, and this one line says so.
   */
  contextRefused?: string;
  /**
   * Config files beside `file` that it shadows (a pyproject.toml only when it has our table):
   * never read for settings, and named on stderr once.
   */
  shadowed?: string[];
}

/** A config file the search came upon, and what became of it (`--print-config`'s `configFiles`). */
export interface ConfigCandidate {
  file: string;
  /** Why it is not the config used; absent for the one used. */
  skipped?: string;
}

/** A config file larger than this is refused. */
const MAX_CONFIG_BYTES = 1024 * 1024;

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split('\n')[0]
    .trim();
}

/** How a path is shown in messages (relative to the working directory). */
export type ShowPath = (file: string) => string;

/** Why a config file gives no text, in a few words. */
function unreadable(read: Exclude<ReturnType<typeof readTextLimited>, { kind: 'text' }>): string {
  switch (read.kind) {
    case 'too-large':
      return `larger than ${describeSize(MAX_CONFIG_BYTES)}`;
    case 'not-a-file':
      return 'not a regular file';
    case 'utf16':
      return 'UTF-16 is not supported, save it as UTF-8';
    case 'binary':
      return 'not a text file';
    default:
      return firstLine(read.error);
  }
}

/** The settings in a config file, or `undefined` for a pyproject.toml without our table. */
function parseConfigFile(file: string, show: ShowPath, ruleSet: RuleSet, session?: NodeSession): Omit<LoadedConfig, 'file'> | undefined {
  const name = path.basename(file);
  // Only a regular file, never more than 1 MiB: a FIFO would block, /dev/zero would never end.
  const read = session ? session.readText(file, MAX_CONFIG_BYTES) : readTextLimited(file, MAX_CONFIG_BYTES);
  if (read.kind !== 'text') {
    // A pyproject.toml that cannot be read is not a config we were asked for.
    if (name === 'pyproject.toml' && read.kind !== 'error') return undefined;
    throw new ConfigError(`${show(file)}: cannot read it (${unreadable(read)})`);
  }
  const text = read.text;
  let document: unknown;
  try {
    if (name === 'pyproject.toml') {
      // Only files that mention our table are parsed: most pyproject.toml files are not ours.
      if (!text.includes(PYPROJECT_TABLE)) return undefined;
      document = toml().parse(text);
      const tool = (document as { tool?: Record<string, unknown> }).tool;
      if (!tool || !(PYPROJECT_TABLE in tool)) return undefined;
      document = tool[PYPROJECT_TABLE];
    } else if (name.endsWith('.json')) {
      document = JSON.parse(text);
    } else {
      document = yaml().parse(text, { customTags: [], merge: false, maxAliasCount: 100, logLevel: 'error' });
    }
  } catch (error) {
    const kind = name === 'pyproject.toml' ? 'TOML' : name.endsWith('.json') ? 'JSON' : 'YAML';
    throw new ConfigError(`${show(file)}: not valid ${kind}: ${firstLine(error)}`);
  }
  try {
    const config = readConfig(document, ruleSet);
    let contextRefused: string | undefined;
    if (config.context !== undefined) {
      const context = path.resolve(path.dirname(file), config.context);
      if (staysInside(context, contextBoundary(file, session), session)) config.context = context;
      else {
        // A repository's config must not point the linter at ~/.ssh: read nothing there.
        contextRefused = `${show(file)}: context '${config.context}' is outside the repository, so it is not read: the checks against the project (FDL020-FDL025) are skipped; pass --context to choose it`;
        delete config.context;
      }
    }
    return { config, contextRefused };
  } catch (error) {
    if (error instanceof ConfigError) {
      const where = name === 'pyproject.toml' ? `${show(file)} [tool.${PYPROJECT_TABLE}]` : show(file);
      throw new ConfigError(`${where}: ${error.message}`);
    }
    throw error;
  }
}

/** Whether a pyproject.toml has our table; an unreadable or broken one has none (it is not ours to judge). */
function hasOurTable(file: string, session: NodeSession): boolean {
  const read = session.readText(file, MAX_CONFIG_BYTES);
  if (read.kind !== 'text' || !read.text.includes(PYPROJECT_TABLE)) return false;
  try {
    const tool = (toml().parse(read.text) as { tool?: Record<string, unknown> }).tool;
    return tool !== undefined && PYPROJECT_TABLE in tool;
  } catch {
    return false;
  }
}

/**
 * What is said once when a config shadows others beside it: one note per file ignored, on that
 * file, naming the one used.
 */
export function shadowingNotes(loaded: LoadedConfig, show: ShowPath): { path: string; message: string }[] {
  const used = loaded.file;
  if (used === undefined) return [];
  return (loaded.shadowed ?? []).map((file) => ({
    path: file,
    message: `${path.basename(file) === 'pyproject.toml' ? `[tool.${PYPROJECT_TABLE}] is` : 'it is'} ignored: ${show(used)} beside it is the config used (in one directory the first of ${CONFIG_FILE_NAMES.join(', ')} wins, and settings are not merged)`,
  }));
}

/** Reads an explicit `-c FILE`. */
export function loadConfigFile(file: string, show: ShowPath, ruleSet: RuleSet): LoadedConfig {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new ConfigError(`${show(file)}: no such config file`);
  }
  if (!isFile) throw new ConfigError(`${show(file)}: not a file`);
  return { file, ...(parseConfigFile(file, show, ruleSet) ?? { config: {} }) };
}

/** Finds the nearest config for a directory, caching per directory. */
export class ConfigFinder {
  /** By directory: the config found, and the facts of the disk it rests on (for the lint cache). */
  private readonly cache = new Map<string, { found: LoadedConfig; facts: ReadonlyMap<string, string> }>();

  constructor(
    private readonly show: ShowPath,
    private readonly ruleSet: RuleSet,
    private readonly session = new NodeSession(),
  ) {}

  find(directory: string): LoadedConfig {
    const start = path.resolve(directory);
    const stop = projectRoot(start, this.session);
    const visited: string[] = [];
    const { value: found, facts } = this.session.capture(() => {
      for (let current = start; ; current = path.dirname(current)) {
        const cached = this.cache.get(current);
        if (cached) {
          this.session.replay(cached.facts);
          return cached.found;
        }
        visited.push(current);
        const hit = this.configIn(current);
        if (hit) return hit;
        if (current === stop || path.dirname(current) === current) return { file: undefined, config: {} } as LoadedConfig;
      }
    });
    for (const directoryVisited of visited) this.cache.set(directoryVisited, { found, facts });
    return found;
  }

  private configIn(directory: string): LoadedConfig | undefined {
    // One directory listing, shared with the rest of the run, instead of a stat per name.
    for (const name of CONFIG_FILE_NAMES) {
      const type = this.session.entryType(directory, name);
      if (type !== 'file' && type !== 'link') continue;
      const file = path.join(directory, name);
      // A config found by the search that links out of the repository (to a .env, a key) is
      // never read: its parse error would quote the file.
      if (type === 'link' && !staysInside(file, contextBoundary(file, this.session), this.session)) {
        throw new ConfigError(`${this.show(file)}: a symbolic link to a file outside the repository, not read; pass it with -c to use it`);
      }
      const parsed = parseConfigFile(file, this.show, this.ruleSet, this.session);
      if (parsed) {
        const shadowed = this.configsIn(directory).filter((other) => other !== file);
        return shadowed.length > 0 ? { file, ...parsed, shadowed } : { file, ...parsed };
      }
    }
    return undefined;
  }

  /** The config files in a directory, in the order they win; a pyproject.toml only with our table. */
  private configsIn(directory: string): string[] {
    return CONFIG_FILE_NAMES.filter((name) => {
      const type = this.session.entryType(directory, name);
      if (type !== 'file' && type !== 'link') return false;
      const file = path.join(directory, name);
      if (type === 'link' && !staysInside(file, contextBoundary(file, this.session), this.session)) return false;
      return name !== 'pyproject.toml' || hasOurTable(file, this.session);
    }).map((name) => path.join(directory, name));
  }

  /**
   * Every config file the search for `directory` comes upon, up to the project root, the one
   * used first among its directory's and the others with why they are skipped: shadowed beside
   * it, a pyproject.toml without our table on the way, or farther than the one used.
   */
  candidates(directory: string): ConfigCandidate[] {
    const used = this.find(directory).file;
    const start = path.resolve(directory);
    const stop = projectRoot(start, this.session);
    const found: ConfigCandidate[] = [];
    let passed = false;
    for (let current = start; ; current = path.dirname(current)) {
      const configs = this.configsIn(current);
      for (const file of configs) {
        if (file === used) found.push({ file });
        else if (!passed && used !== undefined && path.dirname(file) === path.dirname(used))
          found.push({ file, skipped: `shadowed by ${this.show(used)} beside it` });
        else found.push({ file, skipped: `a nearer config file wins: ${this.show(used ?? file)}` });
      }
      // A pyproject.toml on the way to the config used (or with none found) was read, and is not ours.
      const type = this.session.entryType(current, 'pyproject.toml');
      if (!passed && configs.length === 0 && (type === 'file' || type === 'link'))
        found.push({ file: path.join(current, 'pyproject.toml'), skipped: `no [tool.${PYPROJECT_TABLE}] table` });
      if (used !== undefined && configs.includes(used)) passed = true;
      if (current === stop || path.dirname(current) === current) return found;
    }
  }
}
