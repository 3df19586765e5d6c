/**
 * The local packages a dependency install needs in place: directories that the requirements
 * files, pyproject.toml or Pipfile it reads name as local paths (`-e ./shared`, `./libs/x`,
 * `-e file:./shared`, `x @ file:///src/x`, Poetry's `x = { path = "../shared" }`, uv's
 * `[tool.uv.sources] x = { path = "../shared" }`, Pipfile's `x = { path = "./x" }`), or that pip
 * names on its command line beside a requirements file, or alone before the stage installs
 * its dependencies (`pip install /opt/common`, then `pip install -r requirements.txt`). Copying such a directory before the
 * install is what the install needs, not copying application code early.
 *
 * Paths are image paths. The files the install reads are found where the image has them when it
 * runs: through the RUN's bind mounts and the COPYs before it, back to the build context.
 */
import * as path from 'pathe';
import { toml } from '../lazy-dependencies.cjs';
import { resolvePath } from '../model/build.js';
import { copiesFileTo, copyTargets, isWithin, landingPaths } from '../model/copy-targets.js';
import { pipArguments } from '../model/pip-arguments.js';
import { isToolInstall, packageInstall, type PackageInstall } from '../model/python-tools.js';
import { stageLineage } from '../model/stages.js';
import type { InstructionModel } from '../model/types.js';
import { substitute } from '../model/variables.js';
import type { BuildContext } from './build-context.js';

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The instructions that ran before `instruction` in its stage and the stages it is built FROM, latest first. */
function earlierInstructions(instruction: InstructionModel): InstructionModel[] {
  const lineage = stageLineage(instruction.stage).flatMap((stage) => stage.instructions);
  const index = lineage.indexOf(instruction);
  return (index === -1 ? [] : lineage.slice(0, index)).reverse();
}

/**
 * The context path of the file or directory at `imagePath` when `instruction` runs; `undefined`
 * when it does not come from the build context as far as we can see (another stage, an image,
 * a RUN, an unknown variable).
 */
export function contextPathAt(instruction: InstructionModel, imagePath: string, context: BuildContext): string | undefined {
  for (const mount of instruction.command?.mounts ?? []) {
    if (mount.type !== 'bind' || !mount.target || mount.flag.options.has('from')) continue;
    const target = resolvePath(instruction.workdir ?? '/', mount.target);
    if (!isWithin(imagePath, target)) continue;
    const found = context.normalize(path.join(mount.source ?? '.', imagePath.slice(target.length)));
    return found !== undefined && context.exists(found) ? found : undefined;
  }
  for (const earlier of earlierInstructions(instruction)) {
    if (!earlier.copy) continue;
    const targets = copyTargets(earlier);
    if (!targets) {
      // `COPY --from`, or a destination we cannot read: it may have put the path there.
      const destination = earlier.copy.destination ? substitute(earlier.copy.destination.value, earlier.buildScope) : undefined;
      if (destination === undefined || earlier.workdir === undefined || isWithin(imagePath, resolvePath(earlier.workdir, destination))) return undefined;
      continue;
    }
    for (const target of targets) {
      if (target.path === undefined) {
        if (isWithin(imagePath, target.destination)) return undefined;
        continue;
      }
      const matches = target.isGlob ? context.glob(target.path) : [context.normalize(target.path)];
      for (const match of matches) {
        if (match === undefined) continue;
        const kind = context.kind(match);
        if (kind === 'directory') {
          if (!isWithin(imagePath, target.destination)) continue;
          const candidate = context.normalize(path.join(match, imagePath.slice(target.destination.length)));
          if (candidate !== undefined && context.exists(candidate) && !context.isIgnored(candidate)) return candidate;
        } else if (kind === 'file' && landingPaths(target, match, 'file').includes(imagePath) && !context.isIgnored(match)) {
          return match;
        }
      }
    }
  }
  return undefined;
}

/**
 * Whether a later RUN of the stage installs dependencies from a manifest or by name (`pip
 * install -r requirements.txt`, `uv sync`, `poetry install`): the one the application needs,
 * which an earlier install of a path alone (`pip install /opt/common`) prepares for.
 */
function dependenciesInstalledAfter(instruction: InstructionModel): boolean {
  const instructions = instruction.stage?.instructions ?? [];
  return instructions.slice(instructions.indexOf(instruction) + 1).some((later) =>
    (later.keyword === 'RUN' ? (later.command?.invocations ?? []) : []).some((invocation) => {
      const install = packageInstall(invocation);
      if (!install || isToolInstall(install) || install.scope === 'project-only') return false;
      if (install.tool !== 'pip' && install.tool !== 'uv pip') return true;
      return pipArguments(install).some((argument) => argument.kind === 'requirement' || argument.kind === 'package');
    }),
  );
}

/**
 * Whether a file is in place at `imagePath` when `instruction` runs, as the COPYs before it
 * show: named or matched by a wildcard (`COPY Pipfile* ./`), or, with the build context known,
 * held by a copied folder or the whole context (`COPY . .`) and not left out by .dockerignore.
 */
export function fileCopiedTo(instruction: InstructionModel, imagePath: string, context: BuildContext | undefined): boolean {
  return copiesFileTo(instruction, imagePath) || (context !== undefined && contextPathAt(instruction, imagePath, context) !== undefined);
}

/** `file:///src/x` → `/src/x`, `file:./x` → `./x`; extras and `#egg=` fragments removed. */
function localPathOf(reference: string): string | undefined {
  let value = reference
    .trim()
    .replace(/#.*$/, '')
    .replace(/\[[^\]]*\]$/, '');
  if (/^file:/i.test(value)) value = value.replace(/^file:(?:\/\/(?:localhost)?(?=\/))?/i, '');
  else if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return undefined; // git+https://, https://
  if (!/^(?:\.{1,2}(?:\/|$)|\/)/.test(value) && !reference.trim().toLowerCase().startsWith('file:')) return undefined;
  return value === '' ? undefined : value;
}

/** The local path of a PEP 508 direct reference, `name @ file:...`. */
function directReferencePath(requirement: string): string | undefined {
  const at = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@\s*(\S+)/.exec(requirement);
  return at && /^file:/i.test(at[1]) ? localPathOf(at[1].replace(/;.*$/, '')) : undefined;
}

/** A requirements line without its comment (`#` at the start or after whitespace). */
function withoutComment(line: string): string {
  for (let hash = line.indexOf('#'); hash !== -1; hash = line.indexOf('#', hash + 1)) {
    if (hash === 0 || /\s/.test(line[hash - 1])) return line.slice(0, hash);
  }
  return line;
}

interface RequirementsReferences {
  /** Files it includes (`-r`, `-c`), as written. */
  includes: string[];
  /** Local paths it installs, as written (`./shared`). */
  localPaths: string[];
}

/** The includes and local paths of a requirements file's text. */
function requirementsReferences(text: string): RequirementsReferences {
  const found: RequirementsReferences = { includes: [], localPaths: [] };
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const content = withoutComment(line).trim();
    if (content === '') continue;
    const include = /^(?:-r|--requirement|-c|--constraint)(?:\s*=?\s*)(\S+)/.exec(content);
    if (include) {
      found.includes.push(include[1]);
      continue;
    }
    const editable = /^(?:-e|--editable)(?:\s*=?\s*)(\S+)/.exec(content);
    const local = editable
      ? localPathOf(editable[1])
      : content.startsWith('-')
        ? undefined
        : (localPathOf(content.split(/\s/)[0]) ?? directReferencePath(content));
    if (local !== undefined) found.localPaths.push(local);
  }
  return found;
}

/** Paths a pyproject.toml names as local dependencies (Poetry, uv sources, `@ file:` references, PDM), as written. */
function pyprojectLocalPaths(text: string, projectDirectory: string): string[] {
  let document: Table;
  try {
    document = toml().parse(text) as Table;
  } catch {
    return [];
  }
  const found: string[] = [];
  const fromTableValue = (value: unknown) => {
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (isTable(entry) && typeof entry.path === 'string') found.push(entry.path);
    }
  };
  const fromRequirement = (value: unknown) => {
    if (typeof value !== 'string') return;
    const requirement = value.replace(/\$\{PROJECT_ROOT\}/g, projectDirectory).replace(/^-e\s+/, '');
    const local = directReferencePath(requirement) ?? (requirement.startsWith('file:') ? localPathOf(requirement) : undefined);
    if (local !== undefined) found.push(local);
  };
  const tool = isTable(document.tool) ? document.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  const poetryTables = [
    poetry.dependencies,
    poetry['dev-dependencies'],
    ...Object.values(isTable(poetry.group) ? poetry.group : {}).map((group) => (isTable(group) ? group.dependencies : undefined)),
  ];
  for (const table of poetryTables) if (isTable(table)) Object.values(table).forEach(fromTableValue);
  const uv = isTable(tool.uv) ? tool.uv : {};
  if (isTable(uv.sources)) Object.values(uv.sources).forEach(fromTableValue);
  const project = isTable(document.project) ? document.project : {};
  const lists = [project.dependencies, ...Object.values(isTable(project['optional-dependencies']) ? project['optional-dependencies'] : {})];
  lists.push(...Object.values(isTable(document['dependency-groups']) ? document['dependency-groups'] : {}));
  const pdm = isTable(tool.pdm) ? tool.pdm : {};
  lists.push(...Object.values(isTable(pdm['dev-dependencies']) ? pdm['dev-dependencies'] : {}));
  for (const list of lists) if (Array.isArray(list)) list.forEach(fromRequirement);
  return found;
}

/** Paths a Pipfile names as local packages (`x = { path = "./x" }`), as written. */
function pipfileLocalPaths(text: string): string[] {
  let document: Table;
  try {
    document = toml().parse(text) as Table;
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const section of [document.packages, document['dev-packages']]) {
    if (!isTable(section)) continue;
    for (const value of Object.values(section)) if (isTable(value) && typeof value.path === 'string') found.push(value.path);
  }
  return found;
}

/** Options naming the project's directory (`uv sync --project DIR`, `poetry install -C DIR`). */
const PROJECT_OPTIONS: Partial<Record<PackageInstall['tool'], string[]>> = {
  'uv sync': ['--project', '--directory'],
  poetry: ['-C', '--directory', '-P', '--project'],
  pdm: ['-p', '--project'],
};

/**
 * Image paths of the local packages an install needs in place, other than the project itself
 * (the working directory, the directory of the pyproject.toml it installs, or a parent of
 * either). Empty when nothing names one, or the files cannot be found in the context.
 */
export function localPackagePaths(install: PackageInstall, instruction: InstructionModel, context: BuildContext | undefined): string[] {
  const workdir = instruction.workdir;
  if (workdir === undefined) return [];
  const imagePathOf = (value: string, base = workdir) => {
    const text = substitute(value, instruction.buildScope);
    return text === undefined || text.includes('$') ? undefined : resolvePath(base, text);
  };
  const found = new Set<string>();
  const projects = new Set<string>([workdir]);
  const fileAt = (imagePath: string) => {
    const contextPath = context ? contextPathAt(instruction, imagePath, context) : undefined;
    return contextPath === undefined ? undefined : context?.file(contextPath);
  };
  const readPyproject = (directory: string) => {
    projects.add(directory);
    const file = fileAt(path.join(directory, 'pyproject.toml'));
    if (file) for (const local of pyprojectLocalPaths(file.source.text, directory)) found.add(resolvePath(directory, local));
  };
  const readRequirements = (imagePath: string, contextPath: string | undefined, seen: Set<string>) => {
    const file = contextPath === undefined ? undefined : context?.file(contextPath);
    if (!file || seen.has(file.path)) return;
    seen.add(file.path);
    if (file.path.endsWith('pyproject.toml')) {
      readPyproject(path.dirname(imagePath));
      return;
    }
    const references = requirementsReferences(file.source.text);
    // pip reads a relative path in a requirements file against the working directory
    // (pypa/pip#6112); beside the file is where its author often meant it.
    for (const local of references.localPaths) {
      found.add(resolvePath(workdir, local));
      found.add(resolvePath(path.dirname(imagePath), local));
    }
    for (const include of references.includes) {
      readRequirements(resolvePath(path.dirname(imagePath), include), context?.normalize(path.join(path.dirname(file.path), include)), seen);
    }
  };

  switch (install.tool) {
    case 'pip':
    case 'uv pip': {
      const args = pipArguments(install);
      const readsRequirements = args.some((argument) => argument.kind === 'requirement');
      const seen = new Set<string>();
      for (const argument of args) {
        const imagePath = imagePathOf(argument.value.replace(/\[[^\]]*\]$/, ''));
        if (imagePath === undefined) continue;
        if (argument.kind === 'requirement') {
          const contextPath = context ? contextPathAt(instruction, imagePath, context) : undefined;
          readRequirements(imagePath, contextPath, seen);
        } else if (argument.kind === 'editable' || argument.kind === 'path') {
          const local = localPathOf(argument.value);
          if (local === undefined) continue;
          const localImagePath = resolvePath(workdir, local);
          // Beside a requirements file, a path is one more package; alone, it is the project,
          // unless the stage installs its dependencies later (then it is a library they need).
          if (readsRequirements || (!isWithin(workdir, localImagePath) && dependenciesInstalledAfter(instruction))) found.add(localImagePath);
          else readPyproject(localImagePath);
        }
      }
      break;
    }
    case 'uv sync':
    case 'poetry':
    case 'pdm': {
      const option = install.args.findIndex((word) => PROJECT_OPTIONS[install.tool]?.includes(word.value));
      const directory = option !== -1 && install.args[option + 1] ? imagePathOf(install.args[option + 1].value) : workdir;
      if (directory !== undefined) readPyproject(directory);
      break;
    }
    case 'pipenv': {
      const file = fileAt(path.join(workdir, 'Pipfile'));
      if (file) for (const local of pipfileLocalPaths(file.source.text)) found.add(resolvePath(workdir, local));
      break;
    }
    default:
  }
  return [...found].filter((local) => local !== '/' && ![...projects].some((project) => isWithin(project, local)));
}
