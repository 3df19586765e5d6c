import { pipNoCacheDir } from '../../rules/pip-no-cache-dir.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.12\n';

ruleTester(pipNoCacheDir, {
  valid: [
    { code: `${FROM}RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt` },
    { code: `${FROM}RUN pip --no-cache-dir install fastapi`, name: 'general option before install' },
    { code: `${FROM}ENV PIP_NO_CACHE_DIR=1\nRUN pip install fastapi`, name: 'ENV PIP_NO_CACHE_DIR=1' },
    { code: `${FROM}ENV PIP_NO_CACHE_DIR=true\nRUN pip install fastapi`, name: 'ENV PIP_NO_CACHE_DIR=true' },
    { code: `${FROM}ARG PIP_NO_CACHE_DIR=yes\nRUN pip install fastapi`, name: 'ARG PIP_NO_CACHE_DIR=yes' },
    { code: `${FROM}RUN PIP_NO_CACHE_DIR=1 pip install fastapi`, name: 'prefix assignment' },
    { code: `${FROM}RUN env PIP_NO_CACHE_DIR=1 pip install fastapi`, name: 'env wrapper assignment' },
    { code: `${FROM}RUN --mount=type=cache,target=/root/.cache/pip pip install fastapi`, name: 'cache mount on ~/.cache/pip' },
    { code: `${FROM}RUN --mount=type=cache,target=/home/app/.cache/pip/ pip install fastapi`, name: 'cache mount with trailing slash' },
    { code: `${FROM}ENV PIP_CACHE_DIR=/var/cache/pip\nRUN --mount=type=cache,target=/var/cache/pip pip install fastapi`, name: 'cache mount on PIP_CACHE_DIR' },
    { code: `FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x`, name: 'ENV inherited from a parent stage' },
    { code: `${FROM}RUN pip download fastapi`, name: 'pip download' },
    { code: `${FROM}RUN pip --version`, name: 'pip without subcommand' },
    { code: `${FROM}RUN pipx install poetry`, name: 'pipx' },
    { code: `${FROM}RUN pipenv install --system`, name: 'pipenv' },
    { code: `${FROM}RUN uv pip install --system fastapi`, name: 'uv pip' },
    { code: `${FROM}RUN echo "pip install fastapi"`, name: 'text in an argument' },
    { code: `${FROM}RUN python3 <<EOF\nimport os\nos.system("pip install x")\nEOF`, name: 'heredoc fed to python' },
  ],
  invalid: [
    {
      code: `${FROM}RUN pip install -r requirements.txt`,
      errors: [{ line: 2, column: 5, endColumn: 16, message: '`pip install -r requirements.txt`' }],
      output: `${FROM}RUN pip install --no-cache-dir -r requirements.txt`,
    },
    { code: `${FROM}RUN pip3 install fastapi`, errors: [{ line: 2 }], output: `${FROM}RUN pip3 install --no-cache-dir fastapi` },
    { code: `${FROM}RUN pip3.12 install fastapi`, errors: [{ line: 2 }], output: `${FROM}RUN pip3.12 install --no-cache-dir fastapi` },
    { code: `${FROM}RUN /usr/local/bin/pip install fastapi`, errors: [{ line: 2 }], output: `${FROM}RUN /usr/local/bin/pip install --no-cache-dir fastapi` },
    { code: `${FROM}RUN python -m pip install --upgrade pip`, errors: [{ line: 2, column: 15, message: 'python -m pip install' }], output: `${FROM}RUN python -m pip install --no-cache-dir --upgrade pip` },
    { code: `${FROM}RUN python3 -m pip install fastapi`, errors: [{ line: 2 }], output: `${FROM}RUN python3 -m pip install --no-cache-dir fastapi` },
    {
      name: 'two installs in one RUN',
      code: `${FROM}RUN pip install -U pip && pip install -r requirements.txt`,
      errors: [{ line: 2, column: 5 }, { line: 2, column: 27 }],
      output: `${FROM}RUN pip install --no-cache-dir -U pip && pip install --no-cache-dir -r requirements.txt`,
    },
    {
      name: 'inside sh -c',
      code: `${FROM}RUN sh -c "pip install fastapi"`,
      errors: [{ line: 2, column: 12 }],
      output: `${FROM}RUN sh -c "pip install --no-cache-dir fastapi"`,
    },
    {
      name: 'exec-form RUN',
      code: `${FROM}RUN ["pip", "install", "fastapi"]`,
      errors: [{ line: 2 }],
      output: `${FROM}RUN ["pip", "install", "--no-cache-dir", "fastapi"]`,
    },
    {
      name: 'sh -c inside exec-form RUN',
      code: `${FROM}RUN ["/bin/sh", "-c", "pip install fastapi"]`,
      errors: [{ line: 2 }],
      output: `${FROM}RUN ["/bin/sh", "-c", "pip install --no-cache-dir fastapi"]`,
    },
    {
      name: 'inside a heredoc',
      code: `${FROM}RUN <<EOF\nset -e\npip install fastapi\nEOF`,
      errors: [{ line: 4, column: 1 }],
      output: `${FROM}RUN <<EOF\nset -e\npip install --no-cache-dir fastapi\nEOF`,
    },
    {
      name: 'over continuation lines',
      code: `${FROM}RUN apt-get update \\\n && pip install \\\n      fastapi`,
      errors: [{ line: 3 }],
      output: `${FROM}RUN apt-get update \\\n && pip install --no-cache-dir \\\n      fastapi`,
    },
    { name: 'PIP_NO_CACHE_DIR false', code: `${FROM}ENV PIP_NO_CACHE_DIR=0\nRUN pip install fastapi`, errors: [{ line: 3 }] },
    { name: 'cache mount elsewhere', code: `${FROM}RUN --mount=type=cache,target=/root/.cache/uv pip install fastapi`, errors: [{ line: 2 }] },
    { name: 'bind mount on the pip cache path', code: `${FROM}RUN --mount=type=bind,target=/root/.cache/pip pip install fastapi`, errors: [{ line: 2 }] },
    { name: 'ENV in another stage does not count', code: `FROM python:3.12 AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install x`, errors: [{ line: 4 }] },
    { name: 'exec wrapper', code: `${FROM}RUN exec pip install fastapi`, errors: [{ line: 2 }], output: `${FROM}RUN exec pip install --no-cache-dir fastapi` },
  ],
});
