import { defineRule } from '../src/core/rule.js';
import {
  basename,
  type Invocation,
  type OffsetRange,
  pythonCommands,
  pythonEnvironment,
  runningServers,
  type ShellWord,
  type VariableScope,
  type Virtualenv,
} from '../src/core/facts.js';

const PYTHON = /^python(?:\d+(?:\.\d+)*)?$/;

/** The fix that fits the installer that made the virtualenv. */
function fixFor(venv: Virtualenv): string {
  const onPath = venv.path ? `add \`ENV PATH="${venv.path}/bin:$PATH"\`` : undefined;
  switch (venv.installer) {
    case 'uv sync':
      return `${onPath}, or start it with \`uv run\``;
    case 'poetry':
      return venv.path
        ? `${onPath}, or start it with \`poetry run\``
        : 'set `POETRY_VIRTUALENVS_CREATE=false` for `poetry install`, or start it with `poetry run`';
    case 'pdm':
      return `${onPath}, or start it with \`pdm run\``;
    case 'pipenv':
      return venv.path ? `${onPath}, or start it with \`pipenv run\`` : 'install with `pipenv install --system --deploy`, or start it with `pipenv run`';
    default:
      return onPath ?? "put the virtualenv's `bin` on PATH";
  }
}

function describeVenv(venv: Virtualenv): string {
  return venv.path ?? (venv.installer === 'poetry' ? "a virtualenv under Poetry's cache" : 'a virtualenv under ~/.local/share/virtualenvs');
}

type Found = { kind: 'venv'; venv: Virtualenv } | { kind: 'system' } | { kind: 'unknown' };

/**
 * Where a program word leads: a virtualenv's `bin`, a system directory, or somewhere unknown.
 * Python is in the system directories of every image judged, so the first of them finds it; a
 * server program is not there (nothing installs outside a virtualenv when the rule runs), so
 * PATH is searched on for a virtualenv that has it.
 */
function locate(word: ShellWord, path: string[], virtualenvs: Virtualenv[], isPython: boolean): Found {
  const inVenv = (directory: string) => virtualenvs.find((venv) => venv.path !== undefined && `${venv.path}/bin` === directory);
  const value = word.value;
  if (word.expands || value.includes('$')) return { kind: 'unknown' };
  if (value.includes('/')) {
    const directory = value.slice(0, value.lastIndexOf('/'));
    const venv = inVenv(directory);
    if (venv) return { kind: 'venv', venv };
    return /^\/(?:usr\/local\/|usr\/)?s?bin$/.test(directory) ? { kind: 'system' } : { kind: 'unknown' };
  }
  let system = false;
  for (const directory of path) {
    const venv = inVenv(directory);
    if (venv) return { kind: 'venv', venv };
    if (/^\/(?:usr\/local\/|usr\/)?s?bin$/.test(directory)) {
      if (isPython) return { kind: 'system' };
      system = true;
    }
  }
  // Only the system directories searched, and nothing installed there: not found.
  return system && path.every((directory) => /^\/(?:usr\/local\/|usr\/)?s?bin$/.test(directory)) ? { kind: 'system' } : { kind: 'unknown' };
}

export const virtualenvPath = defineRule({
  code: 'FDL034',
  name: 'virtualenv-path',
  severity: 'error',
  summary: 'The command runs from the virtualenv the dependencies were installed in',
  fixable: false,
  messages: {
    notOnPath: '`{{program}}` is not on PATH: {{installer}} installed it in {{venv}}. To run it, {{fix}}.',
    systemPython: '`{{python}}` is the system interpreter, but {{installer}} installed the dependencies in {{venv}}: imports fail. To use them, {{fix}}.',
    movedVenv: '`{{program}}` was built in {{builtAt}} and moved to {{venv}}: its `#!` python is gone. Use `python -m {{module}}`, or build it in place.',
  },
  docs: {
    description:
      "Reports a container command that cannot start from the environment the installers left. `uv sync`, `pdm install`, Poetry (unless `POETRY_VIRTUALENVS_CREATE=false` or `poetry config virtualenvs.create false`) and `pipenv install` without `--system` install into a virtualenv (`.venv` in the project directory, `UV_PROJECT_ENVIRONMENT`, Poetry's `virtualenvs.in-project`, `PIPENV_VENV_IN_PROJECT`, or their cache directories), and so does pip run from a `python -m venv` directory. Then:\n\n- a bare `uvicorn`, `fastapi`, `gunicorn` or `hypercorn` is not found unless PATH holds the virtualenv's `bin` (`notOnPath`);\n- `python main.py` or `python -m uvicorn` run by the system interpreter cannot import the dependencies (`systemPython`);\n- a virtualenv built at one path and copied to another (`COPY --from=builder /build/.venv /app/.venv`) keeps console scripts whose `#!` line names the old path (`movedVenv`).\n\nA command through `uv run`, `poetry run`, `pdm run` or `pipenv run`, or by the virtualenv's own path, is fine. The command judged is the Dockerfile's, and the `command:`/`entrypoint:` of a Compose service or the `command`/`args` of a Kubernetes container that replaces it (the finding then points into that file). PATH is the official python image's (or a Debian, Ubuntu or Alpine image's), changed by `ENV PATH=`.\n\nSilent when anything may have installed the packages outside a virtualenv too (a plain `pip install`, `--user`, `--target`, a copied `/usr/local` or `~/.local`), when the base image is another one (it may bring its own server), and when PATH or a path depends on a variable.\n\nA rule of its own rather than part of FDL020 (server-installed): FDL020 asks whether the server is installed at all, from the requirements; this rule asks whether the command finds what was installed, from the installers' environments and PATH. The answers are independent, and the fixes differ.",
    why: "The container exits at once with `exec: \"uvicorn\": executable file not found in $PATH`, `ModuleNotFoundError: No module named 'fastapi'`, or, for a moved virtualenv, `exec /app/.venv/bin/uvicorn: no such file or directory` (the interpreter its first line names is gone). The build succeeds, so nothing shows the mistake until the first start. The guide installs with `pip install` into the image's own Python and runs `fastapi run` (item 1); with uv, its Docker guide (item 12) puts `/app/.venv/bin` on PATH or runs through `uv run`.",
    bad: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\nENV UV_COMPILE_BYTECODE=1\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev\nCOPY . .\nCMD ["fastapi", "run", "app/main.py"]',
    good: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\nENV UV_COMPILE_BYTECODE=1\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev\nCOPY . .\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety:
      'No fix: putting the virtualenv on PATH, going through the runner, or installing into the system interpreter are all right; which fits the project is yours to choose.',
    guideItems: [1, 12],
    references: [
      'https://docs.astral.sh/uv/guides/integration/docker/',
      'https://python-poetry.org/docs/configuration/#virtualenvscreate',
      'https://docs.python.org/3/library/venv.html',
    ],
  },
  check({ model, project, report }) {
    const environment = pythonEnvironment(model);
    if (environment.elsewhere || environment.virtualenvs.length === 0) return;
    const [first] = environment.virtualenvs;
    const pathOf = (env: VariableScope) => {
      // A PATH the command is given (a Compose or Kubernetes `environment`) wins over the image's.
      const given = env.get('PATH');
      return given !== undefined && given !== model.finalStage?.end.runtimeEnv.get('PATH') ? given.split(':').filter(Boolean) : environment.path;
    };
    const judge = (invocation: Invocation, env: VariableScope, place: { range: OffsetRange; file?: Parameters<typeof report>[0]['file'] }) => {
      // A runner (`uv run`, `poetry run`) starts it in the project's environment.
      if (invocation.wrappers.some((wrapper) => wrapper.kind === 'runner')) return;
      const path = pathOf(env);
      if (!path) return;
      const python = [...invocation.wrappers].reverse().find((wrapper) => wrapper.kind === 'python-module')?.word;
      if (python) {
        const found = locate(python, path, environment.virtualenvs, true);
        if (found.kind === 'system')
          report({
            messageId: 'systemPython',
            data: { python: python.value, installer: `\`${first.installText}\``, venv: describeVenv(first), fix: fixFor(first) },
            range: { start: python.start, end: python.end },
            file: place.file,
          });
        return;
      }
      const word = invocation.programWord;
      const isPython = PYTHON.test(basename(word.value));
      const found = locate(word, path, environment.virtualenvs, isPython);
      if (isPython) {
        if (found.kind === 'system')
          report({
            messageId: 'systemPython',
            data: { python: word.value, installer: `\`${first.installText}\``, venv: describeVenv(first), fix: fixFor(first) },
            range: { start: word.start, end: word.end },
            file: place.file,
          });
        return;
      }
      if (found.kind === 'system') {
        report({
          messageId: 'notOnPath',
          data: { program: word.value, installer: `\`${first.installText}\``, venv: describeVenv(first), fix: fixFor(first) },
          range: { start: word.start, end: word.end },
          file: place.file,
        });
      } else if (found.kind === 'venv' && found.venv.builtAt !== undefined && found.venv.path !== undefined && found.venv.builtAt !== found.venv.path) {
        report({
          messageId: 'movedVenv',
          data: { program: word.value, builtAt: found.venv.builtAt, venv: found.venv.path, module: basename(word.value) },
          range: { start: word.start, end: word.end },
          file: place.file,
        });
      }
    };
    for (const server of runningServers(model, project)) {
      judge(server.invocation, server.env, { range: server.instruction.range, file: server.override?.file });
    }
    if (!model.finalStage) return;
    for (const command of pythonCommands(model)) {
      if (command.target.kind === 'program') continue;
      judge(command.invocation, command.env, { range: command.instruction.range });
    }
  },
});
