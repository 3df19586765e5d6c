import { uvCache } from '../../rules/uv-cache.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\n';

ruleTester(uvCache, {
  valid: [
    { code: `${FROM}RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked` },
    { name: 'UV_CACHE_DIR mount', code: `${FROM}ENV UV_CACHE_DIR=/opt/uv-cache\nRUN --mount=type=cache,target=/opt/uv-cache uv pip install --system -r requirements.txt` },
    { name: '--no-cache', code: `${FROM}RUN uv pip install --no-cache --system fastapi` },
    { name: 'global --no-cache before the subcommand', code: `${FROM}RUN uv --no-cache sync` },
    { name: 'UV_NO_CACHE', code: `${FROM}ENV UV_NO_CACHE=1\nRUN uv sync --locked` },
    { name: 'UV_NO_CACHE prefix', code: `${FROM}RUN UV_NO_CACHE=true uv add fastapi` },
    { name: 'uv venv is not an install', code: `${FROM}RUN uv venv /opt/venv` },
    { name: 'pip is FDL004', code: `${FROM}RUN pip install --no-cache-dir uv` },
  ],
  invalid: [
    { code: `${FROM}RUN uv sync --locked`, errors: [{ line: 2, column: 5, endColumn: 12, message: 'RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked' }] },
    { code: `${FROM}RUN uv pip install --system -r requirements.txt`, errors: [{ line: 2, endColumn: 19 }] },
    { code: `${FROM}RUN uv add fastapi`, errors: [{ line: 2 }] },
    { name: 'uv pip sync', code: `${FROM}RUN uv pip sync requirements.txt`, errors: [{ line: 2 }] },
    { name: 'a pip cache mount is not uv\'s', code: `${FROM}RUN --mount=type=cache,target=/root/.cache/pip uv sync`, errors: [{ line: 2 }] },
    { name: 'in a heredoc', code: `${FROM}RUN <<EOF\nuv sync --locked\nEOF`, errors: [{ line: 3 }] },
    { name: 'absolute path to uv', code: `${FROM}RUN /bin/uv sync`, errors: [{ line: 2 }] },
  ],
});
