/**
 * Images the repository builds itself, by name: `docker build -t NAME` (also `docker buildx
 * build`, `docker image build`, `podman build`, `buildah bud`) and `docker tag SRC NAME` in
 * Makefiles, justfiles and shell scripts, the `tags` of `docker buildx bake` targets, and Compose
 * services that `build:` an image and name it with `image:`. A `FROM base` that names one of them
 * uses what the previous step built, not a registry tag that moves.
 *
 * Looked for where a project keeps its build steps: the Compose file that builds the Dockerfile,
 * and, in the build context, the directories from the Dockerfile up to the root, the Compose
 * file's directory, the root's own folders (`infra/`, `docker/`, `scripts/`), and the `scripts/`
 * and `bin/` folders of the first ones. A caller that can read the repository's root (which the
 * build context may not include: `services/api/` built alone, the Makefile in `infra/`) passes
 * it too, and the same places are searched there.
 */
import * as path from 'pathe';
import { parseImageReference, type ImageReference } from '../model/image.js';
import { basename, scriptInvocations, type Invocation } from '../model/invocation.js';
import { parseShell, type ShellWord } from '../model/shell.js';
import { mappedSlice } from '../model/source.js';
import { substitute } from '../model/variables.js';
import type { BuildContext, ContextFileSystem } from './build-context.js';
import { parseCompose, type ComposeFile } from './compose.js';

export interface LocalImage {
  /** The name as the build step gives it, variables expanded: `base`, `web-app-base:latest`. */
  name: string;
  /** The file that builds it (absolute, or as the context names it). */
  file: string;
}

/** Build-step files larger than this are not read. */
const MAX_FILE_BYTES = 256 * 1024;
/** At most this many files are read per directory. */
const MAX_FILES_PER_DIRECTORY = 40;
/** At most this many entries of the root are looked at for folders (a monorepo's root stays cheap). */
const MAX_ROOT_ENTRIES = 200;

const MAKEFILE = /^(?:GNUmakefile|[Mm]akefile|.*\.mk)$/;
const JUSTFILE = /^\.?[Jj]ustfile$/;
const SCRIPT = /\.(?:sh|bash)$/;
const BAKE_HCL = /^docker-bake(?:\.[\w-]+)?\.hcl$/;
const BAKE_JSON = /^docker-bake(?:\.[\w-]+)?\.json$/;
const COMPOSE = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/;

/**
 * The images a repository builds, as far as the build context shows them and, when the caller
 * has one, a file system at the repository's root (its Makefile, `infra/`, `scripts/`), which
 * the build context alone may not reach. Found once per context and place.
 */
export function locallyBuiltImages(context: BuildContext, repository?: ContextFileSystem): LocalImage[] {
  const images: LocalImage[] = context.compose ? imagesOfCompose(context.compose.file) : [];
  const places = context.refused ? [] : [context.fileSystem];
  if (repository && repository.root !== context.root) places.push(repository);
  for (const fileSystem of places) {
    const directories = searchedDirectories(fileSystem, context);
    const key = `local-images\0${fileSystem.root}\0${directories.join('\0')}`;
    images.push(...context.memo(key, () => imagesInDirectories(fileSystem, directories), false));
  }
  return images;
}

/**
 * The local image a FROM names, if any: a name with no registry host and no `/` (which no one
 * would pull from Docker Hub's library by accident), equal to a name the repository builds, the
 * tag defaulting to `latest` on both sides.
 */
export function localImageFor(image: ImageReference, images: LocalImage[]): LocalImage | undefined {
  if (image.digest !== undefined || image.text.split(/[:@]/)[0].includes('/')) return undefined;
  return images.find((local) => {
    const built = parseImageReference(local.name);
    return (
      built !== undefined && built.registry === image.registry && built.repository === image.repository && (built.tag ?? 'latest') === (image.tag ?? 'latest')
    );
  });
}

/** Folders that hold no build steps of the project's own. */
const SKIPPED_FOLDERS = /^(?:\..*|node_modules|venv|env|__pycache__|site-packages|dist|build|target|vendor)$/;

/**
 * Directories to look in, relative to the file system's root, nearest the Dockerfile first:
 * from the Dockerfile's directory up to the root, the Compose file's directory, the root's own
 * folders (`infra/`, `docker/`, `scripts/`), and the `scripts/` and `bin/` folders of the others.
 */
function searchedDirectories(fileSystem: ContextFileSystem, context: BuildContext): string[] {
  const found: string[] = [];
  const relativeTo = (absolute: string): string | undefined => {
    const relative = path.relative(fileSystem.root, absolute);
    return relative === '' ? '' : relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative;
  };
  const add = (relative: string | undefined) => {
    if (relative !== undefined && !found.includes(relative) && (relative === '' || fileSystem.kind(relative) === 'directory')) found.push(relative);
  };
  if (context.dockerfilePath) {
    for (
      let relative = relativeTo(path.dirname(context.dockerfilePath));
      relative !== undefined;
      relative = relative === '' ? undefined : path.dirname(relative).replace(/^\.$/, '')
    ) {
      add(relative);
    }
  }
  add('');
  if (context.compose) add(relativeTo(path.dirname(context.compose.file.path)));
  const nearby = [...found];
  for (const name of fileSystem.list('').sort().slice(0, MAX_ROOT_ENTRIES)) if (!SKIPPED_FOLDERS.test(name)) add(name);
  for (const directory of nearby) {
    for (const folder of ['scripts', 'bin']) add(directory ? `${directory}/${folder}` : folder);
  }
  return found;
}

function imagesInDirectories(fileSystem: ContextFileSystem, directories: string[]): LocalImage[] {
  const images: LocalImage[] = [];
  for (const directory of directories) {
    let read = 0;
    for (const name of fileSystem.list(directory).sort()) {
      const kind = [MAKEFILE, JUSTFILE, SCRIPT, BAKE_HCL, BAKE_JSON, COMPOSE].find((pattern) => pattern.test(name));
      if (!kind || read >= MAX_FILES_PER_DIRECTORY) continue;
      const relative = directory ? `${directory}/${name}` : name;
      if (fileSystem.kind(relative) !== 'file') continue;
      read++;
      const text = fileSystem.read(relative, MAX_FILE_BYTES);
      if (text.kind !== 'text') continue;
      const file = path.join(fileSystem.root, relative);
      const names =
        kind === MAKEFILE
          ? tagsInMakefile(text.text)
          : kind === JUSTFILE
            ? tagsInJustfile(text.text)
            : kind === SCRIPT
              ? tagsInScript(text.text)
              : kind === BAKE_HCL
                ? tagsInBakeHcl(text.text)
                : kind === BAKE_JSON
                  ? tagsInBakeJson(text.text)
                  : imagesOfCompose(parseCompose(text.text, file)).map((image) => image.name);
      for (const imageName of names) images.push({ name: imageName, file });
    }
  }
  return images;
}

/** Services that build an image and name it: `image: web-app-base` with `build:`. */
function imagesOfCompose(compose: ComposeFile | undefined): LocalImage[] {
  const images: LocalImage[] = [];
  for (const service of compose?.services ?? []) {
    if (!service.build || service.image === undefined) continue;
    // Compose interpolation: `${TAG:-latest}` takes its default; an unset `$TAG` is unknown.
    const name = substitute(service.image, new Map());
    if (name !== undefined && name !== '') images.push({ name, file: (compose as ComposeFile).path });
  }
  return images;
}

/** Docker's global options that take a value (`docker --context x build`). */
const DOCKER_GLOBAL_VALUE_OPTIONS = new Set(['-c', '--context', '-H', '--host', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);
const TAG_OPTIONS = new Set(['-t', '--tag']);

/** The names one invocation gives an image: the tags of a build, the target of `docker tag`. */
function tagsOf(invocation: Invocation): ShellWord[] {
  const program = basename(invocation.program);
  if (!['docker', 'podman', 'nerdctl', 'buildah'].includes(program)) return [];
  const args = invocation.args;
  const positionals: number[] = [];
  for (let index = 0; index < args.length && positionals.length < 2; index++) {
    const value = args[index].value;
    if (!value.startsWith('-')) positionals.push(index);
    else if (positionals.length === 0 && DOCKER_GLOBAL_VALUE_OPTIONS.has(value)) index++;
  }
  const [first, second] = positionals.map((index) => args[index].value);
  const isBuild = first === 'build' || first === 'bud' || ((first === 'buildx' || first === 'image' || first === 'builder') && second === 'build');
  if (first === 'tag' || (first === 'image' && second === 'tag')) {
    const start = (first === 'tag' ? positionals[0] : positionals[1]) + 1;
    const names = args.slice(start).filter((word) => !word.value.startsWith('-'));
    return names.length >= 2 ? [names[1]] : [];
  }
  if (!isBuild) return [];
  const tags: ShellWord[] = [];
  for (let index = positionals[0] + 1; index < args.length; index++) {
    const value = args[index].value;
    if (TAG_OPTIONS.has(value)) {
      const next = args[index + 1];
      if (next) tags.push(next);
      index++;
    } else if (value.startsWith('--tag=')) {
      tags.push({ ...args[index], value: value.slice('--tag='.length) });
    } else if (/^-t[^-]/.test(value)) {
      tags.push({ ...args[index], value: value.slice(2) });
    }
  }
  return tags;
}

/** Builtins whose `NAME=value` arguments set variables: `export IMAGE=base`. */
const DECLARING_BUILTINS = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);

/** Image names a shell script tags, its `NAME=value` assignments expanded in order. */
function tagsInScript(text: string): string[] {
  const script = parseShell(mappedSlice(text, 0, text.length));
  const scope = new Map<string, string | undefined>();
  const names: string[] = [];
  for (const command of script.commands) {
    if (command.argv.length === 0) {
      for (const assignment of command.assignments) scope.set(assignment.name, substitute(assignment.value, scope));
      continue;
    }
    if (DECLARING_BUILTINS.has(command.argv[0].value)) {
      for (const word of command.argv.slice(1)) {
        const eq = word.value.indexOf('=');
        if (eq > 0) scope.set(word.value.slice(0, eq), substitute(word.value.slice(eq + 1), scope));
      }
      continue;
    }
    for (const invocation of scriptInvocations({ commands: [command], features: script.features })) {
      for (const tag of tagsOf(invocation)) {
        const name = substitute(tag.value, scope);
        if (name !== undefined && name !== '' && !name.includes('$')) names.push(name);
      }
    }
  }
  return names;
}

/** Lines joined at a trailing backslash. */
function logicalLines(text: string): string[] {
  return text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
}

/** Expands `$(NAME)` and `${NAME}` from make variables; `$$` is a shell `$`. Unknown names stay as written. */
function expandMake(text: string, variables: Map<string, string>, depth = 0): string {
  if (depth > 8) return text;
  const expanded = text.replace(/\$(?:\(([A-Za-z_][\w.-]*)\)|\{([A-Za-z_][\w.-]*)\})/g, (match, paren: string | undefined, brace: string | undefined) => {
    const value = variables.get((paren ?? brace) as string);
    return value === undefined ? match : expandMake(value, variables, depth + 1);
  });
  return expanded;
}

/** Image names a Makefile's recipes tag, with its variables (`NAME = value`, `NAME := value`, `NAME ?= value`). */
function tagsInMakefile(text: string): string[] {
  const variables = new Map<string, string>();
  const recipes: string[] = [];
  for (const line of logicalLines(text)) {
    if (line.startsWith('\t')) {
      recipes.push(line.slice(1).replace(/^[@+-]+/, ''));
      continue;
    }
    const assignment = /^\s*(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*(::?=|:::=|\?=|\+=|=)\s*(.*?)\s*$/.exec(line);
    if (!assignment) continue;
    const [, name, operator, value] = assignment;
    if (operator === '?=' && variables.has(name)) continue;
    variables.set(name, operator === '+=' && variables.has(name) ? `${variables.get(name)} ${value}` : value);
  }
  // `$$VAR` is the shell's variable: kept for the shell reader, which leaves it unknown.
  return recipes.flatMap((recipe) => tagsInScript(expandMake(recipe, variables).replace(/\$\$/g, '$')));
}

/** Image names a justfile's recipes tag, with its `name := "value"` variables as `{{name}}`. */
function tagsInJustfile(text: string): string[] {
  const variables = new Map<string, string>();
  const recipes: string[] = [];
  for (const line of logicalLines(text)) {
    const assignment = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(?:"([^"]*)"|'([^']*)')\s*$/.exec(line);
    if (assignment) variables.set(assignment[1], assignment[2] ?? assignment[3]);
    else if (/^\s+\S/.test(line)) recipes.push(line.trim().replace(/^[@-]+/, ''));
  }
  return recipes.flatMap((recipe) => {
    const expanded = recipe.replace(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (match, name: string) => variables.get(name) ?? match);
    return expanded.includes('{{') ? [] : tagsInScript(expanded);
  });
}

/** The `tags` of a bake file's targets, `${VAR}` taken from its variables' defaults. */
function tagsInBakeHcl(text: string): string[] {
  const defaults = new Map<string, string>();
  for (const match of text.matchAll(/variable\s+"([A-Za-z_]\w*)"\s*\{[^}]*?default\s*=\s*"([^"]*)"/g)) defaults.set(match[1], match[2]);
  const names: string[] = [];
  for (const list of text.matchAll(/\btags\s*=\s*\[([^\]]*)\]/g)) {
    for (const item of list[1].matchAll(/"([^"]*)"/g)) {
      const name = item[1].replace(/\$\{([A-Za-z_]\w*)\}/g, (match, variable: string) => defaults.get(variable) ?? match);
      if (!name.includes('$')) names.push(name);
    }
  }
  return names;
}

function tagsInBakeJson(text: string): string[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [];
  }
  const targets = typeof document === 'object' && document !== null ? (document as { target?: unknown }).target : undefined;
  if (typeof targets !== 'object' || targets === null) return [];
  return Object.values(targets).flatMap((target) => {
    const tags = typeof target === 'object' && target !== null ? (target as { tags?: unknown }).tags : undefined;
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string' && !tag.includes('$')) : [];
  });
}
