import { describe, expect, it } from 'vitest';
import { BuildContext, MemoryFileSystem } from '../../src/core/context/build-context.js';
import { entryPointCalls, entryPoints } from '../../src/core/context/entry-point.js';
import { Project } from '../../src/core/context/project.js';
import { buildModel } from '../../src/core/model/build.js';
import { uvicornListen, uvicornReload } from '../../src/core/python/uvicorn.js';

function project(dockerfile: string, files: Record<string, string>): Project {
  const context = new BuildContext(new MemoryFileSystem({ ...files, Dockerfile: dockerfile }, '/project'), '/project/Dockerfile', 'option');
  return new Project(buildModel(dockerfile), context);
}

/** Each entry point as `file (mode)`, and its calls as `callee@line host reload`. */
function read(dockerfile: string, files: Record<string, string>): string[] {
  return entryPoints(project(dockerfile, files)).flatMap((entry) => [
    `${entry.file.path} (${entry.mode.kind === 'main' ? '__main__' : entry.mode.name})`,
    ...entry.calls.map(({ call, conditional }) => {
      const line = entry.file.source.positionAt(call.range.start).line + 1;
      return `  ${call.calleeText}@${line} ${uvicornListen(call).binding} reload=${uvicornReload(call)}${conditional ? ' conditional' : ''}`;
    }),
  ]);
}

const MAIN = 'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="127.0.0.1", reload=True)\n';

describe('entryPoints', () => {
  it('python main.py: the file below WORKDIR', () => {
    const dockerfile = 'FROM python:3.13\nWORKDIR /code\nCOPY main.py .\nCMD ["python", "main.py"]';
    expect(read(dockerfile, { 'main.py': MAIN })).toEqual(['main.py (__main__)', '  uvicorn.run@3 loopback reload=true']);
  });

  it('a script path relative to WORKDIR, copied from a folder', () => {
    const dockerfile = 'FROM python:3.13\nWORKDIR /srv\nCOPY backend/ ./backend/\nCMD ["python3", "-u", "backend/run.py"]';
    expect(read(dockerfile, { 'backend/run.py': MAIN })).toEqual(['backend/run.py (__main__)', '  uvicorn.run@3 loopback reload=true']);
  });

  it('python -m pkg: pkg/__main__.py; python -m pkg.server: pkg/server.py, through PYTHONPATH', () => {
    const files = {
      'src/pkg/__init__.py': '',
      'src/pkg/__main__.py': MAIN,
      'src/pkg/server.py': 'import uvicorn\nuvicorn.run("pkg.app:app", host="0.0.0.0")\n',
    };
    const base = 'FROM python:3.13\nWORKDIR /app\nCOPY src ./src\nENV PYTHONPATH=/app/src\n';
    expect(read(`${base}CMD ["python", "-m", "pkg"]`, files)).toEqual(['src/pkg/__main__.py (__main__)', '  uvicorn.run@3 loopback reload=true']);
    expect(read(`${base}CMD ["python", "-m", "pkg.server"]`, files)).toEqual(['src/pkg/server.py (__main__)', '  uvicorn.run@2 all reload=false']);
  });

  it('python -m pkg of a project installed in a builder stage: its source in the context', () => {
    const dockerfile = [
      'FROM python:3.13-slim AS build',
      'COPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/uv',
      'WORKDIR /app',
      'ADD . /app',
      'RUN uv sync --frozen --no-dev',
      'FROM python:3.13-slim',
      'COPY --from=build /app/.venv /app/.venv',
      'ENV PATH=/app/.venv/bin:$PATH',
      'CMD ["python", "-m", "svc"]',
    ].join('\n');
    const files = { 'pyproject.toml': '[project]\nname = "svc"\nversion = "1"\n', 'uv.lock': '', 'src/svc/__init__.py': '', 'src/svc/__main__.py': MAIN };
    expect(read(dockerfile, files)).toEqual(['src/svc/__main__.py (__main__)', '  uvicorn.run@3 loopback reload=true']);
  });

  it('a console script of [project.scripts] or [tool.poetry.scripts], in the packages Poetry names', () => {
    const cli = 'import uvicorn\n\ndef main():\n    uvicorn.run("svc.app:app")\n\nif __name__ == "__main__":\n    uvicorn.run("svc.app:app", reload=True)\n';
    const dockerfile = 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nENTRYPOINT ["/usr/local/bin/svc"]';
    const pep621 = {
      'pyproject.toml': '[project]\nname = "svc"\nversion = "1"\n[project.scripts]\nsvc = "svc.cli:main"\n',
      'svc/__init__.py': '',
      'svc/cli.py': cli,
    };
    expect(read(dockerfile, pep621)).toEqual(['svc/cli.py (main)', '  uvicorn.run@4 loopback reload=false']);
    const poetry = {
      'pyproject.toml':
        '[tool.poetry]\nname = "svc"\nversion = "1"\npackages = [{ include = "svc", from = "lib" }]\n[tool.poetry.scripts]\nsvc = { callable = "svc.cli:main" }\n',
      'lib/svc/__init__.py': '',
      'lib/svc/cli.py': cli,
    };
    expect(read(dockerfile, poetry)).toEqual(['lib/svc/cli.py (main)', '  uvicorn.run@4 loopback reload=false']);
  });

  it('a console script in a package __init__', () => {
    const dockerfile = 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD ["svc"]';
    const files = {
      'pyproject.toml': '[project]\nname = "svc"\nversion = "1"\n[project.scripts]\nsvc = "svc:serve"\n',
      'src/svc/__init__.py': 'from uvicorn import run\ndef serve():\n    run("svc.app:app", port=9000)\n',
    };
    expect(read(dockerfile, files)).toEqual(['src/svc/__init__.py (serve)', '  run@3 loopback reload=false']);
  });

  it('reads nothing it cannot place', () => {
    const base = 'FROM python:3.13\nWORKDIR /app\nCOPY . .\n';
    // The file is not in the image.
    expect(read(`${base}CMD ["python", "other.py"]`, { 'main.py': MAIN })).toEqual([]);
    // A base image that may hold anything.
    expect(read('FROM mycompany/base\nWORKDIR /app\nCMD ["python", "main.py"]', { 'main.py': MAIN })).toEqual([]);
    // A module found nowhere, in an image that installs no project.
    expect(read(`${base}CMD ["python", "-m", "svc"]`, { 'lib/svc/__main__.py': MAIN })).toEqual([]);
    // A program no pyproject.toml declares.
    expect(read(`${base}CMD ["svc"]`, { 'pyproject.toml': '[project]\nname = "x"\n', 'svc.py': MAIN })).toEqual([]);
    // A console script that is not `module:function`.
    expect(
      read(`${base}RUN pip install .\nCMD ["svc"]`, {
        'pyproject.toml': '[project]\nname = "x"\n[project.scripts]\nsvc = "svc.cli:App.main"\n',
        'svc/cli.py': MAIN,
      }),
    ).toEqual([]);
  });

  it('keeps a file that does not parse, with no call', () => {
    const dockerfile = 'FROM python:3.13\nWORKDIR /app\nCOPY main.py .\nCMD ["python", "main.py"]';
    const [entry] = entryPoints(project(dockerfile, { 'main.py': 'import uvicorn\nuvicorn.run(app, host=\n' }));
    expect(entry.module.hasSyntaxError).toBe(true);
    expect(entry.calls).toEqual([]);
  });

  it('entryPointCalls leaves out conditional calls', () => {
    const dockerfile = 'FROM python:3.13\nWORKDIR /app\nCOPY main.py .\nCMD ["python", "main.py"]';
    const text = 'import os, uvicorn\nif os.getenv("DEV"):\n    uvicorn.run("main:app", reload=True)\nuvicorn.run("main:app", host="0.0.0.0")\n';
    const found = project(dockerfile, { 'main.py': text });
    expect(entryPoints(found)[0].calls).toHaveLength(2);
    expect(entryPointCalls(found).map(({ reached }) => uvicornListen(reached.call).binding)).toEqual(['all']);
  });
});
