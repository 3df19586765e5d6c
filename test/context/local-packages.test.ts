/** The local packages an install needs in place, found through the image's files back to the context. */
import { describe, expect, it } from 'vitest';
import { BuildContext, MemoryFileSystem } from '../../src/core/context/build-context.js';
import { contextPathAt, localPackagePaths } from '../../src/core/context/local-packages.js';
import { buildModel } from '../../src/core/model/build.js';
import { packageInstall, type PackageInstall } from '../../src/core/model/python-tools.js';
import type { InstructionModel } from '../../src/core/model/types.js';

function lastInstall(dockerfile: string): { instruction: InstructionModel; install: PackageInstall } {
  const model = buildModel(dockerfile);
  const instruction = model.instructions.filter((candidate) => candidate.keyword === 'RUN').at(-1) as InstructionModel;
  const install = instruction.command?.invocations.map(packageInstall).find((found) => found !== undefined);
  if (!install) throw new Error('no install');
  return { instruction, install };
}

function locals(dockerfile: string, files: Record<string, string>): string[] {
  const context = new BuildContext(new MemoryFileSystem(files, '/repo'), '/repo/Dockerfile', 'option');
  const { instruction, install } = lastInstall(dockerfile);
  return localPackagePaths(install, instruction, context).sort();
}

describe('localPackagePaths', () => {
  it('reads -e, plain paths and file references, through includes, against the working directory', () => {
    const requirements =
      '-r base.txt\n-e file:./shared#egg=shared\n./libs/a[extra]  # ours\nb @ file:///opt/b\n-e git+https://example.org/x.git#egg=x\nfastapi==0.115.0\n';
    const found = locals('FROM python:3.13\nWORKDIR /app\nCOPY requirements/ ./requirements/\nRUN pip install -r requirements/prod.txt', {
      'requirements/prod.txt': requirements,
      'requirements/base.txt': '--editable ../vendored\n',
    });
    // Each relative path is also tried beside the requirements file that names it.
    expect(found).toEqual(['/app/libs/a', '/app/requirements/libs/a', '/app/requirements/shared', '/app/shared', '/app/vendored', '/opt/b', '/vendored']);
  });

  it('finds the requirements file through a bind mount', () => {
    const found = locals('FROM python:3.13\nWORKDIR /srv\nRUN --mount=type=bind,source=reqs/prod.txt,target=/tmp/r.txt pip install -r /tmp/r.txt', {
      'reqs/prod.txt': '-e ./common\n',
    });
    expect(found).toEqual(['/srv/common', '/tmp/common']);
  });

  it("reads Poetry's path dependencies (groups too), uv sources and file references in pyproject.toml", () => {
    const pyproject = [
      '[project]',
      'dependencies = ["a @ file:///libs/a", "fastapi>=0.115"]',
      '[tool.poetry.dependencies]',
      'shared = { path = "../shared", develop = true }',
      '[tool.poetry.group.dev.dependencies]',
      'testkit = [{ path = "../testkit" }]',
      '[tool.uv.sources]',
      'common = { path = "packages/common" }',
      'other = { workspace = true }',
    ].join('\n');
    const found = locals('FROM python:3.13\nWORKDIR /app/backend\nCOPY backend/pyproject.toml ./\nRUN poetry install --no-root', {
      'backend/pyproject.toml': pyproject,
    });
    expect(found).toEqual(['/app/backend/packages/common', '/app/shared', '/app/testkit', '/libs/a']);
  });

  it('never counts the project itself or a parent of it', () => {
    expect(
      locals('FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt', { 'requirements.txt': '-e .\n-e ..\n./\n' }),
    ).toEqual([]);
  });

  it('takes a command-line path as a package only beside a requirements file', () => {
    expect(locals('FROM python:3.13\nWORKDIR /app\nRUN pip install -r requirements.txt -e ./shared', {})).toEqual(['/app/shared']);
    expect(locals('FROM python:3.13\nWORKDIR /app\nRUN pip install -e ./shared', {})).toEqual([]);
  });
});

describe('contextPathAt', () => {
  const context = new BuildContext(
    new MemoryFileSystem({ 'backend/requirements.txt': '', 'shared/x/setup.py': '', 'a.txt': '' }, '/repo'),
    '/repo/Dockerfile',
    'option',
  );
  const at = (dockerfile: string, imagePath: string) => contextPathAt(buildModel(dockerfile).instructions.at(-1) as InstructionModel, imagePath, context);

  it.each([
    [
      'a file copied into a directory',
      'FROM python:3.13\nWORKDIR /app\nCOPY backend/requirements.txt ./\nRUN true',
      '/app/requirements.txt',
      'backend/requirements.txt',
    ],
    ['a file inside a copied directory', 'FROM python:3.13\nCOPY shared /opt/shared\nRUN true', '/opt/shared/x/setup.py', 'shared/x/setup.py'],
    ['through a parent stage', 'FROM python:3.13 AS base\nCOPY a.txt /a.txt\nFROM base\nRUN true', '/a.txt', 'a.txt'],
    ['not what a later COPY --from covers', 'FROM python:3.13\nCOPY a.txt /x/a.txt\nCOPY --from=build /x /x\nRUN true', '/x/a.txt', undefined],
    ['not copied at all', 'FROM python:3.13\nRUN true', '/app/requirements.txt', undefined],
  ])('%s', (_name, dockerfile, imagePath, expected) => {
    expect(at(dockerfile, imagePath)).toBe(expected);
  });
});
