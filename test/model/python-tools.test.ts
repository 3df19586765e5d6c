import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { cacheLocation, homeDirectory, isToolInstall, packageInstall, type PackageInstall } from '../../src/core/model/python-tools.js';
import type { InstructionModel } from '../../src/core/model/types.js';

/** The first install of the file's last RUN, with its instruction. */
function lastInstall(text: string): { instruction: InstructionModel; install: PackageInstall } {
  const model = buildModel(text);
  const instruction = model.instructions.filter((candidate) => candidate.keyword === 'RUN').at(-1) as InstructionModel;
  const install = instruction.command?.invocations.map(packageInstall).find((found) => found !== undefined);
  if (!install) throw new Error('no install');
  return { instruction, install };
}

describe('isToolInstall', () => {
  it.each([
    ['pip install poetry', true],
    ['pip install --upgrade pip', true],
    ['pip install -U pip setuptools wheel', true],
    ['pip install "poetry==1.8.3" poetry-plugin-export', true],
    ['python3 -m pip install --no-cache-dir pipenv', true],
    ['uv pip install --system uv==0.5.0', true],
    ['pip install --index-url https://example.org/simple poetry', true],
    ['pip install poetry fastapi', false],
    ['pip install -r requirements.txt', false],
    ['pip install -e .', false],
    ['pip install .', false],
    ['poetry install', false],
  ])('%s → %s', (command, expected) => {
    expect(isToolInstall(lastInstall(`FROM python:3.13\nRUN ${command}`).install)).toBe(expected);
  });
});

describe('packageInstall text', () => {
  it.each([
    ['python3 -m pip install -U pip', 'python3 -m pip install -U pip'],
    ['exec pip3 install x', 'pip3 install x'],
    ['poetry run pip install httpx', 'poetry run pip install httpx'],
    ['sh -c "python -m pip install fastapi"', 'python -m pip install fastapi'],
  ])('%s → %s', (command, text) => {
    expect(lastInstall(`FROM python:3.13\nRUN ${command}`).install.text).toBe(text);
  });
});

describe('cacheLocation and homeDirectory', () => {
  it.each([
    ['FROM python:3.13\nRUN pip install x', '/root/.cache/pip'],
    ['FROM python:3.13\nRUN uv sync', '/root/.cache/uv'],
    ['FROM python:3.13\nENV HOME=/app\nRUN pip install x', '/app/.cache/pip'],
    ['FROM python:3.13\nENV XDG_CACHE_HOME=/cache\nRUN uv sync', '/cache/uv'],
    ['FROM python:3.13\nENV PIP_CACHE_DIR=/var/pip\nRUN pip install x', '/var/pip'],
    ['FROM python:3.13\nWORKDIR /app\nRUN pip install --cache-dir=cache x', '/app/cache'],
    ['FROM python:3.13\nUSER 0:0\nRUN pip install x', '/root/.cache/pip'],
  ])('%j → %s', (text, path) => {
    const { instruction, install } = lastInstall(text);
    expect(cacheLocation(instruction, install).path).toBe(path);
  });

  it.each([['FROM python:3.13\nUSER appuser\nRUN pip install x'], ['FROM ghcr.io/acme/base:1\nRUN pip install x']])('an unknown home for %j', (text) => {
    const { instruction, install } = lastInstall(text);
    expect(homeDirectory(instruction, install.invocation)).toBeUndefined();
    expect(cacheLocation(instruction, install)).toMatchObject({ path: undefined, display: '~/.cache/pip' });
  });
});
