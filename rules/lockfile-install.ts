import { defineRule, type RuleContext } from '../src/core/rule.js';
import {
  basename,
  commandVariable,
  fileCopiedTo,
  describePoetryVersion,
  type InstallOptions,
  type InstructionModel,
  type Invocation,
  isShipped as isStageShipped,
  isTruthy,
  type OffsetRange,
  type PackageExport,
  poetryHasGroups,
  poetryHasNoDev,
  poetryInstallation,
  type PoetryInstallation,
  stageLineage,
} from '../src/core/facts.js';

/** Whether the lock file reaches this RUN by name: copied earlier in the stage (or a stage it builds on), or bind-mounted. */
function lockFileIn(instruction: InstructionModel, lockFile: string): boolean {
  if ((instruction.command?.mounts ?? []).some((mount) => mount.type === 'bind' && mount.source !== undefined && basename(mount.source) === lockFile))
    return true;
  return earlierCopies(instruction).some((earlier) => earlier.copy?.sources.some((source) => basename(source.value.replace(/\/+$/, '')) === lockFile));
}

/** The COPY and ADD instructions before this one, in its stage and the stages it builds on. */
function earlierCopies(instruction: InstructionModel): InstructionModel[] {
  return stageLineage(instruction.stage).flatMap((stage) =>
    stage.instructions.filter(
      (earlier) => earlier.range.start < instruction.range.start && earlier.copy !== undefined && earlier.copy.from === undefined && !earlier.copy.isHeredoc,
    ),
  );
}

/**
 * The instruction that brings the whole build context in (`COPY . /app`, `ADD . .`, or a bind
 * mount of it on the RUN), with whatever uv.lock it holds; `undefined` when none does.
 */
function wholeContextCopy(instruction: InstructionModel): string | undefined {
  const whole = (value: string) => /^\.\/?$/.test(value);
  const mount = (instruction.command?.mounts ?? []).find(
    (candidate) => candidate.type === 'bind' && candidate.flag.options.get('from') === undefined && whole(candidate.source ?? '.'),
  );
  if (mount) return `--mount=type=bind,target=${mount.target ?? ''}`;
  const copy = earlierCopies(instruction).find((earlier) => earlier.copy?.sources.some((source) => whole(source.value)));
  if (!copy?.copy) return undefined;
  const words = [...copy.copy.sources, ...(copy.copy.destination ? [copy.copy.destination] : [])].map((source) => source.value);
  return `${copy.keyword} ${words.join(' ')}`;
}

/** Whether the uv.lock of the build context reaches the image: `true`, `false`, or unknown without a usable context. */
function contextHasUvLock(context: RuleContext): boolean | undefined {
  const project = context.project;
  if (project?.status !== 'usable') return undefined;
  return project.context.exists('uv.lock') && !project.context.isIgnored('uv.lock');
}

/** How to leave Poetry's development groups out, for the Poetry the Dockerfile installs. */
function poetryAdvice(poetry: PoetryInstallation | undefined): { option: string; also: string } {
  if (poetry?.version === undefined) return { option: '--only main', also: ' (Poetry 1.2 and later; `--no-dev` before)' };
  if (!poetryHasGroups(poetry.version)) return { option: '--no-dev', also: ` (${describePoetryVersion(poetry) ?? 'this Poetry'} has no \`--only\`)` };
  return { option: '--only main', also: '' };
}

export const lockfileInstall = defineRule({
  code: 'FDL016',
  name: 'lockfile-install',
  severity: 'warning',
  summary: 'Installs follow the lock file and leave development dependencies out of the image',
  fixable: false,
  messages: {
    uvNotLocked: '`{{command}}` may resolve other versions than uv.lock, and rewrite it. Add `--locked` (fail if the lock is stale) or `--frozen`.',
    pipenvNotDeployed:
      '`{{command}}` re-locks when Pipfile.lock is out of date, installing other versions than it lists. Add `--deploy`, or use `pipenv sync`.',
    uvWholeContext:
      '`{{command}}` does not enforce uv.lock, which `{{copy}}` brings in if there is one: uv may re-resolve and rewrite it. Add `--locked` or `--frozen`.',
    uvNoLockFile:
      '`{{command}}` resolves the dependencies afresh on every build: no uv.lock comes in with `{{copy}}`. Commit one (`uv lock`) and add `--locked`.',
    devDependencies: '`{{command}}` installs the development dependencies into the shipped image. Add `{{option}}`{{also}}.',
    exportsDev: '`{{command}}` exports the development dependencies, and `{{install}}` installs them into the shipped image. {{remedy}}.',
    poetryNoDevRemoved:
      '`{{command}}` fails: `{{installed}}` installs {{poetry}}, and Poetry 2 removed `--no-dev`. Write `--only main` instead, or pin Poetry below 2.',
    poetryNoGroups:
      '`{{command}}` fails: `{{installed}}` installs {{poetry}}, which has no `{{option}}` (Poetry 1.2 brought groups). Write `--no-dev` instead.',
  },
  docs: {
    description:
      "Reports installs that do not follow the lock file, or that a newer tool refuses:\n\n- `uv sync` without `--locked` or `--frozen` (or `UV_LOCKED` / `UV_FROZEN` set) after uv.lock came in: named in a COPY of the stage (or of a stage it is built FROM), bind-mounted into the RUN, or brought in with the whole build context (`COPY . /app`, `ADD . .`, a bind mount of the context). With the build context known, a whole-context copy is judged by what it holds: with uv.lock it is reported as a named one; without one (or with uv.lock left out by .dockerignore) the finding says that uv resolves afresh on every build. Without the context, the message says that uv.lock comes in if there is one.\n- `pipenv install` without `--deploy` (or `--ignore-pipfile`) when `Pipfile.lock` comes in: named in a COPY, matched by a wildcard (`COPY Pipfile* ./`), or, with the build context known, held by a copied folder or the whole context (`COPY . .`) and not left out by .dockerignore.\n- `poetry install` with an option the Poetry the Dockerfile installs does not have, which fails the build (an error): `--no-dev` on Poetry 2 (which removed it), `--only`, `--with` or `--without` on Poetry before 1.2 (which had no groups). The version is read where Poetry is installed, earlier in the same RUN, in the stage or in a stage it is built FROM: `pip install poetry==1.8.3`, `pipx install`, `uv tool install`, the official installer with `POETRY_VERSION` or `--version` (piped into `python3 -` or a bare `python`), the old get-poetry.py (Poetry 1.1). An unpinned install gets the newest release the image's Python runs (Poetry 2 needs Python 3.9; 1.2 needs 3.7), so `pip install poetry` on `python:3.12` gets Poetry 2. A Poetry that comes with the base image, or whose version depends on an unknown variable, is not judged.\n\nIn the final stage and the stages it is built FROM, it also reports (as info, once per Dockerfile) an install that adds development dependencies: `uv sync` without `--no-dev` (or `UV_NO_DEV`, `--no-default-groups`, `--only-group`, `--no-group dev`), and `poetry install` without `--only main`, `--without dev` or `--no-dev`. The advice fits the Poetry installed: `--no-dev` before 1.2, `--only main` from 1.2 on, both named when the version is unknown. This check needs the build context: it reports only when pyproject.toml there declares development dependencies that a plain install adds: a non-empty `dev` group among uv's default groups (`[dependency-groups]`, or uv's older `dev-dependencies`), or a non-empty Poetry group that is not `optional = true` (or a non-empty `[tool.poetry.dev-dependencies]`). An empty table adds nothing, and is not reported. The pyproject.toml read is the one the install reads: in its project directory (`--project`, else the working directory), as the stage's COPYs and bind mounts put it there (`COPY ./app .` in `WORKDIR /app` gives `app/pyproject.toml` of the context); the one at the context root when the stage does not show where it comes from.\n\nInstalls by export are judged by the export: `uv export` piped into `pip install -r /dev/stdin`, or written to a file (`-o`, `--output-file`, `> file`) that a later `pip install -r`, `uv pip install -r` or `pip wheel -r` of the RUN or stage reads. `uv export` follows uv.lock only with `--locked` or `--frozen`, as `uv sync` does, and exports the dev group unless `--no-dev` (or the same options and variables as `uv sync`); `poetry export` writes the main group alone unless `--with`, `--only`, `--all-groups` or the old `--dev` ask for a development group.",
    why: 'Without `--locked`, `uv sync` re-resolves when pyproject.toml and uv.lock disagree and installs what it finds that day: the lock file you reviewed and tested is not what ships. `--locked` fails the build instead; `--frozen` installs exactly the lock. `pipenv install` likewise re-locks a stale Pipfile.lock unless given `--deploy`. Development dependencies (pytest, ruff, debuggers) make the image larger and give an attacker more tools; uv and Poetry install them by default.\n\nPoetry 2.0 (January 2025) removed `poetry install --no-dev`, which Poetry 1.2 had deprecated: a Dockerfile that installs Poetry unpinned and then runs `poetry install --no-dev` built until then and now fails with `The option "--no-dev" does not exist`.',
    bad: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --no-dev\nCOPY ./app /app/app\nCMD ["/app/.venv/bin/fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nENV UV_COMPILE_BYTECODE=1\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev\nCOPY ./app /app/app\nCMD ["/app/.venv/bin/fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety:
      'No fix: `--locked` can fail a build whose lock file is stale, which is the point, but it is yours to decide when; and whether to change the Poetry option or pin Poetry is a choice about the project.',
    guideItems: [12],
    references: [
      'https://docs.astral.sh/uv/guides/integration/docker/#installing-a-project',
      'https://docs.astral.sh/uv/concepts/projects/sync/',
      'https://python-poetry.org/docs/cli/#install',
      'https://python-poetry.org/docs/managing-dependencies/#dependency-groups',
      'https://github.com/python-poetry/poetry/releases/tag/2.0.0',
      'https://pipenv.pypa.io/en/latest/commands.html',
    ],
  },
  check(context) {
    const { model, facts, report } = context;
    // One development-dependency finding per file: the same flag (or one ENV) fixes every install.
    let devReported = false;
    const reportDev = (finding: Parameters<typeof report>[0]) => {
      if (devReported) return;
      devReported = true;
      report(finding);
    };
    /** `uv sync` and `uv export` follow uv.lock only with `--locked` or `--frozen`: reported where the lock comes in. */
    const checkUvLock = (instruction: InstructionModel, invocation: Invocation, options: InstallOptions, command: string, range: OffsetRange) => {
      const variable = (name: string) => isTruthy(commandVariable(instruction, invocation, name));
      if (options.has('--locked', '--frozen') || variable('UV_LOCKED') || variable('UV_FROZEN')) return;
      const data = { command };
      if (lockFileIn(instruction, 'uv.lock')) {
        report({ messageId: 'uvNotLocked', data, range });
        return;
      }
      const copy = wholeContextCopy(instruction);
      if (copy === undefined) return;
      // `COPY . /app`: uv.lock came in with the code, if the project has one.
      const hasLock = contextHasUvLock(context);
      if (hasLock === false) report({ messageId: 'uvNoLockFile', data: { ...data, copy }, range });
      else report({ messageId: hasLock ? 'uvNotLocked' : 'uvWholeContext', data: { ...data, copy }, range });
    };
    /** Whether uv leaves the dev group out: `--no-dev`, `--no-default-groups`, `--only-group`, `--no-group dev`, or their variables. */
    const uvSkipsDev = (instruction: InstructionModel, invocation: Invocation, options: InstallOptions) =>
      options.has('--no-dev', '--no-default-groups', '--only-group', '--only-dev') ||
      options.values('--no-group').includes('dev') ||
      isTruthy(commandVariable(instruction, invocation, 'UV_NO_DEV')) ||
      isTruthy(commandVariable(instruction, invocation, 'UV_NO_DEFAULT_GROUPS'));
    for (const { instruction, invocation, install, options, shipped } of facts.installs) {
      const range = { start: invocation.programWord.start, end: install.subcommandWord.end };
      const data = { command: install.text };
      const projectDirectory = options.find('--project', '--directory')?.value?.value;
      if (install.tool === 'uv sync') {
        checkUvLock(instruction, invocation, options, install.text, range);
        // Without the project's pyproject.toml we cannot know there are any: say nothing.
        if (shipped && !uvSkipsDev(instruction, invocation, options) && (facts.developmentGroups(instruction, projectDirectory)?.uv.length ?? 0) > 0) {
          reportDev({ messageId: 'devDependencies', data: { ...data, option: '--no-dev', also: ' (or `ENV UV_NO_DEV=1`)' }, range, severity: 'info' });
        }
      } else if (install.tool === 'poetry') {
        const poetry = poetryInstallation(instruction, invocation);
        const version = poetry?.version;
        const related = poetry ? [poetry.instruction.range] : undefined;
        const noDev = options.find('--no-dev')?.word;
        const groupOption = options.find('--only', '--without', '--with');
        // Options the installed Poetry does not know stop the build: that is the finding.
        if (poetry && version !== undefined && noDev && !poetryHasNoDev(version)) {
          report({
            messageId: 'poetryNoDevRemoved',
            data: { ...data, installed: poetry.text, poetry: describePoetryVersion(poetry) ?? '' },
            range: noDev,
            severity: 'error',
            related,
          });
          continue;
        }
        if (poetry && version !== undefined && groupOption && !poetryHasGroups(version)) {
          report({
            messageId: 'poetryNoGroups',
            data: { ...data, installed: poetry.text, poetry: describePoetryVersion(poetry) ?? '', option: groupOption.name },
            range: groupOption.word,
            severity: 'error',
            related,
          });
          continue;
        }
        const skipsDev =
          noDev !== undefined || options.has('--only-root') || options.values('--only').includes('main') || options.values('--without').includes('dev');
        if (shipped && !skipsDev && (facts.developmentGroups(instruction, projectDirectory)?.poetry.length ?? 0) > 0) {
          reportDev({ messageId: 'devDependencies', data: { ...data, ...poetryAdvice(poetry) }, range, severity: 'info' });
        }
      } else if (install.tool === 'pipenv' && install.subcommandWord.value === 'install') {
        // Pipfile.lock beside the Pipfile pipenv reads from the working directory, however it came in.
        const lock = instruction.workdir === undefined ? undefined : `${instruction.workdir.replace(/\/$/, '')}/Pipfile.lock`;
        const usable = context.project?.status === 'usable' ? context.project.context : undefined;
        const locked = lockFileIn(instruction, 'Pipfile.lock') || (lock !== undefined && fileCopiedTo(instruction, lock, usable));
        if (!options.has('--deploy', '--ignore-pipfile') && locked) report({ messageId: 'pipenvNotDeployed', data, range });
      }
    }
    // Installs by export (`uv export | pip install -r /dev/stdin`): the export decides what is installed.
    const lockChecked = new Set<PackageExport>();
    for (const exported of facts.exportedInstalls) {
      const found = exported.export;
      const { instruction, invocation, options } = found;
      const range = { start: invocation.programWord.start, end: found.subcommandWord.end };
      const projectDirectory = options.find('--project', '--directory')?.value?.value;
      const shipped = isStageShipped(model, exported.instruction.stage);
      const install = exported.invocation.command.argv
        .map((word) => word.value)
        .slice(0, 5)
        .join(' ');
      if (found.tool === 'uv export') {
        if (!lockChecked.has(found)) checkUvLock(instruction, invocation, options, found.text, range);
        lockChecked.add(found);
        if (shipped && !uvSkipsDev(instruction, invocation, options) && (facts.developmentGroups(instruction, projectDirectory)?.uv.length ?? 0) > 0) {
          reportDev({
            messageId: 'exportsDev',
            data: { command: found.text, install, remedy: 'Add `--no-dev` to the export (or `ENV UV_NO_DEV=1`)' },
            range,
            severity: 'info',
          });
        }
      } else if (found.tool === 'poetry export') {
        // An export holds the main group alone unless told otherwise (`--with dev`, `--only dev`, `--all-groups`, the old `--dev`).
        const groups = facts.developmentGroups(instruction, projectDirectory)?.poetry ?? [];
        const asked = options.has('--all-groups')
          ? groups
          : [...options.values('--with'), ...options.values('--only'), ...(options.has('--dev') ? ['dev'] : [])];
        const added = asked.find((group) => groups.includes(group));
        if (shipped && added !== undefined) {
          const option = options.has('--all-groups')
            ? '--all-groups'
            : options.has('--dev') && added === 'dev'
              ? '--dev'
              : options.values('--with').includes(added)
                ? `--with ${added}`
                : `--only ${added}`;
          reportDev({ messageId: 'exportsDev', data: { command: found.text, install, remedy: `Leave out \`${option}\`` }, range, severity: 'info' });
        }
      }
    }
  },
});
