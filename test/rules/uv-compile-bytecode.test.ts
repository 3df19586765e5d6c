import { uvCompileBytecode } from '../../rules/uv-compile-bytecode.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\nWORKDIR /app\n';

ruleTester(uvCompileBytecode, {
  valid: [
    { name: 'ENV', code: `${FROM}ENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked` },
    { name: 'flag', code: `${FROM}RUN uv sync --locked --compile-bytecode` },
    { name: 'uv pip --compile', code: `${FROM}RUN uv pip install --system --compile -r requirements.txt` },
    { name: 'prefix', code: `${FROM}RUN UV_COMPILE_BYTECODE=1 uv pip install --system fastapi` },
    { name: 'explicitly off', code: `${FROM}ENV UV_COMPILE_BYTECODE=0\nRUN uv sync --locked` },
    { name: 'a build argument decides', code: `${FROM}ARG UV_COMPILE_BYTECODE\nRUN uv sync --locked` },
    { name: 'compileall later', code: `${FROM}RUN uv sync --locked\nRUN python -m compileall -q /app/.venv` },
    { name: 'only in a stage that does not ship', code: `FROM python:3.13 AS test\nRUN uv sync --locked\nFROM python:3.13-slim\nCMD ["python"]` },
    {
      name: 'builder with ENV, copied into the final stage',
      code: `FROM python:3.13 AS builder\nENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=builder /app/.venv /app/.venv`,
    },
    { name: 'pip is not uv', code: `${FROM}RUN pip install --no-cache-dir fastapi` },
  ],
  invalid: [
    {
      name: 'uv sync',
      code: `${FROM}RUN uv sync --locked`,
      errors: [
        {
          line: 3,
          column: 5,
          endColumn: 12,
          messageId: 'noBytecode',
          message:
            '`uv sync --locked` installs without compiling bytecode, so each new container compiles on import and starts slower. Set `ENV UV_COMPILE_BYTECODE=1`.',
          severity: 'info',
        },
      ],
    },
    {
      name: 'only the first is reported',
      code: `${FROM}RUN uv sync --locked --no-install-project\nCOPY . .\nRUN uv sync --locked`,
      errors: [{ line: 3, column: 5, messageId: 'noBytecode' }],
    },
    {
      name: 'uv pip install',
      code: `${FROM}RUN uv pip install --system -r requirements.txt`,
      errors: [{ line: 3, column: 5, endColumn: 19, messageId: 'noBytecode' }],
    },
    {
      name: 'in a builder the final stage copies from',
      code: `FROM python:3.13 AS builder\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=builder /app/.venv /app/.venv`,
      errors: [{ line: 2, column: 5, messageId: 'noBytecode' }],
    },
    {
      name: 'in a builder copied by index',
      code: `FROM python:3.13\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=0 /app/.venv /app/.venv`,
      errors: [{ line: 2, column: 5, messageId: 'noBytecode' }],
    },
    {
      name: 'ENV set after the install',
      code: `${FROM}RUN uv sync --locked\nENV UV_COMPILE_BYTECODE=1`,
      errors: [{ line: 3, column: 5, messageId: 'noBytecode' }],
    },
  ],
});
