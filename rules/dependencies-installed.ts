import { defineRule } from '../src/core/rule.js';
import {
  basename,
  installOptions,
  pipArguments,
  commandCandidates,
  CONTEXT_RULE_OPTIONS,
  type CopiedManifest,
  copiedManifests,
  type DockerfileModel,
  effectiveCommands,
  type ImageReference,
  type Invocation,
  isDeprecatedFastapiImage,
  isOfficialPythonImage,
  isShellProgram,
  isToolInstall,
  normalizeName,
  packageInstall,
  type PackageInstall,
  parseRequirement,
  pythonCommands,
  serverCommand,
  shippedLineage,
  type Stage,
  stageLineage,
  startsServer,
} from '../src/core/facts.js';

/**
 * What FastAPI's own packages bring along (their dependencies, with the `standard` extras): a
 * manifest that lists them is covered by an install of `fastapi[standard]` or `uvicorn[standard]`.
 */
const BROUGHT_BY: Record<string, string[]> = {
  fastapi: ['starlette', 'pydantic', 'pydantic-core', 'typing-extensions', 'annotated-types', 'anyio', 'idna', 'sniffio', 'typing-inspection'],
  'fastapi[standard]': [
    'fastapi-cli',
    'fastapi-cloud-cli',
    'uvicorn',
    'httpx',
    'httpcore',
    'certifi',
    'jinja2',
    'markupsafe',
    'python-multipart',
    'email-validator',
    'dnspython',
    'rich',
    'typer',
  ],
  'fastapi[all]': [
    'fastapi-cli',
    'uvicorn',
    'httpx',
    'httpcore',
    'certifi',
    'jinja2',
    'markupsafe',
    'python-multipart',
    'email-validator',
    'dnspython',
    'itsdangerous',
    'pyyaml',
    'ujson',
    'orjson',
    'pydantic-settings',
    'pydantic-extra-types',
  ],
  uvicorn: ['click', 'h11'],
  'uvicorn[standard]': ['httptools', 'uvloop', 'websockets', 'watchfiles', 'python-dotenv', 'pyyaml'],
  gunicorn: ['packaging'],
  'uvicorn-worker': ['uvicorn', 'gunicorn'],
  'fastapi-cli': ['typer', 'rich', 'uvicorn'],
  pydantic: ['pydantic-core', 'typing-extensions', 'annotated-types'],
  starlette: ['anyio'],
};

/** What tiangolo's uvicorn-gunicorn images install themselves: `uvicorn[standard]`, `gunicorn` and (the -fastapi one) `fastapi[all]`. */
const TIANGOLO_PACKAGES = ['fastapi[all]', 'uvicorn[standard]', 'gunicorn'];

/** Tools a main requirements file sometimes lists that the app does not import at run time. */
const DEVELOPMENT_TOOLS =
  /^(?:pytest(?:-.+)?|black|ruff|mypy|flake8(?:-.+)?|isort|pylint|pre-commit|coverage|tox|nox|ipython|ipdb|types-.+|pyright|bandit|pip-tools|pipdeptree|build|twine|wheel|setuptools|pip|uv|poetry|pipenv|pdm)$/;

/** The names an install of these words brings in, with what they bring along; `undefined` when it names anything else. */
function fastapiFamily(names: string[]): Set<string> | undefined {
  const brought = new Set<string>();
  for (const name of names) {
    const [base, extras = ''] = name.split('[');
    const keys = [
      base,
      ...extras
        .replace(/\]$/, '')
        .split(',')
        .filter(Boolean)
        .map((extra) => `${base}[${extra}]`),
    ];
    if (!Object.hasOwn(BROUGHT_BY, base) && !DEVELOPMENT_TOOLS.test(base)) return undefined;
    brought.add(base);
    for (const key of keys) for (const dependency of BROUGHT_BY[key] ?? []) brought.add(dependency);
  }
  // What the brought packages bring in turn (uvicorn through fastapi[standard]).
  for (const name of [...brought]) for (const dependency of BROUGHT_BY[name] ?? []) brought.add(dependency);
  return brought;
}

/** Base images whose own start does not install the app's manifest: the official python image, uv's, tiangolo's. */
function baseInstallsNothing(image: ImageReference | undefined): boolean {
  if (!image) return false;
  if (isOfficialPythonImage(image)) return !/onbuild/i.test(image.tag ?? '');
  return isDeprecatedFastapiImage(image) || (image.registry === 'ghcr.io' && image.repository === 'astral-sh/uv');
}

/** Images `COPY --from` may take tools from without bringing Python packages. */
const TOOL_IMAGES = /(?:^|\/)astral-sh\/uv(?::|@|$)/;

/** The shipped stages and every stage they copy from, with the stages those are built on. */
function stagesThatFeedTheImage(model: DockerfileModel): { stages: Set<Stage>; copiesFromImage: boolean } {
  const stages = new Set<Stage>();
  let copiesFromImage = false;
  const queue = [...shippedLineage(model)];
  while (queue.length > 0) {
    const stage = queue.shift() as Stage;
    if (stages.has(stage)) continue;
    stages.add(stage);
    for (const instruction of stage.instructions) {
      const from = instruction.copy?.from;
      if (from === undefined) continue;
      const source = model.stages.find((candidate) => candidate.name === from.toLowerCase() || String(candidate.index) === from);
      if (source && source.index < stage.index) queue.push(...stageLineage(source));
      else if (!TOOL_IMAGES.test(from)) copiesFromImage = true;
    }
  }
  return { stages, copiesFromImage };
}

/** Package runners and scripts that may install packages in ways not read here. */
const UNREAD_INSTALLERS = new Set([
  'conda',
  'mamba',
  'micromamba',
  'pipx',
  'easy_install',
  'make',
  'just',
  'task',
  'invoke',
  'nox',
  'tox',
  'hatch',
  'rye',
  'pixi',
  'source',
  '.',
]);

function mayInstallPackages(invocation: Invocation): boolean {
  const program = basename(invocation.program);
  const written = invocation.programWord.value;
  if (written.includes('$') || /\.(?:sh|bash|py)$/.test(program) || UNREAD_INSTALLERS.has(program)) return true;
  // A program outside a `bin` directory is a script of the project's (`/app/start`, `./entrypoint`).
  if (written.includes('/') && !/(?:^|\/)s?bin\/[^/]+$/.test(written)) return true;
  if (isShellProgram(program)) return invocation.args.some((word) => !word.value.startsWith('-'));
  if (/^python(?:\d+(?:\.\d+)*)?$/.test(program)) return invocation.args.some((word) => /setup\.py$|^install$/.test(word.value));
  // `poetry add`, `uv tool install`, `pip download` + a later install...: a package tool we do not read.
  return /^(?:pip\d*(?:\.\d+)?|uv|poetry|pdm|pipenv)$/.test(program) && invocation.args.some((word) => word.value === 'add' || word.value === 'install');
}

/** The names a pip-style install of named packages installs; `undefined` when it reads a file, a path, a URL or a variable. */
function namedPackages(install: PackageInstall): string[] | undefined {
  if (install.tool !== 'pip' && install.tool !== 'uv pip') return undefined;
  if (install.subcommandWord.value !== 'install') return undefined;
  // Read by pip's grammar: a requirements, constraints or editable file, a path or a find-links page hides the packages.
  if (installOptions(install).has('--find-links', '-f')) return undefined;
  const names: string[] = [];
  for (const argument of pipArguments(install)) {
    if (argument.kind !== 'package') return undefined;
    const value = argument.value;
    if (/[/$\\]|\.whl$|\.tar\.gz$|\.zip$|^\./.test(value)) return undefined;
    const parsed = parseRequirement(value);
    if (!parsed) return undefined;
    const extras = parsed.extras.length > 0 ? `[${parsed.extras.map(normalizeName).sort().join(',')}]` : '';
    names.push(`${normalizeName(parsed.name)}${extras}`);
  }
  return names;
}

/** Whether the container's start may install packages itself (`pip install ... && uvicorn`, an entrypoint script). */
function startInstalls(model: DockerfileModel): boolean {
  const stage = model.finalStage;
  if (!stage) return true;
  return commandCandidates(stage).some((candidate) =>
    candidate.invocations.some((invocation) => packageInstall(invocation) !== undefined || (!startsServer(invocation) && mayInstallPackages(invocation))),
  );
}

/** tiangolo's start scripts, which start gunicorn with the app's module and install nothing. */
function isTiangoloStart(program: string | undefined): boolean {
  return program === '/start.sh' || program === '/start-reload.sh';
}

/**
 * Whether the image may have an `/app/prestart.sh` (tiangolo's images ship none): the Dockerfile
 * copies one, or copies something we cannot see into (`--from`, a variable, a heredoc).
 */
function mayHoldPrestart(model: DockerfileModel, lookup: string): boolean {
  if (lookup === 'file') return true;
  return shippedLineage(model).some((stage) =>
    stage.instructions.some((instruction) => {
      const copy = instruction.copy;
      if (!copy) return false;
      return copy.from !== undefined || copy.isHeredoc || [...copy.sources, copy.destination].some((word) => word?.value.includes('$'));
    }),
  );
}

/** The manifest a message should name: requirements.txt first, then pyproject.toml, a Pipfile, other requirements files. */
function mainManifest(manifests: CopiedManifest[]): CopiedManifest {
  const rank = (manifest: CopiedManifest) =>
    manifest.kind === 'requirements' && manifest.contextPath.endsWith('requirements.txt')
      ? 0
      : manifest.kind === 'pyproject'
        ? 1
        : manifest.kind === 'pipfile'
          ? 2
          : 3;
  return [...manifests].sort((a, b) => rank(a) - rank(b))[0];
}

/** The command that would install a manifest, for the message. */
function installCommand(manifest: CopiedManifest): string {
  if (manifest.kind === 'requirements') return `RUN pip install --no-cache-dir -r ${manifest.imagePath}`;
  const directory = manifest.imagePath.slice(0, manifest.imagePath.lastIndexOf('/')) || '/';
  if (manifest.kind === 'pyproject') return `RUN pip install --no-cache-dir ${directory}`;
  return 'RUN pipenv install --system --deploy';
}

export const dependenciesInstalled = defineRule({
  code: 'FDL033',
  name: 'dependencies-installed',
  severity: 'warning',
  summary: 'A dependency manifest copied into the image is installed',
  fixable: false,
  messages: {
    notInstalled: '`{{manifest}}` comes into the image, but no RUN installs it, so the app starts without {{missing}}. Add `{{fix}}`.',
  },
  docs: {
    description:
      "Reports a dependency manifest that the image receives but never installs: a `requirements.txt` (or `requirements-prod.txt` and the like, not `requirements-dev.txt`), a `pyproject.toml` that declares dependencies, or a `Pipfile`, copied by name or at the top of a copied folder (`COPY ./app /app` with `app/requirements.txt`), while no RUN in the stages the image is made of (or in a stage they copy from) installs it: no `pip install -r`, `pip install .`, `pip install -e .`, `uv sync`, `uv pip install -r`, `uv export | pip install -r /dev/stdin`, `poetry install`, `pipenv install`/`sync` or `pdm install`. The finding is on the COPY that brings the manifest, and names the packages it declares that nothing installs.\n\nSilent whenever they may come from elsewhere: a base image other than the official python image (not an `onbuild` one), uv's, or tiangolo's (whose `/start.sh` installs nothing, though it runs an `/app/prestart.sh`, which silences the rule), a start command that installs or runs a script, a RUN that may install what we do not read (a script, `make`, `conda`, `pipx`, `poetry add`, `python setup.py install`), a `COPY --from` of another image, packages installed by name other than FastAPI's own family (whose dependencies we know), a manifest we cannot read in full, and a command that starts no server or Python entry point. A manifest deeper in a copied tree (`docs/requirements.txt`, a sub-tool's `pyproject.toml`) and one that declares no dependencies (a `pyproject.toml` of tool settings) are not read. Development tools in a main manifest (`pytest`, `ruff`, ...) are not counted as missing.",
    why: "Copying a requirements file into the image installs nothing: only a RUN does. An image built FROM tiangolo's uvicorn-gunicorn-fastapi, which ships FastAPI and its server, starts fine and fails at the first `import sqlalchemy`; on the official python image, the server itself is missing. The build succeeds, and the container exits at start.",
    bad: '# app/requirements.txt: sqlalchemy>=2.0,<2.1\n# app/main.py: from fastapi import FastAPI; import sqlalchemy\nFROM tiangolo/uvicorn-gunicorn-fastapi:python3.11\nCOPY ./app /app',
    good: '# requirements.txt:\n#   fastapi[standard]>=0.115.0,<0.116.0\n#   sqlalchemy>=2.0,<2.1\n# app/main.py: from fastapi import FastAPI; import sqlalchemy\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: which installer and which options (a lock file, `--no-dev`) are yours to choose.',
    guideItems: [1, 2],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://fastapi.tiangolo.com/deployment/docker/#dockerfile'],
  },
  check({ model, project, report }) {
    if (project?.status !== 'usable') return;
    const lineage = shippedLineage(model);
    const root = lineage[0]?.image;
    if (!baseInstallsNothing(root)) return;
    const final = model.finalStage as Stage;
    const tiangolo = root !== undefined && isDeprecatedFastapiImage(root);
    const { entrypoint, cmd } = effectiveCommands(final);
    // tiangolo's image starts its own /start.sh (gunicorn with uvicorn workers) when the Dockerfile sets no command.
    const startScript =
      tiangolo &&
      (entrypoint === undefined || isTiangoloStart(entrypoint.command?.execWords?.[0]?.value)) &&
      (cmd === undefined || isTiangoloStart(cmd.command?.execWords?.[0]?.value));
    const startsApp = startScript || serverCommand(model) !== undefined || pythonCommands(model).some((command) => command.target.kind !== 'program');
    if (!startsApp || (!startScript && startInstalls(model))) return;
    // /start.sh runs /app/prestart.sh (or $PRE_START_PATH) first, which may install anything.
    if (startScript && (final.end.runtimeEnv.has('PRE_START_PATH') || mayHoldPrestart(model, project.imageFs.lookup('/app/prestart.sh').kind))) return;

    const { stages, copiesFromImage } = stagesThatFeedTheImage(model);
    if (copiesFromImage) return;
    const named: string[] = [];
    for (const stage of model.stages) {
      if (!stages.has(stage)) continue;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN' || !instruction.command) continue;
        for (const invocation of instruction.command.invocations) {
          const install = packageInstall(invocation);
          if (!install) {
            if (mayInstallPackages(invocation)) return;
            continue;
          }
          if (isToolInstall(install)) continue;
          const names = namedPackages(install);
          // An install that reads a file, a project or a path: it may be this manifest.
          if (!names) return;
          named.push(...names);
        }
      }
    }
    const installed = fastapiFamily([...named, ...(tiangolo ? TIANGOLO_PACKAGES : [])]);
    if (!installed) return;
    const manifests = copiedManifests(model, project.context, project.imageFs);
    if (manifests.length === 0) return;
    const manifest = mainManifest(manifests);
    const missing = [...new Set(manifest.requirements.map((requirement) => requirement.name))].filter(
      (name) => !installed.has(name) && !DEVELOPMENT_TOOLS.test(name),
    );
    if (missing.length === 0) return;
    const listed = missing
      .slice(0, 2)
      .map((name) => `\`${name}\``)
      .join(' and ');
    report({
      messageId: 'notInstalled',
      data: {
        manifest: manifest.contextPath,
        missing: missing.length > 2 ? `${listed} (and ${missing.length - 2} more)` : listed,
        fix: installCommand(manifest),
      },
      range: manifest.source.range,
    });
  },
});
