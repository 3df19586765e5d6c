/**
 * The Python package (`npm run build:wheel`): a wheel that carries the standalone executable, as
 * ruff's carry ruff. Its metadata is what PyPI expects (checked by Debian's twine and
 * trove-classifiers), it is reproducible, and it installs offline, with pip into a fresh virtual
 * environment and with pipx, as a `fastapi-docker-lint` command that lints a FastAPI project with
 * no `node` on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';
import { ensureWheel, envWithoutNode, ROOT, VERSION } from './artifacts.js';

/** Debian's Python: its twine and trove-classifiers packages are what `.ci/run` installs. */
const DEBIAN_PYTHON = '/usr/bin/python3';
const PROJECT = path.join(ROOT, 'fixtures/readme/project');
/** pip and pipx never reach an index: the wheel is all they get. */
const OFFLINE = { PIP_NO_INDEX: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
let wheel = '';

beforeAll(() => {
  wheel = ensureWheel();
}, 900_000);

/** A Python snippet's stdout, run with the wheel's path as argv[1]. */
function python(code: string, interpreter = 'python3'): string {
  return execFileSync(interpreter, ['-c', code, wheel], { encoding: 'utf8' });
}

function metadataOf(file: string): { fields: [string, string][]; description: string } {
  const text = python(
    `import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read(next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))).decode(), end='')`,
  );
  const [head, ...body] = text.split('\n\n');
  expect(file).toBe(wheel);
  return { fields: head.split('\n').map((line) => line.split(/: (.*)/s, 2) as [string, string]), description: body.join('\n\n') };
}

/** Lints a copy of the README's FastAPI project with `command` under `env`, then fixes it. */
function lintsTheProject(command: string[], env: NodeJS.ProcessEnv): void {
  const project = scratchDir();
  cpSync(PROJECT, project, { recursive: true });
  const run = spawnSync(command[0], [...command.slice(1), 'Dockerfile'], { cwd: project, env, encoding: 'utf8' });
  expect(run.error).toBeUndefined();
  expect(run.status, run.stderr).toBe(1);
  expect(run.stdout).toContain('FDL001 cmd-exec-form');
  expect(run.stdout).toContain('FDL004 pip-no-cache-dir');
  const fixed = spawnSync(command[0], [...command.slice(1), '--fix', 'Dockerfile'], { cwd: project, env, encoding: 'utf8' });
  expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
  expect(readFileSync(path.join(project, 'Dockerfile'), 'utf8')).toContain('CMD ["fastapi", "run", "app/main.py", "--port", "80"]');
}

describe('the wheel', () => {
  it('is named and tagged for PyPI, holds the executable as a script, and its RECORD is right', () => {
    expect(path.basename(wheel)).toMatch(new RegExp(`^fastapi_docker_lint-${VERSION.replace(/\./g, '\\.')}-py3-none-manylinux_2_\\d+_x86_64\\.whl$`));
    const listing = JSON.parse(
      python(`import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps({i.filename: i.external_attr >> 16 for i in z.infolist()}))`),
    ) as Record<string, number>;
    expect(listing[`fastapi_docker_lint-${VERSION}.data/scripts/fastapi-docker-lint`] & 0o777).toBe(0o755);
    expect(Object.keys(listing)).toEqual(
      expect.arrayContaining([
        'fastapi_docker_lint/__init__.py',
        'fastapi_docker_lint/__main__.py',
        `fastapi_docker_lint-${VERSION}.dist-info/WHEEL`,
        `fastapi_docker_lint-${VERSION}.dist-info/RECORD`,
        `fastapi_docker_lint-${VERSION}.dist-info/licenses/LICENSE`,
        `fastapi_docker_lint-${VERSION}.dist-info/licenses/THIRD-PARTY-NOTICES.txt`,
      ]),
    );
    // Every file's hash and size as RECORD states them (pip checks these on install too).
    const record = python(`
import sys, zipfile, csv, hashlib, base64, io
z = zipfile.ZipFile(sys.argv[1])
info = next(n for n in z.namelist() if n.endswith('.dist-info/RECORD'))
rows = list(csv.reader(io.StringIO(z.read(info).decode())))
assert sorted(r[0] for r in rows) == sorted(z.namelist()), 'RECORD lists every file'
for name, digest, size in rows:
    if name == info: continue
    data = z.read(name)
    assert digest == 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode(), name
    assert int(size) == len(data), name
print(len(rows))`);
    expect(Number(record)).toBe(Object.keys(listing).length);
    const tags = python(
      `import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.read(next(n for n in z.namelist() if n.endswith('.dist-info/WHEEL'))).decode())`,
    );
    expect(tags).toContain('Root-Is-Purelib: false');
    expect(tags).toContain(
      `Tag: ${path
        .basename(wheel)
        .split('-')
        .slice(2)
        .join('-')
        .replace(/\.whl$/, '')}`,
    );
  });

  it('has the metadata PyPI expects: name, version, license, project URLs, valid classifiers, a README that renders', () => {
    const { fields, description } = metadataOf(wheel);
    const field = (name: string) => fields.filter(([key]) => key === name).map(([, value]) => value);
    expect(field('Metadata-Version')).toEqual(['2.1']);
    expect(field('Name')).toEqual(['fastapi-docker-lint']);
    expect(field('Version')).toEqual([VERSION]);
    expect(field('License')).toEqual(['MIT']);
    expect(field('Summary')[0]).toMatch(/FastAPI/);
    expect(field('Description-Content-Type')[0]).toMatch(/^text\/markdown/);
    const urls = Object.fromEntries(field('Project-URL').map((entry) => entry.split(', ')));
    expect(urls).toMatchObject({
      Homepage: 'https://github.com/fastapi-docker-lint/fastapi-docker-lint',
      Issues: 'https://github.com/fastapi-docker-lint/fastapi-docker-lint/issues',
    });
    const classifiers = field('Classifier');
    expect(classifiers).toContain('License :: OSI Approved :: MIT License');
    expect(classifiers).toContain('Framework :: FastAPI');
    // The README, its relative links made absolute (they would be broken on PyPI).
    expect(description).toContain('# fastapi-docker-lint');
    expect(description).not.toMatch(/\]\((?!https?:|#)[^)]+\)/);
    expect(description).toContain(`https://github.com/fastapi-docker-lint/fastapi-docker-lint/blob/v${VERSION}/docs/rules/FDL001-cmd-exec-form.md`);

    const unknown = execFileSync(
      DEBIAN_PYTHON,
      [
        '-c',
        'import sys, json; from trove_classifiers import classifiers; print(json.dumps([c for c in sys.argv[1:] if c not in classifiers]))',
        ...classifiers,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(unknown)).toEqual([]);
    const twine = spawnSync('twine', ['check', '--strict', wheel], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(twine.status, twine.stdout + twine.stderr).toBe(0);
    expect(twine.stdout).toMatch(/PASSED/);
  });

  it('is reproducible: built again, it is the same bytes', () => {
    const again = scratchDir();
    execFileSync('python3', [path.join(ROOT, 'scripts/build-wheel.py'), '--out', again], { cwd: ROOT });
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(digest(path.join(again, path.basename(wheel)))).toBe(digest(wheel));
  }, 120_000);

  it('installs with pip into a fresh virtual environment and lints a FastAPI project with no node on PATH', () => {
    const venv = path.join(scratchDir(), 'venv');
    execFileSync('python3', ['-m', 'venv', venv]);
    const pip = spawnSync(path.join(venv, 'bin/pip'), ['install', wheel], { env: { ...process.env, ...OFFLINE }, encoding: 'utf8' });
    expect(pip.status, pip.stdout + pip.stderr).toBe(0);
    const show = execFileSync(path.join(venv, 'bin/pip'), ['show', 'fastapi-docker-lint'], { encoding: 'utf8', env: { ...process.env, ...OFFLINE } });
    expect(show).toContain(`Version: ${VERSION}`);
    expect(show).toContain('License: MIT');

    const env = envWithoutNode([path.join(venv, 'bin')]);
    expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
    expect(execFileSync('/bin/sh', ['-c', 'command -v fastapi-docker-lint'], { env, encoding: 'utf8' }).trim()).toBe(
      path.join(venv, 'bin/fastapi-docker-lint'),
    );
    lintsTheProject(['fastapi-docker-lint'], env);
    // python -m finds the same executable.
    expect(execFileSync(path.join(venv, 'bin/python'), ['-m', 'fastapi_docker_lint', '--version'], { env, encoding: 'utf8' }).trim()).toBe(VERSION);
    // Language servers too.
    expect(spawnSync('fastapi-docker-lint', ['lsp'], { env, encoding: 'utf8' }).stdout).toContain('fastapi-docker-lint lsp --stdio');
  }, 300_000);

  it('installs with pipx (pipx install ./dist/python/…whl) and lints with no node on PATH', () => {
    const home = scratchDir();
    const bin = path.join(home, 'bin');
    const pipxEnv = { ...process.env, ...OFFLINE, PIPX_HOME: path.join(home, 'pipx'), PIPX_BIN_DIR: bin, HOME: home };
    // Offline, pipx says it failed to upgrade its shared pip: that is not an install failure.
    const install = spawnSync('pipx', ['install', wheel], { env: pipxEnv, encoding: 'utf8' });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expect(install.stdout).toContain(`installed package fastapi-docker-lint ${VERSION}`);
    const env = envWithoutNode([bin]);
    lintsTheProject(['fastapi-docker-lint'], env);
    const list = spawnSync('pipx', ['list', '--short'], { env: pipxEnv, encoding: 'utf8' });
    expect(list.stdout).toContain(`fastapi-docker-lint ${VERSION}`);
  }, 300_000);
});
