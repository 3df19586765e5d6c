/**
 * The wrapper table: each wrapper is looked through with its own option grammar, so the program
 * it runs (and that program's arguments) is what rules see. And the server command: which
 * CMD/ENTRYPOINT combinations really start a server.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { serverCommand } from '../../src/core/model/server.js';
import { classifyBind, classifyHost, listenSetting } from '../../src/core/model/server-settings.js';

function invocationsOf(line: string) {
  const model = buildModel(`FROM python:3.12\n${line}`);
  return model.instructions[1].command?.invocations ?? [];
}

function programAndArgs(line: string): string[] {
  const invocations = invocationsOf(line);
  const last = invocations[invocations.length - 1];
  return last ? [last.program, ...last.args.map((word) => word.value)] : [];
}

describe('the program a wrapper runs', () => {
  it.each([
    ['RUN poetry run pip install fastapi', ['pip', 'install', 'fastapi']],
    ['CMD ["micromamba", "run", "-n", "base", "uvicorn", "main:app", "--reload"]', ['uvicorn', 'main:app', '--reload']],
    ['CMD ["conda", "run", "--no-capture-output", "-n", "api", "python", "-m", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["bash", "-lc", "micromamba run -n base python -m uvicorn main:app"]', ['uvicorn', 'main:app']],
    ['RUN micromamba install -y -n base -f env.yml', ['micromamba', 'install', '-y', '-n', 'base', '-f', 'env.yml']],
    ['RUN poetry -C /app run pip install x', ['pip', 'install', 'x']],
    ['RUN uv run --no-sync --frozen pip install x', ['pip', 'install', 'x']],
    ['CMD ["uv", "run", "--with", "httpx", "--python", "3.12", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["uv", "--directory", "/app", "run", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["uv", "run", "--python=3.12", "-pfoo", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["uv", "run", "-m", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["uvx", "--from", "fastapi-cli", "fastapi", "run"]', ['fastapi', 'run']],
    ['CMD ["pipenv", "run", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["pdm", "run", "-p", "/app", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["hatch", "-e", "prod", "run", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["hatch", "run", "prod:uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["rye", "run", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["python", "-m", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["python3.12", "-X", "dev", "-muvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["opentelemetry-instrument", "--traces_exporter", "console,otlp", "--metrics_exporter=none", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["ddtrace-run", "-d", "gunicorn", "main:app"]', ['gunicorn', 'main:app']],
    ['CMD ["newrelic-admin", "run-program", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["dumb-init", "--", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["dumb-init", "--rewrite", "15:2", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["/usr/bin/tini", "-s", "-p", "SIGKILL", "--", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["gosu", "app", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["su-exec", "1000:1000", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["doppler", "run", "--project", "api", "--", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["env", "-i", "A=1", "-u", "B", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD exec -a api uvicorn main:app', ['uvicorn', 'main:app']],
    ['CMD command uvicorn main:app', ['uvicorn', 'main:app']],
    ['CMD eval uvicorn main:app', ['uvicorn', 'main:app']],
    ['CMD time uvicorn main:app', ['uvicorn', 'main:app']],
    ['CMD ["tini", "--", "gosu", "app", "uv", "run", "opentelemetry-instrument", "uvicorn", "main:app"]', ['uvicorn', 'main:app']],
    ['CMD ["sh", "-c", "exec poetry run uvicorn main:app"]', ['uvicorn', 'main:app']],
  ])('%s', (line, expected) => {
    expect(programAndArgs(line)).toEqual(expected);
  });

  it('keeps the wrappers, outermost first', () => {
    const [invocation] = invocationsOf('CMD ["tini", "--", "uv", "run", "python", "-m", "uvicorn", "main:app"]');
    expect(invocation.wrappers.map((wrapper) => [wrapper.kind, wrapper.word.value])).toEqual([
      ['init', 'tini'],
      ['runner', 'uv'],
      ['python-module', 'python'],
    ]);
  });

  it('collects variables set by env', () => {
    const [invocation] = invocationsOf('CMD ["env", "UVICORN_HOST=0.0.0.0", "uvicorn", "main:app"]');
    expect(invocation.assignments.map((assignment) => `${assignment.name}=${assignment.value}`)).toEqual(['UVICORN_HOST=0.0.0.0']);
  });

  it.each([
    ['RUN poetry install --no-root', 'poetry'],
    ['RUN uv sync --frozen', 'uv'],
    ['RUN uv pip install x', 'uv'],
    ['RUN command -v uvicorn', 'command'],
    ['CMD ["uv", "run", "--script", "serve.py"]', 'uv'],
    ['CMD ["tini", "--"]', 'tini'],
    ['CMD ["gosu", "app"]', 'gosu'],
    ['CMD ["doppler", "run", "--command", "uvicorn main:app"]', 'doppler'],
    ['CMD ["pdm", "run", "--list"]', 'pdm'],
  ])('%s runs no program of ours: the wrapper itself is the program', (line, program) => {
    expect(invocationsOf(line).map((invocation) => invocation.program)).toEqual([program]);
  });

  it('stops at a deep chain of wrappers', () => {
    const line = `CMD ${'exec '.repeat(5000)}uvicorn main:app`;
    expect(() => invocationsOf(line)).not.toThrow();
  });
});

describe('serverCommand', () => {
  function server(text: string) {
    return serverCommand(buildModel(`FROM python:3.12\n${text}`));
  }

  it.each([
    ['CMD ["fastapi", "run"]', 'fastapi'],
    ['CMD ["fastapi", "dev", "main.py"]', 'fastapi'],
    ['CMD ["uvicorn", "main:app"]', 'uvicorn'],
    ['CMD ["uvicorn", "--factory", "main:create_app"]', 'uvicorn'],
    ['CMD ["uvicorn", "$APP"]', undefined],
    ['CMD uvicorn $APP --host 0.0.0.0', 'uvicorn'],
    ['CMD ["gunicorn", "main:app"]', 'gunicorn'],
    ['CMD ["gunicorn", "-c", "gunicorn.conf.py"]', 'gunicorn'],
    ['CMD ["gunicorn", "main:create_app()"]', 'gunicorn'],
    ['CMD ["hypercorn", "main:app"]', 'hypercorn'],
    ['ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["uvicorn", "main:app"]', 'uvicorn'],
    ['ENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["uvicorn", "main:app"]', 'uvicorn'],
    ['ENTRYPOINT ["tini", "--"]\nCMD uvicorn main:app --port $PORT', 'uvicorn'],
    ['ENTRYPOINT ["uv", "run"]\nCMD ["uvicorn", "main:app"]', 'uvicorn'],
    ['ENTRYPOINT ["uvicorn"]\nCMD ["main:app"]', 'uvicorn'],
    ['ENTRYPOINT ["python", "-m"]\nCMD ["uvicorn", "main:app"]', 'uvicorn'],
    ['CMD ["fastapi", "sh", "-c", "uvicorn main:app"]', undefined],
    ['ENTRYPOINT ["fastapi"]\nCMD ["sh", "-c", "fastapi run"]', undefined],
    ['ENTRYPOINT ["uvicorn"]\nCMD ["sh", "-c", "uvicorn main:app"]', undefined],
    ['ENTRYPOINT ["gunicorn"]\nCMD ["sh", "-c", "gunicorn main:app"]', undefined],
    ['ENTRYPOINT ["bash"]\nCMD ["uvicorn", "main:app"]', undefined],
    ['ENTRYPOINT ["python"]\nCMD ["uvicorn", "main:app"]', undefined],
    ['CMD ["fastapi"]', undefined],
    ['CMD ["fastapi", "--version"]', undefined],
    ['CMD ["uvicorn"]', undefined],
    ['CMD ["uvicorn", "--help"]', undefined],
    ['CMD ["gunicorn"]', undefined],
    ['CMD ["python", "main.py"]', undefined],
  ])('%s', (text, kind) => {
    expect(server(text)?.kind).toBe(kind);
  });
});

describe('hosts and binds', () => {
  it.each([
    ['0.0.0.0', 'all'],
    ['::', 'all'],
    ['[::]', 'all'],
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['localhost', 'loopback'],
    ['::1', 'loopback'],
    ['10.20.30.40', 'foreign-address'],
    ['fd00::5', 'foreign-address'],
    ['fe80::1%eth0', 'foreign-address'],
    ['0.0.0.0:80', 'port-in-host'],
    ['127.0.0.1:8000', 'port-in-host'],
    ['localhost:8000', 'port-in-host'],
    ['[::]:80', 'port-in-host'],
    ['myservice', 'other'],
    ['256.1.1.1', 'other'],
    ['$HOST', 'unknown'],
  ])('--host %s is %s', (host, binding) => {
    expect(classifyHost(host)).toBe(binding);
  });

  it.each([
    ['0.0.0.0:80', 'all'],
    ['0.0.0.0', 'all'],
    [':80', 'all'],
    ['[::]:80', 'all'],
    ['tcp://0.0.0.0:80', 'all'],
    ['127.0.0.1:8000', 'loopback'],
    ['10.20.30.40:80', 'foreign-address'],
    ['[fd00::5]:80', 'foreign-address'],
    ['myservice:80', 'other'],
    ['unix:/run/app.sock', 'socket'],
    ['fd://3', 'socket'],
    ['0.0.0.0:$PORT', 'unknown'],
  ])('--bind %s is %s', (bind, binding) => {
    expect(classifyBind(bind)).toBe(binding);
  });

  it('reports the first literal address among several binds', () => {
    const found = serverCommand(buildModel('FROM python:3.12\nCMD ["gunicorn", "-b", "0.0.0.0:80", "-b", "10.0.0.1:81", "main:app"]'));
    expect(found && listenSetting(found)).toMatchObject({ binding: 'foreign-address', host: '10.0.0.1' });
  });
});
