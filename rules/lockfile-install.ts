import { defineRule, type RuleContext } from '../src/core/rule.js';
import { isShipped as isStageShipped, stageLineage } from '../src/core/model/stages.js';
import { basename } from '../src/core/model/invocation.js';
import { commandVariable, packageInstall, type PackageInstall } from '../src/core/model/python-tools.js';
import type { InstructionModel } from '../src/core/model/types.js';
import { isTruthy } from '../src/core/model/variables.js';

function hasOption(install: PackageInstall, ...names: string[]): boolean {
  // Global options may come before the subcommand (`uv --frozen sync` is not valid, but
  // `poetry --no-interaction install --only main` is); read every word of the invocation.
  return install.invocation.args.some((word) => names.includes(word.value) || names.some((name) => word.value.startsWith(`${name}=`)));
}

/** `--only main`, `--only=main`, `--without dev`, `--without=dev,test`. */
function optionValueIncludes(install: PackageInstall, name: string, value: string): boolean {
  const args = install.invocation.args;
  return args.some((word, index) => {
    const given = word.value === name ? args[index + 1]?.value : word.value.startsWith(`${name}=`) ? word.value.slice(name.length + 1) : undefined;
    return given !== undefined && given.split(',').map((part) => part.trim()).includes(value);
  });
}

/** Whether the lock file reaches this RUN: copied earlier in the stage (or a stage it builds on), or bind-mounted. */
function lockFileIn(instruction: InstructionModel, lockFile: string): boolean {
  if ((instruction.command?.mounts ?? []).some((mount) => mount.type === 'bind' && mount.source !== undefined && basename(mount.source) === lockFile)) return true;
  const stages = stageLineage(instruction.stage);
  return stages.some((stage) =>
    stage.instructions.some(
      (earlier) => earlier.range.start < instruction.range.start && earlier.copy !== undefined && earlier.copy.sources.some((source) => basename(source.value.replace(/\/+$/, '')) === lockFile),
    ),
  );
}

/** The text of pyproject.toml in the build context, when the context is known and has one. */
function pyprojectText(context: RuleContext): string | undefined {
  const project = context.project;
  if (!project || project.status !== 'usable') return undefined;
  return project.context.file('pyproject.toml')?.source.text;
}

/**
 * Whether pyproject.toml declares what uv or Poetry installs by default besides the main
 * dependencies: a `dev` dependency group, uv's `dev-dependencies`, or any Poetry group.
 */
function declaresDevDependencies(text: string): boolean {
  const groups = /^\s*\[dependency-groups\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  if (/^\s*["']?dev["']?\s*=/m.test(groups)) return true;
  if (/^\s*\[tool\.poetry\.(?:dev-dependencies|group\.[^\]]+\.dependencies)\]/m.test(text)) return true;
  return /^\s*dev-dependencies\s*=/m.test(text);
}

export const lockfileInstall = defineRule({
  code: 'FDL016',
  name: 'lockfile-install',
  severity: 'warning',
  summary: 'Installs follow the lock file and leave development dependencies out of the image',
  fixable: false,
  messages: {
    uvNotLocked: '`{{command}}` may resolve other versions than uv.lock, and rewrite it. Add `--locked` (fail if the lock is stale) or `--frozen`.',
    pipenvNotDeployed: '`{{command}}` re-locks when Pipfile.lock is out of date, installing other versions than it lists. Add `--deploy`, or use `pipenv sync`.',
    devDependencies: '`{{command}}` installs the development dependencies into the shipped image. Add `{{option}}`{{also}}.',
  },
  docs: {
    description:
      'Reports `uv sync` without `--locked` or `--frozen` (or `UV_LOCKED` / `UV_FROZEN` set) when `uv.lock` is named in a COPY of the stage (or of a stage it is built FROM) or bind-mounted into the RUN (a `COPY . .` does not tell whether it is there), and `pipenv install` without `--deploy` (or `--ignore-pipfile`) when `Pipfile.lock` is. In the final stage and the stages it is built FROM, it also reports (as info, once per Dockerfile) `uv sync` without `--no-dev` (or `UV_NO_DEV`, `--no-default-groups`, `--only-group`, `--no-group dev`) and `poetry install` without `--only main`, `--without dev` or `--no-dev` (older Poetry). The development-dependency check needs the build context: it reports only when pyproject.toml there declares development dependencies (a `dev` dependency group, uv\'s `dev-dependencies`, a Poetry group), since otherwise "installs the development dependencies" may not be true.',
    why:
      'Without `--locked`, `uv sync` re-resolves when pyproject.toml and uv.lock disagree and installs what it finds that day: the lock file you reviewed and tested is not what ships. `--locked` fails the build instead; `--frozen` installs exactly the lock. `pipenv install` likewise re-locks a stale Pipfile.lock unless given `--deploy`. Development dependencies (pytest, ruff, debuggers) make the image larger and give an attacker more tools; uv and Poetry install them by default.',
    bad: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --no-dev\nCOPY ./app /app/app\nCMD ["/app/.venv/bin/fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nENV UV_COMPILE_BYTECODE=1\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev\nCOPY ./app /app/app\nCMD ["/app/.venv/bin/fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: `--locked` can fail a build whose lock file is stale, which is the point, but it is yours to decide when.',
    guideItems: [12],
    references: [
      'https://docs.astral.sh/uv/guides/integration/docker/#installing-a-project',
      'https://docs.astral.sh/uv/concepts/projects/sync/',
      'https://python-poetry.org/docs/cli/#install',
      'https://pipenv.pypa.io/en/latest/commands.html',
    ],
  },
  check(context) {
    const { model, report } = context;
    let pyproject: string | undefined | null = null;
    const declaresDev = (): boolean => {
      if (pyproject === null) pyproject = pyprojectText(context);
      // Without the project's pyproject.toml we cannot know there are any: say nothing.
      if (pyproject === undefined) return false;
      return declaresDevDependencies(pyproject);
    };
    // One development-dependency finding per file: the same flag (or one ENV) fixes every install.
    let devReported = false;
    const reportDev = (finding: Parameters<typeof report>[0]) => {
      if (devReported) return;
      devReported = true;
      report(finding);
    };
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN' || !instruction.command) continue;
      for (const invocation of instruction.command.invocations) {
        const install = packageInstall(invocation);
        if (!install) continue;
        const variable = (name: string) => isTruthy(commandVariable(instruction, invocation, name));
        const range = { start: invocation.programWord.start, end: install.subcommandWord.end };
        const data = { command: install.text };
        const isShipped = isStageShipped(model, instruction.stage);
        if (install.tool === 'uv sync') {
          if (!hasOption(install, '--locked', '--frozen') && !variable('UV_LOCKED') && !variable('UV_FROZEN') && lockFileIn(instruction, 'uv.lock')) {
            report({ messageId: 'uvNotLocked', data, range });
          }
          const skipsDev =
            hasOption(install, '--no-dev', '--no-default-groups', '--only-group', '--only-dev') || optionValueIncludes(install, '--no-group', 'dev') || variable('UV_NO_DEV') || variable('UV_NO_DEFAULT_GROUPS');
          if (isShipped && !skipsDev && declaresDev()) reportDev({ messageId: 'devDependencies', data: { ...data, option: '--no-dev', also: ' (or `ENV UV_NO_DEV=1`)' }, range, severity: 'info' });
        } else if (install.tool === 'poetry') {
          const skipsDev =
            hasOption(install, '--no-dev', '--only-root') || optionValueIncludes(install, '--only', 'main') || optionValueIncludes(install, '--without', 'dev');
          if (isShipped && !skipsDev && declaresDev()) reportDev({ messageId: 'devDependencies', data: { ...data, option: '--only main', also: '' }, range, severity: 'info' });
        } else if (install.tool === 'pipenv' && install.subcommandWord.value === 'install') {
          if (!hasOption(install, '--deploy', '--ignore-pipfile') && lockFileIn(instruction, 'Pipfile.lock')) report({ messageId: 'pipenvNotDeployed', data, range });
        }
      }
    }
  },
});
