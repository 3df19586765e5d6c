import { defineRule } from '../src/core/rule.js';
import {
  cacheLocation,
  installOptions,
  commandVariable,
  isInstructionShipped,
  isTruthy,
  mountCoversCache,
  packageInstall,
  removesCacheAfter,
} from '../src/core/facts.js';

const UV_TOOLS = new Set(['uv pip', 'uv sync', 'uv add']);

export const uvCache = defineRule({
  code: 'FDL013',
  name: 'uv-cache',
  severity: 'warning',
  summary: "uv installs use a cache mount (or `--no-cache`) so uv's cache stays out of the image",
  fixable: false,
  messages: {
    cacheInLayer: "`{{command}}` leaves uv's cache (`{{cache}}`) in the image: add `--mount=type=cache,target={{cache}}` to the RUN, or pass `--no-cache`.",
    cacheInUserHome: "`{{command}}` leaves uv's cache (`~/.cache/uv`) in the image: mount a cache on that directory, or pass `--no-cache`.",
  },
  docs: {
    description:
      "Reports `uv pip install`, `uv pip sync`, `uv sync` or `uv add` in the stages the image is made of (the final stage and the stages it is built `FROM`; not a builder whose `.venv` is copied out) when uv's cache stays in the layer. Not reported with `--no-cache` (or its alias `--no-cache-dir`), `UV_NO_CACHE` set to a true value, a cache (or tmpfs, or bind) mount on uv's cache directory or any parent of it, or `uv cache clean` later in the same RUN. The directory is `--cache-dir`, else `UV_CACHE_DIR`, else `$XDG_CACHE_HOME/uv`, else `~/.cache/uv`, where `~` is `HOME` if set, `/root` for root, and the user's home after `USER appuser`.",
    why: "uv keeps what it downloads and builds in its cache. In a layer, the cache (unpacked wheels, wheels built from source, index responses) ships with the image and adds to every pull. uv's Docker guide uses a BuildKit cache mount: the cache lives outside the image and speeds up the next build. With a mount, set `ENV UV_LINK_MODE=copy`: uv cannot hard-link across file systems and warns otherwise.",
    bad: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project',
    good: 'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nWORKDIR /app\nENV UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-install-project',
    fixSafety: 'No fix: the cache mount needs BuildKit and the right target for your user; `--no-cache` would slow every build down.',
    guideItems: [12],
    references: ['https://docs.astral.sh/uv/guides/integration/docker/#caching'],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      // A stage the image only copies files out of (a builder's venv) leaves its cache behind.
      if (instruction.keyword !== 'RUN' || !instruction.command || !isInstructionShipped(model, instruction)) continue;
      for (const invocation of instruction.command.invocations) {
        const install = packageInstall(invocation);
        if (!install || !UV_TOOLS.has(install.tool)) continue;
        // uv takes `-n` and pip's `--no-cache-dir` as aliases of `--no-cache` (uv's CacheArgs): the grammar knows.
        if (installOptions(install).has('--no-cache')) continue;
        if (isTruthy(commandVariable(instruction, invocation, 'UV_NO_CACHE'))) continue;
        // `ARG UV_NO_CACHE` with no default: set at build time, maybe to true.
        if (instruction.buildScope.has('UV_NO_CACHE') && instruction.buildScope.get('UV_NO_CACHE') === undefined) continue;
        const cache = cacheLocation(instruction, install);
        if (mountCoversCache(instruction, install, cache) || removesCacheAfter(instruction, install, cache)) continue;
        report({
          messageId: cache.path === undefined && cache.display.startsWith('~') ? 'cacheInUserHome' : 'cacheInLayer',
          data: { command: install.text, cache: cache.display },
          range: { start: install.programWord.start, end: install.subcommandWord.end },
        });
      }
    }
  },
});
