import type { Rule } from '../src/rule.js';
import { commandVariable, hasCacheMount, packageInstall, pipDisablesCache } from '../src/model/python-tools.js';
import { isTruthy } from '../src/model/variables.js';

export const pipNoCacheDir: Rule = {
  code: 'FDL004',
  name: 'pip-no-cache-dir',
  severity: 'warning',
  summary: '`pip install` uses `--no-cache-dir` so the download cache stays out of the image',
  fixable: true,
  messages: {
    missing:
      '`{{command}}` keeps pip\'s download cache in the image layer (often tens of MB that are never used again). Add `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, or use a cache mount: `RUN --mount=type=cache,target=/root/.cache/pip pip install ...`.',
  },
  docs: {
    description:
      'Reports `pip install` (as `pip`, `pip3`, `pip3.12`, an absolute path, or `python -m pip`, also inside `sh -c` scripts and RUN heredocs) without `--no-cache-dir`. Not reported when `PIP_NO_CACHE_DIR` is set to a true value by ENV or ARG in scope or as a `VAR=value` prefix, or when the RUN has a cache mount on pip\'s cache (a `--mount=type=cache` whose target ends in `.cache/pip` or equals `PIP_CACHE_DIR`). `pipx`, `pipenv` and `uv pip` are other tools with caches of their own (see FDL013 for uv).',
    why:
      "pip keeps every wheel it downloads in `~/.cache/pip`. Inside an image that cache is never used again, but it is saved in the layer and shipped with every pull. `--no-cache-dir` keeps it out; a BuildKit cache mount keeps it out of the image while still speeding up rebuilds.",
    bad: 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt',
    good: 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    fixSafety:
      'Safe: inserts `--no-cache-dir` right after `install`. It changes only where pip keeps downloads, never what gets installed.',
    guideItems: [3],
    references: ['https://pip.pypa.io/en/stable/topics/caching/'],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN' || !instruction.command) continue;
      const inJson = instruction.command.form === 'exec';
      for (const invocation of instruction.command.invocations) {
        const install = packageInstall(invocation);
        if (!install || install.tool !== 'pip' || pipDisablesCache(install)) continue;
        if (isTruthy(commandVariable(instruction, invocation, 'PIP_NO_CACHE_DIR'))) continue;
        if (hasCacheMount(instruction, invocation, '.cache/pip', 'PIP_CACHE_DIR')) continue;
        const word = install.subcommandWord;
        // In an exec-form array the option is a string of its own; in a script, a word.
        const insideJsonArray = inJson && !invocation.wrappers.some((wrapper) => wrapper.kind === 'shell');
        const text = insideJsonArray ? ', "--no-cache-dir"' : ' --no-cache-dir';
        report({
          messageId: 'missing',
          data: { command: install.text },
          range: { start: invocation.programWord.start, end: word.end },
          fix: { edits: [{ start: word.end, end: word.end, text }] },
        });
      }
    }
  },
};
