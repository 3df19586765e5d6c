/**
 * The corpora of `npm run bench`, built from fixtures/ (each fixture varied, so no two files of a
 * corpus are alike until it is larger than fixtures × variations), leaving out the few fixtures
 * dockerfilelint throws on (corpusFixtures).
 *
 * Three layouts of N Dockerfiles (issue 14), each returned as { root, files, args }: the paths to
 * lint relative to `root` (both tools are given this list: dockerfilelint cannot search a folder)
 * and the extra arguments of our CLI.
 *
 * - services: N folders, each a service with its Dockerfile and build context (the fixture's
 *   project, or for a fixture that is a Dockerfile alone: requirements.txt, app/, main.py and a
 *   .dockerignore);
 * - flat: N Dockerfiles in one folder (`svc00001.Dockerfile`, a name our CLI finds in a folder),
 *   beside one shared context;
 * - shared root: the services under `services/`, built from the repository root (`--context .`):
 *   their COPY and ADD sources are rewritten relative to the root, which holds a shared library
 *   and a .dockerignore.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Every fixture: a Dockerfile alone, or a project folder with its Dockerfile inside. */
function allFixtures() {
  const found = [];
  const fixturesDir = path.join(ROOT, 'fixtures');
  for (const group of readdirSync(fixturesDir).sort()) {
    for (const entry of readdirSync(path.join(fixturesDir, group)).sort()) {
      const full = path.join(fixturesDir, group, entry);
      if (statSync(full).isDirectory()) {
        const dockerfile = ['Dockerfile', 'docker/Dockerfile'].find((candidate) => existsSync(path.join(full, candidate)));
        if (dockerfile) found.push({ project: full, dockerfile });
      } else if (entry.endsWith('.Dockerfile')) {
        found.push({ project: undefined, file: full });
      }
    }
  }
  return found;
}

const dockerfileText = (fixture) => readFileSync(fixture.file ?? path.join(fixture.project, fixture.dockerfile), 'utf8');

let usable;

/**
 * The fixtures both tools can lint, and those left out: dockerfilelint 1.8.0 throws on some
 * (a `HEALTHCHECK CMD` without options), and a run that throws lints no file at all. Each
 * fixture is tried in every variation with dockerfilelint's own library.
 */
export function corpusFixtures() {
  if (usable) return usable;
  const dockerfilelint = createRequire(import.meta.url)(path.join(ROOT, 'node_modules/dockerfilelint/lib/index.js'));
  usable = { fixtures: [], leftOut: [] };
  for (const fixture of allFixtures()) {
    const text = dockerfileText(fixture);
    try {
      for (const vary of VARIATIONS) dockerfilelint.run(ROOT, vary(text));
      usable.fixtures.push(fixture);
    } catch (error) {
      usable.leftOut.push({
        fixture: path.relative(ROOT, fixture.file ?? path.join(fixture.project, fixture.dockerfile)),
        dockerfilelint: String(error?.message ?? error),
      });
    }
  }
  return usable;
}

const VARIATIONS = [
  (text) => text,
  (text) => text.replace(/python:3\.\d+/g, 'python:3.12-slim'),
  (text) => `# generated variant\n${text}`,
  (text) => text.replace(/^RUN (.*)$/m, 'RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\nRUN $1'),
  (text) => `${text}\nLABEL org.opencontainers.image.source="https://example.com/repo"\nEXPOSE 8000\n`,
  (text) => text.replace(/WORKDIR \/code/g, 'WORKDIR /srv/app'),
  (text) => text.replace(/^CMD (.*)$/m, 'USER 1000:1000\nCMD $1'),
];

/** The build context given to a fixture that is a Dockerfile alone. */
const DEFAULT_CONTEXT = {
  'requirements.txt': 'fastapi[standard]==0.115.0\nuvicorn==0.32.0\n',
  'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  'app/__init__.py': '',
  'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  '.dockerignore': '.git\n.venv\n__pycache__\n*.pyc\n',
};

function writeFiles(directory, files) {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(directory, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** The index-th service: its fixture, the Dockerfile's path in it, and its varied text. */
function service(sources, index) {
  const source = sources[index % sources.length];
  const vary = VARIATIONS[Math.floor(index / sources.length) % VARIATIONS.length];
  if (source.project)
    return { project: source.project, dockerfile: source.dockerfile, text: vary(readFileSync(path.join(source.project, source.dockerfile), 'utf8')) };
  return { project: undefined, dockerfile: 'Dockerfile', text: vary(readFileSync(source.file, 'utf8')) };
}

/** Writes a service's folder; returns its Dockerfile's path relative to `directory`. */
function writeService(directory, entry, text = entry.text) {
  if (entry.project) cpSync(entry.project, directory, { recursive: true });
  else writeFiles(directory, DEFAULT_CONTEXT);
  writeFileSync(path.join(directory, entry.dockerfile), text);
  return entry.dockerfile;
}

const serviceName = (index) => String(index).padStart(5, '0');

/**
 * COPY and ADD sources made relative to the repository root, for a build from there: `./app`
 * becomes `services/00001/app`, `.` becomes `services/00001`. Absolute paths, URLs, variables,
 * heredocs, `--from` copies and instructions continued over lines are left as they are.
 */
export function rootRelative(text, prefix) {
  const fix = (source) =>
    source.startsWith('/') || source.includes('://') || source.startsWith('$') || source.startsWith('<<') ? source : path.posix.join(prefix, source);
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*(?:COPY|ADD)\s+)((?:--\S+\s+)*)(.*?)(\r?)$/i.exec(line);
      if (!match || /--from\b/i.test(match[2]) || match[3].endsWith('\\')) return line;
      const [, head, flags, rest, end] = match;
      if (rest.startsWith('[')) {
        try {
          const list = JSON.parse(rest);
          if (!Array.isArray(list) || list.length < 2 || !list.every((item) => typeof item === 'string')) return line;
          return `${head}${flags}${JSON.stringify([...list.slice(0, -1).map(fix), list.at(-1)])}${end}`;
        } catch {
          return line;
        }
      }
      const parts = rest.split(/\s+/);
      if (parts.length < 2) return line;
      return `${head}${flags}${[...parts.slice(0, -1).map(fix), parts.at(-1)].join(' ')}${end}`;
    })
    .join('\n');
}

/** N services, each in its own folder with its build context. */
function servicesLayout(root, count, sources) {
  const files = [];
  for (let index = 0; index < count; index++) {
    const name = serviceName(index);
    files.push(path.posix.join(name, writeService(path.join(root, name), service(sources, index))));
  }
  return { root, files, args: [] };
}

/** N Dockerfiles in one folder, beside one shared build context. */
function flatLayout(root, count, sources) {
  writeFiles(root, DEFAULT_CONTEXT);
  const files = [];
  for (let index = 0; index < count; index++) {
    const name = `svc${serviceName(index)}.Dockerfile`;
    writeFileSync(path.join(root, name), service(sources, index).text);
    files.push(name);
  }
  return { root, files, args: [] };
}

/** N services under services/, all built from the root: `--context .`. */
function sharedRootLayout(root, count, sources) {
  writeFiles(root, {
    '.dockerignore': '.git\n**/.venv\n**/__pycache__\n**/*.pyc\n**/.env\n',
    'libs/common/__init__.py': '',
    'libs/common/settings.py': 'from pydantic import BaseModel\n\nclass Settings(BaseModel):\n    debug: bool = False\n',
    'pyproject.toml': '[project]\nname = "monorepo"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n',
  });
  const files = [];
  for (let index = 0; index < count; index++) {
    const prefix = `services/${serviceName(index)}`;
    const entry = service(sources, index);
    files.push(path.posix.join(prefix, writeService(path.join(root, prefix), entry, rootRelative(entry.text, prefix))));
  }
  return { root, files, args: ['--context', '.'] };
}

export const LAYOUTS = { services: servicesLayout, flat: flatLayout, 'shared root': sharedRootLayout };

/** Builds a layout of `count` Dockerfiles in `root` (a new folder). */
export function buildLayout(layout, root, count) {
  mkdirSync(root, { recursive: true });
  return LAYOUTS[layout](root, count, corpusFixtures().fixtures);
}

/** One multi-stage Dockerfile of about `lines` lines, from the fixtures' instructions. */
export function buildLargeFile(file, lines) {
  const bodies = allFixtures()
    .map(dockerfileText)
    .map((text) => text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^FROM\b/i.test(line)));
  const out = [];
  let stage = 0;
  while (out.length < lines) {
    out.push(`FROM python:3.13-slim AS stage${stage}`);
    const body = bodies[stage % bodies.length];
    for (const line of body) out.push(line);
    out.push(
      `RUN pip install --no-cache-dir \\`,
      ...Array.from({ length: 8 }, (_, index) => `    package${stage}-${index}==1.0.${index} \\`),
      '    last-package==1.0.0',
    );
    stage++;
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return out.length;
}
