import type { Rule } from '../src/rule.js';
import { commandVariable, hasCacheMount, packageInstall } from '../src/model/python-tools.js';
import { isTruthy } from '../src/model/variables.js';

const UV_TOOLS = new Set(['uv pip', 'uv sync', 'uv add']);

export const uvCache: Rule = {
  code: 'FDL013',
  name: 'uv-cache',
  severity: 'warning',
  summary: "uv installs use a cache mount (or `--no-cache`) so uv's cache stays out of the image",
  fixable: false,
  messages: {
    cacheInLayer:
      "`{{command}}` leaves uv's cache (`~/.cache/uv`) in the image layer. Use a cache mount, as uv's Docker guide does: `RUN --mount=type=cache,target=/root/.cache/uv {{command}}` with `ENV UV_LINK_MODE=copy`, or pass `--no-cache`. See https://docs.astral.sh/uv/guides/integration/docker/#caching",
  },
  docs: {
    description:
      "Reports `uv pip install`, `uv pip sync`, `uv sync` or `uv add` in a RUN with no cache mount on uv's cache (a `--mount=type=cache` whose target ends in `.cache/uv` or equals `UV_CACHE_DIR`), and without `--no-cache` or `UV_NO_CACHE` set to a true value.",
    why:
      "uv keeps every wheel it downloads and builds in its cache, which then ships in the layer with the installed packages, often doubling its size. uv's Docker guide uses a BuildKit cache mount: the cache lives outside the image and speeds up the next build. `UV_LINK_MODE=copy` stops uv from warning that it cannot hard-link from the mount.",
    bad: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project',
    good: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nWORKDIR /app\nENV UV_LINK_MODE=copy\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-install-project',
    fixSafety: 'No fix: the cache mount needs BuildKit and the right target for your user; `--no-cache` would slow every build down.',
    guideItems: [12],
    references: ['https://docs.astral.sh/uv/guides/integration/docker/#caching'],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN' || !instruction.command) continue;
      for (const invocation of instruction.command.invocations) {
        const install = packageInstall(invocation);
        if (!install || !UV_TOOLS.has(install.tool)) continue;
        if (invocation.args.some((word) => word.value === '--no-cache' || word.value === '-n')) continue;
        if (isTruthy(commandVariable(instruction, invocation, 'UV_NO_CACHE'))) continue;
        if (hasCacheMount(instruction, invocation, '.cache/uv', 'UV_CACHE_DIR')) continue;
        report({
          messageId: 'cacheInLayer',
          data: { command: install.text },
          range: { start: invocation.programWord.start, end: install.subcommandWord.end },
        });
      }
    }
  },
};
