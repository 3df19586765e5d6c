/** The build context: discovery, .dockerignore, symlinks, the image's files, what is installed. */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeBuildContext } from '../src/node/context-file-system.js';
import { ImageFilesystem } from '../src/core/context/image-fs.js';
import { locateContext } from '../src/node/locate.js';
import { Project } from '../src/core/context/project.js';
import { hasUpperBound, parseRequirement } from '../src/core/context/requirements.js';
import { lint } from '../src/core/lint.js';
import { buildModel } from '../src/core/model/build.js';
import { scratchDir } from './helpers/cli.js';

describe('locating the context', () => {
  it('uses the Compose service that builds the Dockerfile', () => {
    const root = scratchDir({
      '.git/HEAD': '',
      'compose.yml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n',
      'docker/Dockerfile': 'FROM python:3.13\n',
    });
    const context = locateContext(path.join(root, 'docker/Dockerfile'));
    expect(context.origin).toBe('compose');
    expect(context.root).toBe(root);
    expect(context.compose?.service).toBe('api');
  });

  it('prefers --context, and keeps the Compose service for proxy evidence', () => {
    const root = scratchDir({ '.git/HEAD': '', 'docker-compose.yaml': 'services:\n  web:\n    build: ./svc\n', 'svc/Dockerfile': 'FROM python:3.13\n' });
    const context = locateContext(path.join(root, 'svc/Dockerfile'), { context: root });
    expect(context.origin).toBe('option');
    expect(context.compose?.service).toBe('web');
  });

  it("falls back to the Dockerfile's directory and ignores invalid Compose files", () => {
    const root = scratchDir({ '.git/HEAD': '', 'compose.yaml': 'services: [unclosed', Dockerfile: 'FROM python:3.13\n' });
    const context = locateContext(path.join(root, 'Dockerfile'));
    expect(context.origin).toBe('dockerfile-directory');
  });

  it('does not look above the repository root', () => {
    const outer = scratchDir({ 'compose.yaml': 'services:\n  api:\n    build: inner\n' });
    const inner = path.join(outer, 'inner');
    mkdirSync(path.join(inner, '.git'), { recursive: true });
    writeFileSync(path.join(inner, 'Dockerfile'), 'FROM python:3.13\n');
    expect(locateContext(path.join(inner, 'Dockerfile')).origin).toBe('dockerfile-directory');
  });
});

describe('reading the context', () => {
  it('prefers <Dockerfile>.dockerignore over .dockerignore', () => {
    const root = scratchDir({ '.dockerignore': 'app\n', 'api.Dockerfile.dockerignore': 'tests\n', 'app/main.py': '', 'tests/x.py': '' });
    const context = nodeBuildContext(root, path.join(root, 'api.Dockerfile'), 'option');
    expect(context.isIgnored('app/main.py')).toBe(false);
    expect(context.isIgnored('tests/x.py')).toBe(true);
  });

  it("matches .dockerignore with Docker's semantics", () => {
    const root = scratchDir({ '.dockerignore': '*.md\n!README.md\n**/__pycache__\n.env*\n!.env.example\n' });
    const context = nodeBuildContext(root, undefined, 'option');
    expect(['x.md', 'README.md', 'docs/x.md', 'a/b/__pycache__/c.pyc', '.env', '.env.example'].map((file) => context.isIgnored(file))).toEqual([
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('never follows a symlink out of the context, and says so', () => {
    const outside = scratchDir({ 'secret.txt': 'token' });
    const root = scratchDir({ Dockerfile: 'FROM python:3.13\nCOPY ./linked /app/linked\nCOPY ./inside.txt /app/\n', 'inside.txt': 'ok' });
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'linked'));
    const context = nodeBuildContext(root, path.join(root, 'Dockerfile'), 'dockerfile-directory');
    expect(context.file('linked')).toBeUndefined();
    expect(context.file(`../${path.basename(outside)}/secret.txt`)).toBeUndefined();
    const findings = lint('FROM python:3.13\nCOPY ./linked /app/linked\nCOPY ./inside.txt /app/\nUSER 10001\n', { buildContext: context });
    expect(findings.map((finding) => [finding.ruleId, finding.message.includes('symbolic link')])).toEqual([['FDL021', true]]);
  });

  it('globs COPY sources like filepath.Match', () => {
    const root = scratchDir({ 'requirements.txt': '', 'requirements-dev.txt': '', 'app/a.py': '', 'app/b.txt': '' });
    const context = nodeBuildContext(root, undefined, 'option');
    expect(context.glob('requirements*.txt').sort()).toEqual(['requirements-dev.txt', 'requirements.txt']);
    expect(context.glob('app/*.py')).toEqual(['app/a.py']);
    expect(context.glob('app/[ab].p?')).toEqual(['app/a.py']);
  });
});

describe("the image's files", () => {
  function imageOf(dockerfile: string, files: Record<string, string>): ImageFilesystem {
    const root = scratchDir(files);
    return new ImageFilesystem(buildModel(dockerfile), nodeBuildContext(root, undefined, 'option'));
  }

  it('lays out directory and file copies against WORKDIR', () => {
    const image = imageOf('FROM python:3.13\nWORKDIR /code\nCOPY ./app ./app\nCOPY main.py settings.toml /etc/svc/\nCOPY run.sh /run.sh', {
      'app/main.py': '',
      'main.py': '',
      'settings.toml': '',
      'run.sh': '',
    });
    expect(image.lookup('/code/app/main.py')).toEqual({ kind: 'file', contextPath: 'app/main.py' });
    expect(image.lookup('/code/app').kind).toBe('directory');
    expect(image.lookup('/etc/svc/settings.toml')).toEqual({ kind: 'file', contextPath: 'settings.toml' });
    expect(image.lookup('/run.sh')).toEqual({ kind: 'file', contextPath: 'run.sh' });
    expect(image.lookup('/code/main.py')).toEqual({ kind: 'absent' });
    expect(image.findFiles('main.py', '/code')).toEqual(['/code/app/main.py', '/etc/svc/main.py']);
    expect(image.findFiles('main.py')).toEqual(['/etc/svc/main.py', '/code/app/main.py']);
  });

  it('copies the contents of the context for COPY . .', () => {
    const image = imageOf('FROM python:3.13\nWORKDIR /app\nCOPY . .', { 'src/pkg/__init__.py': '' });
    expect(image.lookup('/app/src/pkg/__init__.py').kind).toBe('file');
  });

  it('cannot see through COPY --from, custom bases, or RUNs that write files', () => {
    expect(imageOf('FROM python:3.13 AS a\nFROM python:3.13\nCOPY --from=a /x /code\n', {}).lookup('/code/main.py').kind).toBe('unknown');
    expect(imageOf('FROM acme/base:1\nCOPY app /app', { 'app/x.py': '' }).lookup('/app/main.py').kind).toBe('unknown');
    expect(imageOf('FROM python:3.13\nRUN git clone https://example.com/r /app', {}).lookup('/app/main.py').kind).toBe('unknown');
    expect(imageOf('FROM python:3.13\nRUN echo hi > /app/main.py', {}).lookup('/app/main.py').kind).toBe('unknown');
  });

  it('leaves out what .dockerignore excludes', () => {
    const image = imageOf('FROM python:3.13\nCOPY . /app', { '.dockerignore': 'secrets/\n', 'secrets/key': '', 'ok.py': '' });
    expect(image.lookup('/app/secrets/key').kind).toBe('absent');
    expect(image.lookup('/app/ok.py').kind).toBe('file');
  });
});

describe('requirements', () => {
  it.each([
    ['fastapi[standard]>=0.113.0,<0.114.0', 'fastapi', ['standard'], true],
    ['FastAPI_CLI ~= 0.0.5', 'fastapi-cli', [], true],
    ['uvicorn[standard] >= 0.30', 'uvicorn', ['standard'], false],
    ['gunicorn==23.0.0', 'gunicorn', [], true],
    ['uvicorn; python_version >= "3.9"', 'uvicorn', [], false],
    ['hypercorn!=0.17', 'hypercorn', [], false],
  ])('%s', (text, name, extras, capped) => {
    const parsed = parseRequirement(text);
    expect(parsed).toMatchObject({ name, extras, capped });
  });

  it('reads installs through -r, -c, bind mounts and pyproject', () => {
    const root = scratchDir({
      'requirements/base.txt': 'fastapi>=0.115\n-c ../constraints.txt\n',
      'requirements/prod.txt': '-r base.txt\nuvicorn[standard]==0.32.0 \\\n  --hash=sha256:abc\n',
      'constraints.txt': 'fastapi<0.116\n',
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["gunicorn>=23"]\n',
    });
    const model = buildModel(
      'FROM python:3.13\nWORKDIR /w\nCOPY requirements requirements\nRUN pip install --no-cache-dir -r requirements/prod.txt gunicorn\nRUN --mount=type=bind,source=pyproject.toml,target=/w/pyproject.toml uv sync --no-install-project',
    );
    const context = nodeBuildContext(root, undefined, 'option');
    const installs = new Project(model, context).installs;
    expect(installs.complete).toBe(true);
    expect(
      installs.requirements.map((requirement) => `${requirement.name}${requirement.isConstraint ? ' (c)' : ''} ${requirement.file?.path ?? 'Dockerfile'}`),
    ).toEqual([
      'fastapi requirements/base.txt',
      'fastapi (c) constraints.txt',
      'uvicorn requirements/prod.txt',
      'gunicorn Dockerfile',
      'gunicorn pyproject.toml',
    ]);
  });

  it('caps with <, <=, ==, ~= and ===, not with >= or !=', () => {
    expect(['<1', '<=1', '==1.*', '~=1.2', '===1', '>=1', '!=1', '>1,<2'].map(hasUpperBound)).toEqual([true, true, true, true, true, false, false, true]);
  });
});

describe('judging whether the context is really there', () => {
  const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/context-found');
  const CONTEXT_RULES = new Set(['FDL020', 'FDL021', 'FDL022', 'FDL023', 'FDL024', 'FDL025']);
  const contextFindings = (dockerfile: string) => {
    const file = path.join(FIXTURES, dockerfile);
    return lint(readFileSync(file, 'utf8'), { buildContext: locateContext(file) }).filter((finding) => CONTEXT_RULES.has(finding.ruleId));
  };

  it.each([
    ['root-layout/Dockerfile', []],
    ['docker-folder-copy-all/docker/Dockerfile', ['FDL025@7']],
    ['deploy-folder-named/deploy/Dockerfile', ['FDL025@6']],
    ['backend-compose/backend/Dockerfile', []],
    ['compose-root/docker/Dockerfile', []],
    ['compose-api-dockerfile/docker/api.Dockerfile', []],
    ['single-main-copy-all/Dockerfile', ['FDL022@7']],
    ['poetry-project/Dockerfile', []],
    ['src-layout/Dockerfile', []],
    ['alone-named/Dockerfile', ['FDL025@6']],
    ['alone-copy-all/Dockerfile', ['FDL025@6']],
  ])('%s: %j', (dockerfile, expected) => {
    const findings = contextFindings(dockerfile);
    expect(findings.map((finding) => `${finding.ruleId}@${finding.line}`)).toEqual(expected);
    for (const finding of findings) expect(finding.message.length, finding.message).toBeLessThanOrEqual(170);
  });

  it('takes the Compose context for docker/api.Dockerfile', () => {
    const context = locateContext(path.join(FIXTURES, 'compose-api-dockerfile/docker/api.Dockerfile'));
    expect([context.origin, context.root]).toEqual(['compose', path.join(FIXTURES, 'compose-api-dockerfile')]);
  });

  it('judges the Dockerfile in docker/ against the root once told so', () => {
    const file = path.join(FIXTURES, 'docker-folder-copy-all/docker/Dockerfile');
    const findings = lint(readFileSync(file, 'utf8'), { buildContext: locateContext(file, { context: path.join(FIXTURES, 'docker-folder-copy-all') }) });
    // The root has a .env and no .dockerignore: now FDL022 may say so.
    expect(findings.filter((finding) => CONTEXT_RULES.has(finding.ruleId)).map((finding) => finding.ruleId)).toEqual(['FDL022']);
  });

  it('keeps every message of the context rules short, across the project fixtures', () => {
    const groups = ['app-path', 'context-found', 'copy-source-exists', 'dockerignore', 'requirements-pinned', 'server-installed'];
    const walk = (directory: string): string[] =>
      readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(path.join(directory, entry.name)) : [path.join(directory, entry.name)],
      );
    const dockerfiles = groups
      .flatMap((group) => walk(path.resolve(FIXTURES, '..', group)))
      .filter((file) => /(?:^|\/)(?:Dockerfile|[\w.-]+\.Dockerfile)$/.test(file));
    const messages = dockerfiles.flatMap((file) =>
      lint(readFileSync(file, 'utf8'), { buildContext: locateContext(file) }).filter((finding) => CONTEXT_RULES.has(finding.ruleId)),
    );
    expect(messages.length).toBeGreaterThan(10);
    for (const finding of messages) expect(finding.message.length, finding.message).toBeLessThanOrEqual(170);
  });
});
