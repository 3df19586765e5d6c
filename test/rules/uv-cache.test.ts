import { uvCache } from '../../rules/uv-cache.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\n';

ruleTester(uvCache, {
  valid: [
    { code: `${FROM}RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked` },
    {
      name: 'UV_CACHE_DIR mount',
      code: `${FROM}ENV UV_CACHE_DIR=/opt/uv-cache\nRUN --mount=type=cache,target=/opt/uv-cache uv pip install --system -r requirements.txt`,
    },
    { name: '--no-cache', code: `${FROM}RUN uv pip install --no-cache --system fastapi` },
    { name: "uv's --no-cache-dir alias of --no-cache", code: `${FROM}RUN uv pip install --system --no-cache-dir -r requirements.txt` },
    { name: '--no-cache-dir on uv sync', code: `${FROM}RUN uv sync --locked --no-cache-dir` },
    { name: 'global --no-cache before the subcommand', code: `${FROM}RUN uv --no-cache sync` },
    { name: 'UV_NO_CACHE', code: `${FROM}ENV UV_NO_CACHE=1\nRUN uv sync --locked` },
    { name: 'UV_NO_CACHE prefix', code: `${FROM}RUN UV_NO_CACHE=true uv add fastapi` },
    { name: 'uv venv is not an install', code: `${FROM}RUN uv venv /opt/venv` },
    { name: 'pip is FDL004', code: `${FROM}RUN pip install --no-cache-dir uv` },
    {
      name: 'uv sync --frozen with a cache mount',
      code: `${FROM}COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev`,
    },
    { name: 'a mount on a parent of the cache', code: `${FROM}RUN --mount=type=cache,target=/root/.cache uv pip install --system fastapi` },
    { name: 'XDG_CACHE_HOME', code: `${FROM}ENV XDG_CACHE_HOME=/cache\nRUN --mount=type=cache,target=/cache/uv uv sync` },
    { name: '--cache-dir with a mount there', code: `${FROM}RUN --mount=type=cache,target=/tmp/uv uv sync --cache-dir /tmp/uv` },
    { name: 'UV_NO_CACHE from an ARG given at build time', code: `${FROM}ARG UV_NO_CACHE\nRUN uv sync` },
    { name: 'uv cache clean in the same RUN', code: `${FROM}RUN uv sync --locked && uv cache clean` },
    { name: 'USER app with a mount on its cache', code: `${FROM}USER app\nRUN --mount=type=cache,target=/home/app/.cache/uv,uid=1000 uv sync` },
    {
      name: 'a builder stage whose venv is copied out',
      code: `FROM python:3.13 AS builder\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nWORKDIR /app\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=builder /app/.venv /app/.venv`,
    },
  ],
  invalid: [
    {
      code: `${FROM}RUN uv sync --locked`,
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 12,
          messageId: 'cacheInLayer',
          message:
            "`uv sync --locked` leaves uv's cache (`/root/.cache/uv`) in the image: add `--mount=type=cache,target=/root/.cache/uv` to the RUN, or pass `--no-cache`.",
        },
      ],
    },
    { name: 'UV_NO_CACHE=0 keeps the cache', code: `${FROM}ENV UV_NO_CACHE=0\nRUN uv sync`, errors: [{ line: 3, column: 5, messageId: 'cacheInLayer' }] },
    {
      name: 'UV_CACHE_DIR elsewhere than the mount',
      code: `${FROM}ENV UV_CACHE_DIR=/opt/uv\nRUN --mount=type=cache,target=/root/.cache/uv uv sync`,
      errors: [
        {
          line: 3,
          column: 47,
          messageId: 'cacheInLayer',
          message: "`uv sync` leaves uv's cache (`/opt/uv`) in the image: add `--mount=type=cache,target=/opt/uv` to the RUN, or pass `--no-cache`.",
        },
      ],
    },
    {
      name: 'USER app: the cache is not under /root',
      code: `${FROM}USER app\nRUN --mount=type=cache,target=/root/.cache/uv uv sync`,
      errors: [{ line: 3, column: 47, messageId: 'cacheInUserHome' }],
    },
    {
      name: 'the final stage built on a stage that syncs',
      code: `FROM python:3.13 AS base\nRUN uv sync\nFROM base`,
      errors: [{ line: 2, column: 5, messageId: 'cacheInLayer' }],
    },
    { code: `${FROM}RUN uv pip install --system -r requirements.txt`, errors: [{ line: 2, column: 5, endColumn: 19, messageId: 'cacheInLayer' }] },
    { code: `${FROM}RUN uv add fastapi`, errors: [{ line: 2, column: 5, messageId: 'cacheInLayer' }] },
    { name: 'uv pip sync', code: `${FROM}RUN uv pip sync requirements.txt`, errors: [{ line: 2, column: 5, messageId: 'cacheInLayer' }] },
    {
      name: "a pip cache mount is not uv's",
      code: `${FROM}RUN --mount=type=cache,target=/root/.cache/pip uv sync`,
      errors: [{ line: 2, column: 48, messageId: 'cacheInLayer' }],
    },
    { name: 'in a heredoc', code: `${FROM}RUN <<EOF\nuv sync --locked\nEOF`, errors: [{ line: 3, column: 1, messageId: 'cacheInLayer' }] },
    { name: 'absolute path to uv', code: `${FROM}RUN /bin/uv sync`, errors: [{ line: 2, column: 5, messageId: 'cacheInLayer' }] },
  ],
});
