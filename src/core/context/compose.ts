/**
 * Compose files, read for two questions: which context builds a Dockerfile, and whether a
 * TLS-terminating proxy (Traefik, nginx, Caddy, HAProxy) sits in front of its service.
 * YAML is parsed as data only: no custom tags, no merge keys beyond the core schema.
 */
import * as path from 'pathe';
import { yaml } from '../lazy-dependencies.cjs';
import type { OffsetRange } from '../model/source.js';
import type { ShellWord } from '../model/shell.js';
import { yamlCommandString, yamlWord } from './yaml-command.js';

/** Compose's own default names, in the order it looks for them. */
const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/**
 * A Compose file's name: the defaults, the files laid over them (`docker-compose.override.yml`,
 * read by default) and the variants projects keep beside them for `-f` (`compose.prod.yaml`,
 * `docker-compose.traefik.yml`, `docker-compose-dev.yml`, `test-docker-compose.yml`), and the
 * environment-named files some templates use instead (`local.yml`, `production.yml`; read as
 * Compose only when they hold a `services` mapping).
 */
const COMPOSE_FILE_NAME = /^(?:.*[._-])?compose(?:[._-].*)?\.ya?ml$|^(?:local|dev|development|prod|production|stage|staging|deploy)\.ya?ml$/i;

export function isComposeFileName(name: string): boolean {
  return COMPOSE_FILE_NAME.test(name);
}

/**
 * The Compose files among a directory's names, in the order they are read: Compose's default
 * names first, then its overrides, then the others by name (never the disk's order, so a
 * checkout and an extracted tarball read them alike). They describe one project: a service of
 * one name is the same service in all of them.
 */
export function composeFilesAmong(names: Iterable<string>): string[] {
  const rank = (name: string) => {
    const index = DEFAULT_COMPOSE_FILES.indexOf(name);
    return index !== -1 ? index : /^(?:docker-)?compose\.override\.ya?ml$/.test(name) ? DEFAULT_COMPOSE_FILES.length : DEFAULT_COMPOSE_FILES.length + 1;
  };
  return [...names].filter(isComposeFileName).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export interface ComposeService {
  name: string;
  image: string | undefined;
  /**
   * Absolute context directory and Dockerfile path, when the service builds an image from a
   * local directory. `defaultName`: no `dockerfile` was written, so BuildKit reads `Dockerfile`,
   * or `dockerfile` when there is no `Dockerfile`.
   */
  build: { context: string; dockerfile: string; defaultName: boolean; target?: string } | undefined;
  /** The service builds or pulls an image here (`build` or `image`): not an overlay of one defined elsewhere. */
  definesImage: boolean;
  labels: Record<string, string>;
  /** Services this one depends on or links to. */
  dependsOn: string[];
  /** `stop_grace_period` as written (`1m30s`), when it is a string or a number. */
  stopGracePeriod?: string;
  /** The service sets `command` or `entrypoint`, so the image's CMD/ENTRYPOINT may not be what runs. */
  overridesCommand?: boolean;
  /** `command:`, which replaces the image's CMD (see `ComposeCommand`). */
  command?: ComposeCommand;
  /** `entrypoint:`, which replaces the image's ENTRYPOINT and drops its CMD. */
  entrypoint?: ComposeCommand;
  /** `environment:` as written; `undefined` for a value Compose interpolates or takes from the shell. */
  environment?: Record<string, string | undefined>;
  /** `env_file:` is set: variables the file does not show. */
  envFile?: boolean;
  /** `working_dir:`, when written without a variable. */
  workingDir?: string;
  /** `profiles:`: the service starts only when one of them is asked for. */
  profiles?: string[];
  /** A folder of the project bind-mounted into the container (`./app:/code/app`): code edited live. */
  mountsProjectFolder?: boolean;
  /** `deploy.replicas` (or the legacy `scale`), with where it is. */
  replicas?: { value: number; range: OffsetRange };
}

/**
 * A `command:` or `entrypoint:`: the words Compose passes to the container, with their offsets in
 * the Compose file; `words` is `undefined` when they cannot be read (a string only a shell would
 * understand). An empty list or `null` resets it to the image's.
 */
export interface ComposeCommand {
  words: ShellWord[] | undefined;
  /** The value, for a finding about the command as a whole. */
  range: OffsetRange;
}

export interface ComposeFile {
  path: string;
  services: ComposeService[];
  /** The file's text, for findings that point into it. */
  text?: string;
}

/**
 * A Compose file kept for development, where a reloading server is what is wanted: the override
 * file Compose lays over the default one on a developer's machine (`compose.override.yaml`), and
 * files named for development (`docker-compose.dev.yml`, `compose-local.yaml`, `dev.yml`,
 * `docker-compose.debug.yml`). A service is for development too when it starts only under a
 * `dev`, `development`, `local` or `debug` profile.
 */
const DEVELOPMENT_FILE = /^(?:docker-)?compose\.override\.ya?ml$|(?:^|[._-])(?:dev|develop|development|local|debug)(?:[._-]|$)/i;
const DEVELOPMENT_PROFILE = /^(?:dev|develop|development|local|debug)$/i;

export function isDevelopmentCompose(file: ComposeFile, profiles: readonly string[] = []): boolean {
  return DEVELOPMENT_FILE.test(path.basename(file.path)) || profiles.some((profile) => DEVELOPMENT_PROFILE.test(profile));
}

type Yaml = Record<string, unknown>;

/**
 * Whether a `volumes:` entry bind-mounts a folder of the project (`.:/code`, `./src/app:/code/app`,
 * `{type: bind, source: ./app}`): a relative host path whose last name has no dot, so neither a
 * single file (`./nginx.conf`, `./.env`) nor a data folder (`./.data`). Named volumes and
 * absolute host paths are not the project's code.
 */
function isProjectFolderMount(entry: unknown): boolean {
  const source =
    typeof entry === 'string'
      ? entry.split(':').length > 1
        ? entry.split(':')[0]
        : undefined
      : isObject(entry) && entry.type === 'bind' && typeof entry.source === 'string'
        ? entry.source
        : undefined;
  if (source === undefined || !/^\.\.?(?:\/|$)/.test(source)) return false;
  const last = source.replace(/\/+$/, '').split('/').pop() ?? '';
  return last === '.' || last === '..' || !last.includes('.');
}

function isObject(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelsOf(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      labels[eq === -1 ? entry : entry.slice(0, eq)] = eq === -1 ? '' : entry.slice(eq + 1);
    }
  } else if (isObject(value)) {
    for (const [key, label] of Object.entries(value)) labels[key] = String(label ?? '');
  }
  return labels;
}

function namesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.split(':')[0]);
  if (isObject(value)) return Object.keys(value);
  return [];
}

/** `git@host:repo`, `https://host/repo.git#branch`, `github.com/owner/repo`: a context Compose fetches. */
const REMOTE_CONTEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

/**
 * A path as Compose interpolates it, as far as the file alone says: `${VAR:-default}` and
 * `${VAR-default}` give their default (the environment is not ours to read), `$$` is `$`.
 * `''` when a variable has no default: the path is unknown.
 */
function interpolate(text: string): string {
  let unknown = false;
  const result = text.replace(
    /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_]\w*)/g,
    (match, _braced, operator: string | undefined, fallback: string | undefined) => {
      if (match === '$$') return '$';
      if (operator === ':-' || operator === '-') return fallback ?? '';
      unknown = true;
      return '';
    },
  );
  return unknown ? '' : result;
}

/** The services of a Compose file; `undefined` when it is not valid YAML or has no services. */
export function parseCompose(text: string, file: string): ComposeFile | undefined {
  const library = yaml();
  let document: unknown;
  let parsed: ReturnType<typeof library.parseDocument>;
  try {
    parsed = library.parseDocument(text, { customTags: [], merge: true, logLevel: 'error' });
    if (parsed.errors.length > 0) return undefined;
    document = parsed.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (!isObject(document) || !isObject(document.services)) return undefined;
  const nodes = new NodeReader(library, parsed);
  const directory = path.dirname(file);
  const services: ComposeService[] = [];
  for (const [name, raw] of Object.entries(document.services)) {
    if (!isObject(raw)) continue;
    let build: ComposeService['build'];
    const written = typeof raw.build === 'string' ? { context: raw.build } : isObject(raw.build) ? raw.build : undefined;
    const contextText = typeof written?.context === 'string' ? interpolate(written.context) : written ? '.' : undefined;
    // A Git URL or a remote tarball is no directory of ours; an inline Dockerfile is no file.
    if (contextText !== undefined && contextText !== '' && !REMOTE_CONTEXT.test(contextText) && written?.dockerfile_inline === undefined) {
      const context = path.resolve(directory, contextText);
      const dockerfileText = typeof written?.dockerfile === 'string' ? interpolate(written.dockerfile) : undefined;
      if (dockerfileText !== '') {
        const target = typeof written?.target === 'string' ? interpolate(written.target) : undefined;
        build = {
          context,
          dockerfile: path.resolve(context, dockerfileText ?? 'Dockerfile'),
          defaultName: dockerfileText === undefined,
          target: target || undefined,
        };
      }
    }
    services.push({
      name,
      image: typeof raw.image === 'string' ? raw.image : undefined,
      build,
      definesImage: raw.build !== undefined || raw.image !== undefined,
      labels: labelsOf(raw.labels),
      dependsOn: [...namesOf(raw.depends_on), ...namesOf(raw.links)],
      stopGracePeriod: typeof raw.stop_grace_period === 'string' || typeof raw.stop_grace_period === 'number' ? String(raw.stop_grace_period) : undefined,
      overridesCommand: raw.command !== undefined || raw.entrypoint !== undefined,
      command: commandOf(text, nodes, ['services', name, 'command']),
      entrypoint: commandOf(text, nodes, ['services', name, 'entrypoint']),
      environment: environmentOf(raw.environment),
      envFile: raw.env_file !== undefined,
      workingDir: typeof raw.working_dir === 'string' && !raw.working_dir.includes('$') ? raw.working_dir : undefined,
      profiles: Array.isArray(raw.profiles) ? raw.profiles.filter((profile): profile is string => typeof profile === 'string') : undefined,
      mountsProjectFolder: Array.isArray(raw.volumes) && raw.volumes.some(isProjectFolderMount),
      replicas: replicasOf(nodes, name),
    });
  }
  return { path: file, services, text };
}

/** `environment:` as a list (`KEY=value`, `KEY`) or a mapping; values with `$` are unknown. */
function environmentOf(value: unknown): Record<string, string | undefined> | undefined {
  if (value === undefined || value === null) return undefined;
  const environment: Record<string, string | undefined> = {};
  const set = (key: string, written: unknown) => {
    const text = written === null || written === undefined ? undefined : String(written);
    environment[key] = text === undefined || /\$(?!\$)/.test(text) ? undefined : text.replace(/\$\$/g, '$');
  };
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      if (eq === -1) set(entry, undefined);
      else set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else if (isObject(value)) {
    for (const [key, written] of Object.entries(value)) set(key, written);
  }
  return environment;
}

function commandOf(text: string, nodes: NodeReader, keys: string[]): ComposeCommand | undefined {
  const node = nodes.at(keys);
  if (node === undefined) return undefined;
  const range = nodes.range(node);
  const scalar = nodes.scalar(node);
  if (scalar !== undefined) return scalar.value === null ? undefined : { words: yamlCommandString(text, String(scalar.value), range), range };
  const items = nodes.sequence(node);
  if (items === undefined) return { words: undefined, range };
  if (items.length === 0) return undefined;
  const words: ShellWord[] = [];
  for (const item of items) {
    const value = nodes.scalar(item)?.value;
    if (value === undefined || value === null || typeof value === 'object') return { words: undefined, range };
    words.push(yamlWord(text, String(value), nodes.range(item)));
  }
  return { words, range };
}

function replicasOf(nodes: NodeReader, service: string): ComposeService['replicas'] {
  for (const keys of [
    ['services', service, 'deploy', 'replicas'],
    ['services', service, 'scale'],
  ]) {
    const node = nodes.at(keys);
    const value = node === undefined ? undefined : nodes.scalar(node)?.value;
    if (typeof value === 'number' && Number.isInteger(value)) return { value, range: nodes.range(node) };
  }
  return undefined;
}

type YamlLibrary = ReturnType<typeof yaml>;

/** The nodes of a parsed Compose file, by key path, looking into `<<: *anchor` merges. */
class NodeReader {
  constructor(
    private readonly library: YamlLibrary,
    private readonly document: ReturnType<YamlLibrary['parseDocument']>,
  ) {}

  private resolve(node: unknown): unknown {
    return this.library.isAlias(node) ? node.resolve(this.document as never) : node;
  }

  private get(map: unknown, key: string, depth = 0): unknown {
    if (!this.library.isMap(map) || depth > 8) return undefined;
    const merges: unknown[] = [];
    for (const pair of map.items) {
      const name = this.library.isScalar(pair.key) ? pair.key.value : pair.key;
      if (name === key) return this.resolve(pair.value);
      if (name === '<<') merges.push(pair.value);
    }
    for (const merge of merges) {
      for (const source of this.library.isSeq(merge) ? merge.items : [merge]) {
        const found = this.get(this.resolve(source), key, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  at(keys: string[]): unknown {
    let node: unknown = this.document.contents;
    for (const key of keys) node = this.get(node, key);
    return node ?? undefined;
  }

  scalar(node: unknown): { value: unknown } | undefined {
    return this.library.isScalar(node) ? node : undefined;
  }

  sequence(node: unknown): unknown[] | undefined {
    return this.library.isSeq(node) ? node.items.map((item) => this.resolve(item)) : undefined;
  }

  range(node: unknown): OffsetRange {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
  }
}

const PROXY_IMAGE = /(?:^|\/)(traefik|nginx|caddy|haproxy)(?::|@|$)/i;

/**
 * The Compose files that describe one service together, as `docker compose -f a -f b` merges
 * them: the file that defines it, and the files of its directory that add to it without
 * defining it again (`docker-compose.traefik.yml` giving `api` labels, an override file). A
 * file that defines the service anew (`docker-compose.prod.yml` with its own `build`) is an
 * alternative to it, not a layer.
 */
export function composeProject(file: ComposeFile, serviceName: string, directoryFiles: readonly ComposeFile[]): ComposeFile[] {
  const isDefault = (compose: ComposeFile) => DEFAULT_COMPOSE_FILES.includes(path.basename(compose.path));
  const defines = (compose: ComposeFile) => compose.services.some((candidate) => candidate.name === serviceName && candidate.definesImage);
  // A layer belongs to the default file when that file defines the service; to an alternative
  // file (docker-compose.prod.yml) only when no default file does.
  const layersBelongHere = isDefault(file) || !directoryFiles.some((other) => other !== file && isDefault(other) && defines(other));
  const layers = directoryFiles.filter((other) => {
    if (other === file) return false;
    // Compose lays an override file over the default one, whatever it holds.
    if (/^(?:docker-)?compose\.override\.ya?ml$/.test(path.basename(other.path))) return isDefault(file);
    const service = other.services.find((candidate) => candidate.name === serviceName);
    return layersBelongHere && service !== undefined && !service.definesImage;
  });
  return [file, ...layers];
}

/**
 * Why a service is behind a proxy according to the Compose files of its project (see
 * `composeProject`: the file that builds it first), naming the file that says so.
 */
export function proxyInFront(files: readonly ComposeFile[], serviceName: string): string | undefined {
  // `traefik.enable=false` in any of them turns the router off.
  const disabled = files.some((file) => file.services.some((candidate) => candidate.name === serviceName && candidate.labels['traefik.enable'] === 'false'));
  for (const compose of files) {
    const service = compose.services.find((candidate) => candidate.name === serviceName);
    if (!disabled && service && Object.keys(service.labels).some((label) => label.startsWith('traefik.http.') || label === 'traefik.enable')) {
      return `service \`${serviceName}\` has Traefik labels in ${path.basename(compose.path)}`;
    }
    for (const other of compose.services) {
      const proxy = PROXY_IMAGE.exec(other.image ?? '')?.[1];
      if (proxy && other.name !== serviceName && other.dependsOn.includes(serviceName)) {
        return `a ${proxy} service, \`${other.name}\`, routes to \`${serviceName}\` in ${path.basename(compose.path)}`;
      }
    }
  }
  return undefined;
}
