import { defineRule } from '../src/core/rule.js';
import {
  CONTEXT_RULE_OPTIONS,
  commandPlace,
  DEFAULT_APP_FILES,
  type ImageFilesystem,
  path,
  type Project,
  pyproject,
  readPythonModule,
  runningServers,
  RUNTIME_COMMANDS_DOC,
  type ServerCommand,
  serverOption,
} from '../src/core/facts.js';

type Verdict = 'present' | 'absent' | 'unknown';

function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('present')) return 'present';
  return verdicts.includes('unknown') ? 'unknown' : 'absent';
}

function lookupPath(imageFs: ImageFilesystem, imagePath: string): Verdict {
  const found = imageFs.lookup(imagePath);
  return found.kind === 'absent' ? 'absent' : found.kind === 'unknown' ? 'unknown' : 'present';
}

/** A module (`app.main`) importable from one of the roots: `app/main.py`, a package, or a namespace directory. */
function lookupModule(imageFs: ImageFilesystem, roots: string[], module: string): Verdict {
  const relative = module.split('.').join('/');
  return combine(roots.flatMap((root) => [lookupPath(imageFs, path.join(root, `${relative}.py`)), lookupPath(imageFs, path.join(root, relative))]));
}

/** Where Python imports the app module from: the app dir option, WORKDIR and PYTHONPATH. */
function importRoots(server: ServerCommand, workdir: string): string[] | undefined {
  const roots: string[] = [];
  const appDir = serverOption(server, '--app-dir', '--chdir');
  if (appDir) {
    if (appDir.value === undefined || appDir.value.includes('$')) return undefined;
    roots.push(path.resolve(workdir, appDir.value));
  }
  roots.push(workdir);
  const pythonPath = server.env.get('PYTHONPATH');
  if (server.env.has('PYTHONPATH') && pythonPath === undefined) return undefined;
  for (const entry of (pythonPath ?? '').split(':')) {
    if (entry.includes('$')) return undefined;
    if (entry) roots.push(path.resolve(workdir, entry));
  }
  for (const option of server.options.filter((found) => found.name === '--pythonpath')) {
    if (!option.value || option.value.includes('$')) return undefined;
    for (const entry of option.value.split(',')) roots.push(path.resolve(workdir, entry));
  }
  return roots;
}

/** Where a file named like the missing one is in the image (an absolute path), those below WORKDIR first. */
function elsewhere(project: Project, fileName: string, workdir: string, attributes: string[]): string | undefined {
  return project.imageFs.findFiles(fileName, workdir).find((found) => definesAny(project, found, attributes));
}

/** Whether the module at an image path binds one of the names at its top level (`app = FastAPI()`). */
function definesAny(project: Project, imagePath: string, attributes: string[]): boolean {
  const found = project.imageFs.lookup(imagePath);
  const file = found.kind === 'file' ? project.context.file(found.contextPath) : undefined;
  if (!file) return false;
  const names = readPythonModule(file.source.text).names;
  return attributes.some((attribute) => names.has(attribute));
}

/** The names `fastapi run` looks for in a module, before any other FastAPI instance. */
const FASTAPI_CLI_NAMES = ['app', 'api'];

/** `app`, `create_app()`, `module.app` → the top-level name the module must bind. */
function attributeName(written: string): string {
  return written.split(/[.(]/)[0];
}

/** An image path as a command line in WORKDIR would write it: relative when below WORKDIR, else absolute. */
function fromWorkdir(imagePath: string, workdir: string): string {
  const relative = path.relative(workdir, imagePath);
  return relative === '' || relative.startsWith('..') ? imagePath : relative;
}

/** The dotted module for a `.py` file below one of the import roots (`app.main`), if it is importable as one. */
function moduleFrom(imagePath: string, roots: string[]): string | undefined {
  for (const root of roots) {
    const relative: string = path.relative(root, imagePath);
    if (relative === '' || relative.startsWith('..') || !relative.endsWith('.py')) continue;
    const parts = relative.slice(0, -3).split('/');
    if (parts.every((part) => /^[A-Za-z_]\w*$/.test(part))) return parts.join('.');
  }
  return undefined;
}

interface Target {
  verdict: Verdict;
  describe: string;
  /** The file name to search the image for, when missing. */
  fileName: string;
  /** Turns where the file was found (an absolute image path) into what to write instead, if anything can be said. */
  suggest: (found: string) => string | undefined;
  /** The names a module found elsewhere must define to be the app (`app` of `main:app`). */
  attributes: string[];
}

function fastapiTarget(server: ServerCommand, project: Project, workdir: string): Target | undefined {
  const imageFs = project.imageFs;
  const written = server.positionals[0];
  if (written) {
    if (written.value.includes('$')) return undefined;
    const imagePath = path.resolve(workdir, written.value);
    return {
      verdict: lookupPath(imageFs, imagePath),
      describe: `\`${server.kind} ${server.subcommand} ${written.value}\` looks for ${imagePath}, which the image does not contain`,
      fileName: path.basename(imagePath),
      suggest: (found) => `use \`${server.kind} ${server.subcommand} ${fromWorkdir(found, workdir)}\``,
      attributes: FASTAPI_CLI_NAMES,
    };
  }
  if (serverOption(server, '--entrypoint', '-e', '--app')) return undefined;
  const configured = imageFs.lookup(path.join(workdir, 'pyproject.toml'));
  if (configured.kind === 'unknown') return undefined;
  const entrypoint = configured.kind === 'file' ? pyproject(project.context, configured.contextPath).entrypoint : undefined;
  if (entrypoint) {
    const module = entrypoint.split(':')[0];
    return {
      verdict: lookupModule(imageFs, [workdir], module),
      describe: `pyproject.toml's \`entrypoint = "${entrypoint}"\` names \`${module}\`, which the image does not contain below ${workdir}`,
      fileName: `${module.split('.').pop()}.py`,
      suggest: (found) => {
        const moduleFound = moduleFrom(found, [workdir]);
        return moduleFound === undefined ? undefined : `point it at \`${moduleFound}:${entrypoint.split(':')[1] ?? 'app'}\``;
      },
      attributes: [attributeName(entrypoint.split(':')[1] ?? 'app')],
    };
  }
  return {
    verdict: combine(DEFAULT_APP_FILES.map((file) => lookupPath(imageFs, path.join(workdir, file)))),
    describe: `\`${server.kind} ${server.subcommand}\` without a path finds none of main.py, app.py, api.py (nor in app/) in ${workdir}`,
    fileName: 'main.py',
    suggest: (found) => `pass the path: \`${server.kind} ${server.subcommand} ${fromWorkdir(found, workdir)}\``,
    attributes: FASTAPI_CLI_NAMES,
  };
}

function moduleTarget(server: ServerCommand, project: Project, workdir: string): Target | undefined {
  if (serverOption(server, '-c', '--config')) return undefined;
  // The servers import the module with importlib, which takes a file name with hyphens (`my-api:app`).
  const app = server.positionals.find((word) => /^[A-Za-z_][\w.-]*:[\w.()]+$/.test(word.value)) ?? server.positionals[0];
  if (!app || app.value.includes('$')) return undefined;
  const module = app.value.split(':')[0];
  if (!/^[A-Za-z_][\w.-]*$/.test(module)) return undefined;
  const roots = importRoots(server, workdir);
  if (!roots) return undefined;
  // An installed project puts its modules in site-packages, where we cannot look.
  if (project.installs.installsProject) return undefined;
  return {
    verdict: lookupModule(project.imageFs, roots, module),
    describe: `\`${server.kind} ${app.value}\` imports \`${module}\` from ${[...new Set(roots)].join(' or ')}, which the image does not contain`,
    fileName: `${module.split('.').pop()}.py`,
    suggest: (found) => {
      const attribute = app.value.split(':')[1];
      const moduleFound = moduleFrom(found, roots);
      if (moduleFound !== undefined) return `use \`${moduleFound}:${attribute}\``;
      // Outside every import root: the server must be told where to import from.
      const directory = path.dirname(found);
      const name = path.basename(found, '.py');
      if (!/^[A-Za-z_][\w-]*$/.test(name)) return undefined;
      if (server.kind === 'uvicorn') return `use \`${name}:${attribute} --app-dir ${directory}\``;
      if (server.kind === 'gunicorn') return `use \`--chdir ${directory} ${name}:${attribute}\``;
      return undefined;
    },
    attributes: [attributeName(app.value.split(':')[1] ?? 'app')],
  };
}

export const appPath = defineRule({
  code: 'FDL023',
  name: 'app-path',
  severity: 'error',
  summary: 'The app the server command names is in the image where the command looks for it',
  fixable: false,
  messages: {
    missing: '{{describe}}{{elsewhere}}.',
  },
  docs: {
    description: `Reports a server command whose app the image will not contain: the path of \`fastapi run PATH\`/\`fastapi dev PATH\`, the module of \`uvicorn module:app\`, \`gunicorn module:app\` or \`hypercorn module:app\`, or pyproject's \`[tool.fastapi] entrypoint\`, resolved against WORKDIR (and \`--app-dir\`, \`--chdir\`, PYTHONPATH) in the image's files as the COPY and ADD instructions lay them out from the build context. With no path, \`fastapi run\` tries main.py, app.py, api.py, app/main.py, app/app.py and app/api.py: the rule fires when none exists. The message says where the file is, if it is elsewhere in the image and defines the app there (the attribute the command names, or \`app\` or \`api\` for \`fastapi run\`). Silent whenever the image could hold the file for reasons we cannot see (\`COPY --from\`, a RUN that writes files, a custom base image, an installed project).\n\n${RUNTIME_COMMANDS_DOC}`,
    why: 'A wrong path builds fine and fails at `docker run`: `Path does not exist app/main.py` or `Could not import module "main"`. It happens when a Dockerfile is moved, when `COPY ./app /code/app` meets `fastapi run main.py`, or when WORKDIR changes.',
    bad: '# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "main.py"]',
    good: '# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety: 'No fix: when the app exists elsewhere in the image, the message names the path to use, but which of the two is wrong is yours to decide.',
    guideItems: [1, 10],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://fastapi.tiangolo.com/fastapi-cli/'],
  },
  check({ model, project, report }) {
    if (project?.status !== 'usable' || !project.imageFs.copiesFromContext) return;
    for (const server of runningServers(model, project)) {
      if (server.workdir === undefined) continue;
      const workdir = server.workdir;
      const target = server.kind === 'fastapi' ? fastapiTarget(server, project, workdir) : moduleTarget(server, project, workdir);
      if (target?.verdict !== 'absent') continue;
      const found = elsewhere(project, target.fileName, workdir, target.attributes);
      const suggestion = found === undefined ? undefined : target.suggest(found);
      report({
        messageId: 'missing',
        data: { describe: target.describe, elsewhere: found ? `; it has ${found}${suggestion ? `: ${suggestion}` : ''}` : '' },
        ...commandPlace(server),
      });
    }
  },
});
