import { defineRule } from '../src/core/rule.js';
import {
  type CopyModel,
  InstallInputs,
  type InstructionModel,
  isToolInstall,
  packageInstall,
  type PackageInstall,
  pipArguments,
  type Stage,
} from '../src/core/facts.js';

/**
 * Files that describe dependencies, not application code: copying them first keeps the install
 * layer cached until the dependencies change. README and LICENSE ride along because build
 * backends read them from pyproject.toml's metadata.
 */
const MANIFEST =
  /^(?:requirements[^/]*\.(?:txt|in)|[^/]*requirements\.(?:txt|in)|constraints[^/]*\.txt|requirements|pyproject\.toml|setup\.py|setup\.cfg|poetry\.lock|uv\.lock|pdm\.lock|pipfile|pipfile\.lock|readme[^/]*|licen[cs]e[^/]*|\.python-version)$/i;

/** Extensions a glob of nothing but a wildcard (`*.txt`) names: requirements and lock files. */
const MANIFEST_EXTENSION_GLOB = /^\*+\.(?:txt|in|lock|toml|cfg)$/i;

function isManifest(path: string): boolean {
  const trimmed = path.replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (MANIFEST.test(base) || /(?:^|\/)requirements\//i.test(trimmed)) return true;
  // A glob of manifests: `Pipfile*`, `poetry.lock*`, `requirements*.txt`, `*.txt`. Without
  // its wildcards it names a manifest, or it is a wildcard with a manifest's extension.
  if (!/[*?[]/.test(base)) return false;
  return MANIFEST.test(base.replace(/\[[^\]]*\]|[*?]/g, '')) || MANIFEST_EXTENSION_GLOB.test(base);
}

/** Sources that come from the build context (not `--from`, not URLs, not heredocs). */
function copiesApplicationCode(copy: CopyModel): boolean {
  if (copy.from !== undefined || copy.isHeredoc) return false;
  const contextSources = copy.sources.filter((source) => !/^(?:https?|git):\/\/|^git@/.test(source.value));
  return contextSources.length > 0 && contextSources.some((source) => !isManifest(source.value));
}

/** The dependency installs a RUN performs; installing packaging tools (`pip install poetry`) is not one. */
function installsIn(instruction: InstructionModel): PackageInstall[] {
  if (instruction.keyword !== 'RUN' || !instruction.command) return [];
  return instruction.command.invocations.map(packageInstall).filter((install): install is PackageInstall => install !== undefined && !isToolInstall(install));
}

/** Where a stage stands when it ends; a child stage (`FROM base`) starts there. */
interface OrderState {
  /**
   * The copies of more than manifests not yet followed by a dependency install, in order. The
   * install decides which of them are its own inputs (a local package, a script it runs first);
   * the first that is not is the code copied too early.
   */
  codeCopies: InstructionModel[];
  /** Dependencies were installed before any code was copied: later installs stay cached. */
  dependenciesInstalled: boolean;
}

export const depsBeforeCode = defineRule({
  code: 'FDL002',
  name: 'deps-before-code',
  severity: 'warning',
  summary: 'Copy and install dependencies before copying the application code',
  fixable: false,
  messages: {
    packagesAfterCode:
      '`{{copy}}` comes before `{{install}}` (line {{line}}): each code change re-installs those packages. Install them before copying the code.',
    codeBeforeInstall: '`{{copy}}` comes before `{{install}}` (line {{line}}): each code change re-installs the dependencies. Copy {{manifests}} first.',
  },
  docs: {
    description:
      'Reports a COPY or ADD of application source from the build context that comes before the first dependency install (`pip install`, `uv sync`, `uv pip install`, `poetry install`, `pipenv install`, `pdm install`) of the stage, or of the stages it is built `FROM`. The message names the install as the file writes it.',
    why: "Docker reuses a cached layer only while everything before it is unchanged. When the code is copied first, each edit to any file changes that layer and every layer after it, so the dependency install runs again: minutes per build instead of seconds. Copying only the dependency manifests first keeps the install layer cached until the dependencies themselves change.\n\nNot reported:\n\n- copies of manifests only: requirements*.txt, a `requirements/` folder, pyproject.toml, setup.py and setup.cfg (they declare the dependencies), poetry.lock, uv.lock, Pipfile, Pipfile.lock, pdm.lock, constraints files, README/LICENSE; also as globs (`Pipfile*`, `poetry.lock*`, `requirements*.txt`, `*.txt`);\n- `COPY --from=`, and manifests bound with `RUN --mount=type=bind`;\n- installing the installer: `pip install --upgrade pip`, `pip install poetry==1.8.3`, `pip install uv`, and other packaging tools (setuptools, wheel, pipenv, pdm, hatch, virtualenv, pip-tools) are not the dependency install, so after `RUN pip install poetry`, `COPY . .`, `RUN poetry install` the finding is on `poetry install`;\n- anything after the dependencies were installed: the project itself (`pip install .`, `pip install -e .`, `poetry install --only-root`, `uv sync` after `uv sync --no-install-project`) and extra packages then come after the code, as they should;\n- a project install whose dependencies a builder stage installed: Poetry or `uv sync` ran there on the same pyproject.toml and lock file with the same options, into a virtual environment that the stage copies in at the same path and the install uses (`COPY --from=deps /opt/deps /opt/deps`, then `. /opt/deps/.venv/bin/activate && poetry install --only main`); it downloads nothing but the project. A new environment (Poetry's in-project `.venv` in another folder), another selection (`--only main` in the builder, the dev group after) or other manifests are a full install, and reported;\n- a local package the install needs, which must be in place before it: a directory that a requirements file the install reads names (`-e ./shared`, `-e file:./shared`, `./libs/x`, `x @ file:///code/x`, also through `-r` includes), a Poetry `path` dependency, a `[tool.uv.sources]` `path`, a Pipfile `path` package, a path given to pip beside `-r` (`pip install -r requirements.txt -e ./shared`), or alone, outside the working directory, when a later RUN of the stage installs the dependencies (`pip install /opt/common`, then `pip install -r requirements.txt`). The files are read from the build context, where the image has them when the install runs; the project itself (`-e .`, the working directory, the directory of its pyproject.toml) is never such a package;\n- a package's `__init__.py` alone, copied into the project that the install builds (`COPY mypkg/__init__.py mypkg/` before `uv sync`): a stub that lets the build backend find the package, its code coming later;\n- a build input: a file that a RUN after the copy and before the install executes or reads (`RUN ./db_deps.sh`, `sh scripts/os-packages.sh`, `python tools/gen.py`, `xargs -a apt.txt`, `< list.txt`, `\"$(cut -d. -f1 < .nvmrc)\"`, `dpkg -i x.deb`), or a folder such a file comes from, as long as the install's requirements file or pyproject.toml does not come from that folder too and, when the build context is known, the folder holds no Python module that no RUN uses. `chmod +x`, `chown` or `sed -i` on a file is not using it, and `COPY . .` is never a build input.",
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY . /code\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["fastapi", "run", "app/main.py"]',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety: 'No fix: which files are dependency manifests, and where the install expects them, needs a person.',
    guideItems: [2],
    references: ['https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers'],
  },
  check({ model, project, report }) {
    // The context is read only where it is the project's: a local package is found in it.
    const context = project?.status === 'usable' ? project.context : undefined;
    const endStates = new Map<Stage, OrderState>();
    const reported = new Set<InstructionModel>();
    for (const stage of model.stages) {
      const inherited = stage.baseStage ? endStates.get(stage.baseStage) : undefined;
      const state: OrderState = { codeCopies: [...(inherited?.codeCopies ?? [])], dependenciesInstalled: inherited?.dependenciesInstalled ?? false };
      for (const instruction of stage.instructions) {
        if (instruction.copy) {
          // Once the dependencies are installed, copying code is what the layer order wants.
          if (!state.dependenciesInstalled && copiesApplicationCode(instruction.copy)) state.codeCopies.push(instruction);
          continue;
        }
        for (const install of installsIn(instruction)) {
          if (state.codeCopies.length === 0) {
            if (install.scope !== 'project-only') state.dependenciesInstalled = true;
            continue;
          }
          // `poetry install --only-root`, `pip install --no-deps .`: the project alone.
          if (install.scope === 'project-only') continue;
          const inputs = new InstallInputs(install, instruction, context);
          if (inputs.onlyAddsProject(model)) continue;
          const codeCopy = state.codeCopies.find((copy) => !inputs.copiesOnlyInputs(copy, isManifest));
          state.codeCopies = [];
          state.dependenciesInstalled = true;
          if (!codeCopy) continue;
          if (reported.has(codeCopy)) break;
          reported.add(codeCopy);
          const copy = codeCopy.copy as CopyModel;
          const first = copy.sources[0];
          const last = copy.sources[copy.sources.length - 1];
          const words = [...copy.sources, ...(copy.destination ? [copy.destination] : [])].map((source) => source.value);
          report({
            messageId: namesPackagesOnly(install) ? 'packagesAfterCode' : 'codeBeforeInstall',
            data: {
              copy: `${codeCopy.keyword} ${words.join(' ')}`,
              install: install.text,
              line: model.source.positionAt(instruction.range.start).line + 1,
              manifests: manifestHint(install),
            },
            range: { start: first.range.start, end: last.range.end },
            // The finding names the install too: an ignore comment above that RUN silences it.
            related: [instruction.range],
          });
          break;
        }
      }
      endStates.set(stage, state);
    }
  },
});

/** `pip install fastapi uvicorn`: packages named on the command line, no manifest read. */
function namesPackagesOnly(install: PackageInstall): boolean {
  if (install.tool !== 'pip' && install.tool !== 'uv pip' && install.tool !== 'uv add') return false;
  if (install.scope !== 'dependencies') return false;
  return !pipArguments(install).some((argument) => argument.kind !== 'package');
}

function manifestHint(install: PackageInstall): string {
  switch (install.tool) {
    case 'uv sync':
    case 'uv add':
      return 'pyproject.toml and uv.lock';
    case 'poetry':
      return 'pyproject.toml and poetry.lock';
    case 'pipenv':
      return 'Pipfile and Pipfile.lock';
    case 'pdm':
      return 'pyproject.toml and pdm.lock';
    default: {
      const file = pipArguments(install).find((argument) => argument.kind === 'requirement')?.value;
      return file ? file.slice(file.lastIndexOf('/') + 1) : 'requirements.txt or pyproject.toml';
    }
  }
}
