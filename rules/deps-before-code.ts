import type { Rule } from '../src/rule.js';
import { packageInstall, type PackageInstall } from '../src/model/python-tools.js';
import type { CopyModel, InstructionModel } from '../src/model/types.js';

/**
 * Files that describe dependencies, not application code: copying them first keeps the install
 * layer cached until the dependencies change. README and LICENSE ride along because build
 * backends read them from pyproject.toml's metadata.
 */
const MANIFEST =
  /^(?:requirements[^/]*\.(?:txt|in)|[^/]*requirements\.(?:txt|in)|constraints[^/]*\.txt|requirements|pyproject\.toml|setup\.py|setup\.cfg|poetry\.lock|uv\.lock|pdm\.lock|pipfile|pipfile\.lock|readme[^/]*|licen[cs]e[^/]*|\.python-version)$/i;

function isManifest(path: string): boolean {
  const trimmed = path.replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return MANIFEST.test(base) || /(?:^|\/)requirements\//i.test(trimmed);
}

/** Sources that come from the build context (not `--from`, not URLs, not heredocs). */
function copiesApplicationCode(copy: CopyModel): boolean {
  if (copy.from !== undefined || copy.isHeredoc) return false;
  const contextSources = copy.sources.filter((source) => !/^(?:https?|git):\/\/|^git@/.test(source.value));
  return contextSources.length > 0 && contextSources.some((source) => !isManifest(source.value));
}

function installsIn(instruction: InstructionModel): PackageInstall[] {
  if (instruction.keyword !== 'RUN' || !instruction.command) return [];
  return instruction.command.invocations.map(packageInstall).filter((install): install is PackageInstall => install !== undefined);
}

export const depsBeforeCode: Rule = {
  code: 'FDL002',
  name: 'deps-before-code',
  severity: 'warning',
  summary: 'Copy and install dependencies before copying the application code',
  fixable: false,
  messages: {
    codeBeforeInstall:
      '{{keyword}} copies application code before `{{install}}` (line {{line}}), so every code change invalidates the cache and re-installs all dependencies. Copy only the dependency files ({{manifests}}) first, install, and copy the code after.',
  },
  docs: {
    description:
      'Reports a COPY or ADD of application source from the build context that comes before a dependency install (`pip install`, `uv sync`, `uv pip install`, `poetry install`, `pipenv install`, `pdm install`) in the same stage.',
    why:
      'Docker reuses a cached layer only while everything before it is unchanged. When the code is copied first, each edit to any file changes that layer and every layer after it, so the dependency install runs again: minutes per build instead of seconds. Copying only the dependency manifests first keeps the install layer cached until the dependencies themselves change.\n\nNot reported: copies of manifests only (requirements*.txt, pyproject.toml, setup.py/cfg, poetry.lock, uv.lock, Pipfile*, pdm.lock, constraints files, README/LICENSE), `COPY --from=`, manifests bound with `RUN --mount=type=bind`, and an install of the project itself after its dependencies were installed (`poetry install --only-root`, `uv sync` after `uv sync --no-install-project`, `pip install --no-deps .`).',
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY . /code\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["fastapi", "run", "app/main.py"]',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety: 'No fix: which files are dependency manifests, and where the install expects them, needs a person.',
    guideItems: [2],
    references: ['https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers'],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      let codeCopy: InstructionModel | undefined;
      let dependenciesInstalledBeforeCode = false;
      for (const instruction of stage.instructions) {
        if (instruction.copy && !codeCopy && copiesApplicationCode(instruction.copy)) {
          codeCopy = instruction;
          continue;
        }
        for (const install of installsIn(instruction)) {
          if (!codeCopy) {
            if (install.scope === 'dependencies') dependenciesInstalledBeforeCode = true;
            continue;
          }
          const projectAfterDependencies = install.scope === 'project-only' || (install.scope === 'project' && dependenciesInstalledBeforeCode);
          if (projectAfterDependencies) continue;
          const copy = codeCopy.copy as CopyModel;
          const first = copy.sources[0];
          const last = copy.sources[copy.sources.length - 1];
          report({
            messageId: 'codeBeforeInstall',
            data: {
              keyword: `${codeCopy.keyword} ${copy.sources.map((source) => source.value).join(' ')}`,
              install: install.text,
              line: model.source.positionAt(instruction.range.start).line + 1,
              manifests: manifestHint(install),
            },
            range: { start: first.range.start, end: last.range.end },
          });
          codeCopy = undefined;
          break;
        }
      }
    }
  },
};

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
      const requirement = install.args.findIndex((word) => word.value === '-r' || word.value === '--requirement');
      const file = requirement !== -1 ? install.args[requirement + 1]?.value : undefined;
      return file ? file.slice(file.lastIndexOf('/') + 1) : 'requirements.txt or pyproject.toml';
    }
  }
}
