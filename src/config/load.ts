/**
 * Finding and reading configuration: `.fastapi-docker-lint.yaml`, `.yml` or `.json`, or
 * `[tool.fastapi-docker-lint]` in pyproject.toml, from the Dockerfile's directory up to the
 * repository root; the nearest wins. Config files are data only: YAML without custom tags, JSON,
 * TOML; never JavaScript.
 */
import { readFileSync, statSync } from 'node:fs';
import { listDirectory } from '../context/directory-listing.js';
import path from 'node:path';
import { toml, yaml } from '../lazy-dependencies.cjs';
import { repositoryRoot } from '../context/locate.js';
import { ConfigError, readConfig, type Config } from './schema.js';

export const CONFIG_FILE_NAMES = ['.fastapi-docker-lint.yaml', '.fastapi-docker-lint.yml', '.fastapi-docker-lint.json', 'pyproject.toml'];
const PYPROJECT_TABLE = 'fastapi-docker-lint';

export interface LoadedConfig {
  /** The file it came from; `undefined` when none was found. */
  file: string | undefined;
  config: Config;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].trim();
}

/** How a path is shown in messages (relative to the working directory). */
export type ShowPath = (file: string) => string;

/** The settings in a config file, or `undefined` for a pyproject.toml without our table. */
function parseConfigFile(file: string, show: ShowPath): Config | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${show(file)}: cannot read it (${firstLine(error)})`);
  }
  let document: unknown;
  const name = path.basename(file);
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
    const config = readConfig(document);
    if (config.context !== undefined) config.context = path.resolve(path.dirname(file), config.context);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      const where = name === 'pyproject.toml' ? `${show(file)} [tool.${PYPROJECT_TABLE}]` : show(file);
      throw new ConfigError(`${where}: ${error.message}`);
    }
    throw error;
  }
}

/** Reads an explicit `-c FILE`. */
export function loadConfigFile(file: string, show: ShowPath = (shown) => shown): LoadedConfig {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new ConfigError(`${show(file)}: no such config file`);
  }
  if (!isFile) throw new ConfigError(`${show(file)}: not a file`);
  return { file, config: parseConfigFile(file, show) ?? {} };
}

/** Finds the nearest config for a directory, caching per directory. */
export class ConfigFinder {
  private readonly cache = new Map<string, LoadedConfig>();

  constructor(private readonly show: ShowPath = (shown) => shown) {}

  find(directory: string): LoadedConfig {
    const start = path.resolve(directory);
    const stop = repositoryRoot(start) ?? start;
    const visited: string[] = [];
    let found: LoadedConfig = { file: undefined, config: {} };
    for (let current = start; ; current = path.dirname(current)) {
      const cached = this.cache.get(current);
      if (cached) {
        found = cached;
        break;
      }
      visited.push(current);
      const hit = this.configIn(current);
      if (hit) {
        found = hit;
        break;
      }
      if (current === stop || path.dirname(current) === current) break;
    }
    for (const directoryVisited of visited) this.cache.set(directoryVisited, found);
    return found;
  }

  private configIn(directory: string): LoadedConfig | undefined {
    // One directory listing, shared with the rest of the run, instead of a stat per name.
    const names = listDirectory(directory);
    for (const name of CONFIG_FILE_NAMES) {
      if (names?.get(name) !== 'file' && names?.get(name) !== 'link') continue;
      const file = path.join(directory, name);
      const config = parseConfigFile(file, this.show);
      if (config) return { file, config };
    }
    return undefined;
  }
}
