import { requirementsPinned } from '../../rules/requirements-pinned.js';
import { ruleTester } from '../helpers/rule-tester.js';

const PIP = 'FROM python:3.13\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt';

ruleTester(requirementsPinned, {
  valid: [
    { code: PIP, files: { 'requirements.txt': 'fastapi[standard]>=0.113.0,<0.114.0\nuvicorn==0.32.0\n' } },
    { name: '~= caps', code: PIP, files: { 'requirements.txt': 'fastapi~=0.115.0\n' } },
    { name: 'other packages are not watched', code: PIP, files: { 'requirements.txt': 'fastapi<1\nrequests\n' } },
    {
      name: 'capped by a constraints file',
      code: PIP,
      files: { 'requirements.txt': '-c constraints.txt\nfastapi>=0.100\n', 'constraints.txt': 'fastapi<0.116\n' },
    },
    { name: 'a direct reference', code: PIP, files: { 'requirements.txt': 'fastapi @ https://example.com/fastapi-0.115.0.tar.gz\n' } },
    {
      name: 'locked by uv.lock',
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked',
      files: { 'pyproject.toml': '[project]\nname="x"\ndependencies=["fastapi[standard]>=0.115"]\n', 'uv.lock': '' },
    },
    {
      name: "poetry's caret caps",
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY pyproject.toml ./\nRUN poetry install --no-root',
      files: { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.13"\nfastapi = "^0.115"\n' },
    },
    {
      name: 'pinned, with hashes on continuation lines',
      code: PIP,
      files: { 'requirements.txt': 'fastapi==0.115.0 \\\n    --hash=sha256:0123abcd \\\n    --hash=sha256:4567ef01\n' },
    },
    { name: 'no context', code: 'FROM python:3.13\nRUN pip install --no-cache-dir fastapi', options: {} },
  ],
  invalid: [
    {
      name: 'a builder stage installs from its own WORKDIR, and the image copies the packages',
      code: 'FROM python:3.13 AS builder\nWORKDIR /build\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --user -r requirements.txt\nFROM python:3.13-slim\nCOPY --from=builder /root/.local /root/.local\nCOPY app /app',
      files: { 'requirements.txt': 'fastapi>=0.115\n', 'app/main.py': '' },
      errors: [
        {
          line: 1,
          column: 1,
          messageId: 'fastapi',
          message:
            "`fastapi` is required as `>=0.115`, with no upper bound, and FastAPI's 0.x minors can break apps: cap it at a version you tested (the guide: `>=0.113.0,<0.114.0`).",
          file: 'requirements.txt',
        },
      ],
    },
    {
      name: 'a UTF-16 requirements file with a byte-order mark, which pip reads',
      code: PIP,
      files: { 'requirements.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# web\r\nfastapi>=0.115\r\n', 'utf16le')]) },
      errors: [{ line: 2, column: 1, endColumn: 15, messageId: 'fastapi', file: 'requirements.txt' }],
    },
    {
      name: 'a UTF-8 byte-order mark, which pip drops',
      code: PIP,
      files: { 'requirements.txt': '\ufefffastapi>=0.115\n' },
      errors: [{ line: 1, column: 1, messageId: 'fastapi', file: 'requirements.txt' }],
    },
    {
      code: PIP,
      files: { 'requirements.txt': '# web\nfastapi[standard]>=0.113.0\n' },
      errors: [
        {
          line: 2,
          column: 1,
          endColumn: 27,
          messageId: 'fastapi',
          message:
            "`fastapi` is required as `>=0.113.0`, with no upper bound, and FastAPI's 0.x minors can break apps: cap it at a version you tested (the guide: `>=0.113.0,<0.114.0`).",
          file: 'requirements.txt',
          severity: 'info',
        },
      ],
    },
    {
      name: 'no version at all',
      code: PIP,
      files: { 'requirements.txt': 'fastapi\n' },
      errors: [
        {
          line: 1,
          column: 1,
          messageId: 'fastapi',
          message:
            "`fastapi` is required with no version at all, and FastAPI's 0.x minors can break apps: cap it at a version you tested (the guide: `>=0.113.0,<0.114.0`).",
          file: 'requirements.txt',
        },
      ],
    },
    {
      name: 'hash options on the next line are not a version specifier',
      code: PIP,
      files: { 'requirements.txt': 'fastapi \\\n    --hash=sha256:0123abcd\n' },
      errors: [
        {
          line: 1,
          column: 1,
          endColumn: 8,
          messageId: 'fastapi',
          message:
            "`fastapi` is required with no version at all, and FastAPI's 0.x minors can break apps: cap it at a version you tested (the guide: `>=0.113.0,<0.114.0`).",
          file: 'requirements.txt',
        },
      ],
    },
    {
      name: 'through -r',
      code: PIP,
      files: { 'requirements.txt': '-r base.txt\n', 'base.txt': 'x==1\nuvicorn[standard]>=0.30\n' },
      errors: [{ line: 2, column: 1, messageId: 'unbounded', file: 'base.txt' }],
    },
    {
      name: 'in pyproject without a lock',
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .',
      files: { 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "fastapi[standard]>=0.115",\n]\n' },
      errors: [{ line: 4, column: 4, messageId: 'fastapi', file: 'pyproject.toml' }],
    },
    {
      name: 'named on the pip line',
      code: 'FROM python:3.13\nRUN pip install --no-cache-dir "gunicorn>=22"',
      files: {},
      errors: [{ line: 2, column: 32, messageId: 'unbounded' }],
    },
    {
      name: 'a server: named, with no invented range',
      code: PIP,
      files: { 'requirements.txt': 'fastapi[standard]==0.115.0\ngunicorn\n' },
      errors: [
        {
          line: 2,
          column: 1,
          messageId: 'unbounded',
          message: '`gunicorn` is required with no version at all, so a rebuild can install a release you never tested: cap it at a version you tested.',
          file: 'requirements.txt',
        },
      ],
    },
    {
      name: "FastAPI keeps the 0.x reason and the guide's example",
      code: PIP,
      files: { 'requirements.txt': 'fastapi>=0.115\n' },
      errors: [{ line: 1, column: 1, messageId: 'fastapi', file: 'requirements.txt' }],
    },
  ],
});
