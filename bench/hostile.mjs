/**
 * Hostile inputs for `npm run bench` (issue 15): files within the 5 MiB limit that once took
 * quadratic time or memory. Each generator writes a build context into `directory` and returns the
 * Dockerfile's path. `scale` (0 to 1] shrinks them for the quick run the test suite makes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MiB = 1024 * 1024;

function write(directory, files) {
  mkdirSync(directory, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(directory, name), content);
  return path.join(directory, 'Dockerfile');
}

function lines(count, line) {
  const out = new Array(count);
  for (let index = 0; index < count; index++) out[index] = line(index);
  return out.join('\n');
}

export const HOSTILE_INPUTS = [
  {
    name: '40k stages',
    build: (directory, scale) =>
      write(directory, {
        Dockerfile: `${lines(Math.round(40_000 * scale), (index) => `FROM python:3.13-slim AS s${index}\nRUN echo ${index}`)}\nCMD ["fastapi", "run", "main.py"]\n`,
      }),
  },
  {
    name: '1 MB requirements with \\ continuations',
    build: (directory, scale) => {
      // One requirement continued over the whole file, as pip-compile writes hashes, then more.
      const count = Math.round((1_000_000 * scale) / 80);
      const hashes = lines(count, (index) => `    --hash=sha256:${String(index).padStart(64, '0')} \\`);
      const requirements = `fastapi[standard]==0.115.0 \\\n${hashes}\n    --hash=sha256:${'f'.repeat(64)}\nuvicorn==0.32.0\n`;
      return write(directory, {
        Dockerfile:
          'FROM python:3.13-slim\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY main.py .\nCMD ["fastapi", "run", "main.py"]\n',
        'requirements.txt': requirements,
        'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      });
    },
  },
  {
    name: '770 KB of Poetry dependencies',
    build: (directory, scale) => {
      const count = Math.round((770_000 * scale) / 30);
      const dependencies = lines(count, (index) => `package-${index} = "^1.${index}.0"`);
      return write(directory, {
        Dockerfile:
          'FROM python:3.13-slim\nWORKDIR /code\nRUN pip install --no-cache-dir poetry\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCOPY main.py .\nCMD ["fastapi", "run", "main.py"]\n',
        'pyproject.toml': `[tool.poetry]\nname = "app"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nfastapi = "^0.115"\n${dependencies}\n`,
        'poetry.lock': '',
        'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      });
    },
  },
  {
    name: '40k fixes',
    build: (directory, scale) =>
      write(directory, {
        Dockerfile: `FROM python:3.13-slim\n${lines(Math.round(40_000 * scale), (index) => `RUN pip install p${index}`)}\nCMD ["fastapi", "run", "main.py"]\n`,
      }),
    args: ['--fix'],
  },
  {
    name: '5 MiB of tiny instructions',
    build: (directory, scale) => {
      const tiny = ['RUN a', 'ENV a=1', 'ARG b', 'USER c', 'EXPOSE 1', 'WORKDIR d', 'COPY e f', 'LABEL g=h'];
      const out = ['FROM python:3.13-slim'];
      let size = 0;
      for (let index = 0; size < 5 * MiB * scale - 100; index++) {
        const line = tiny[index % tiny.length];
        out.push(line);
        size += line.length + 1;
      }
      return write(directory, { Dockerfile: `${out.join('\n')}\n` });
    },
  },
];
