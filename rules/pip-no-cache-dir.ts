import { defineRule } from '../src/core/rule.js';
import {
  cacheLocation,
  installsOffline,
  isInstructionShipped,
  mountCoversCache,
  packageInstall,
  pipDisablesCache,
  pipNoCacheDirSet,
  removesCacheAfter,
} from '../src/core/facts.js';

export const pipNoCacheDir = defineRule({
  code: 'FDL004',
  name: 'pip-no-cache-dir',
  severity: 'warning',
  summary: '`pip install` uses `--no-cache-dir` so the download cache stays out of the image',
  fixable: 'safe',
  messages: {
    missing: "`{{command}}` leaves pip's download cache (`{{cache}}`) in the image: add `--no-cache-dir`, or mount a cache on `{{cache}}`.",
    missingUserCache: "`{{command}}` leaves pip's download cache (`~/.cache/pip`) in the image: add `--no-cache-dir`, or mount a cache on that directory.",
  },
  docs: {
    description:
      "Reports `pip install` (as `pip`, `pip3`, `pip3.12`, an absolute path, `python3 -m pip` or `poetry run pip`, also inside `sh -c` scripts and RUN heredocs) without `--no-cache-dir`, in the stages the image is made of: the final stage and the stages it is built `FROM`, not a builder it only copies files out of (the guide's `requirements-stage`, a `pip wheel` or `--prefix` builder). Not reported when the cache stays out of the layer:\n\n- `PIP_NO_CACHE_DIR` is set to any non-empty value, by ENV, by an ARG in scope or as a `VAR=value` prefix. pip turns the cache off whatever the value, `0`, `false` and `off` included: since pip 19.0 any value disables it (pypa/pip#5884), and a value pip cannot read as a boolean is an error.\n- The RUN mounts a cache (or tmpfs, or bind) on pip's cache directory or on any parent of it (`/root/.cache`, `/root`). The directory is `--cache-dir`, else `PIP_CACHE_DIR`, else `$XDG_CACHE_HOME/pip`, else `~/.cache/pip`, where `~` (and `$HOME`) is `HOME` if ENV sets it, `/root` for root, and after `USER appuser` the home that user was given: the one the Dockerfile's `useradd` or `adduser` sets (`/home/appuser`, or its `-d`, `--home`, `-h`), else unknown (messages then say `~/.cache/pip`).\n- The same RUN empties it afterwards: `rm -rf` of the cache or a parent (`/root/.cache`, `~/.cache/pip`, `$HOME/.cache/pip`), or of everything in it (`rm -rf ~/.cache/pip/*`), or `pip cache purge`. Root's cache is not another user's: under `USER appuser`, `rm -rf /root/.cache` leaves appuser's cache in the layer.\n- pip downloads nothing (`--no-index`).\n\n`pipx`, `pipenv` and `uv pip` are other tools with caches of their own (see FDL013 for uv).",
    why: "pip keeps every wheel it downloads in `~/.cache/pip`. Inside an image that cache is never used again, but it is saved in the layer and shipped with every pull, often tens of megabytes. `--no-cache-dir` keeps it out; a BuildKit cache mount (`RUN --mount=type=cache,target=/root/.cache/pip pip install ...`) keeps it out of the image while still speeding up rebuilds. A builder stage's cache stays in the builder: copying a virtualenv or an `--prefix` directory out of it does not copy the cache.",
    bad: 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt',
    good: 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    fixSafety: 'Safe: inserts `--no-cache-dir` right after `install`. It changes only where pip keeps downloads, never what gets installed.',
    guideItems: [3],
    references: ['https://pip.pypa.io/en/stable/topics/caching/', 'https://github.com/pypa/pip/pull/5884', 'https://github.com/pypa/pip/issues/2897'],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      // A stage the image only copies files out of leaves its cache behind.
      if (instruction.keyword !== 'RUN' || !instruction.command || !isInstructionShipped(model, instruction)) continue;
      const inJson = instruction.command.form === 'exec';
      for (const invocation of instruction.command.invocations) {
        const install = packageInstall(invocation);
        if (install?.tool !== 'pip' || pipDisablesCache(install) || installsOffline(install)) continue;
        if (pipNoCacheDirSet(instruction, install)) continue;
        const cache = cacheLocation(instruction, install);
        if (mountCoversCache(instruction, install, cache) || removesCacheAfter(instruction, install, cache)) continue;
        const word = install.subcommandWord;
        // In an exec-form array the option is a string of its own; in a script, a word.
        const insideJsonArray = inJson && !invocation.wrappers.some((wrapper) => wrapper.kind === 'shell');
        const text = insideJsonArray ? ', "--no-cache-dir"' : ' --no-cache-dir';
        report({
          messageId: cache.path === undefined && cache.display.startsWith('~') ? 'missingUserCache' : 'missing',
          data: { command: install.text, cache: cache.display },
          range: { start: install.programWord.start, end: word.end },
          fix: { title: 'Add --no-cache-dir', edits: [{ start: word.end, end: word.end, text }] },
        });
      }
    }
  },
});
