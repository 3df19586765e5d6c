import { describe, expect, it } from 'vitest';
import { reachedCalls, readPythonModule, stringValue, type EntryMode } from '../../src/core/python/module.js';

const MAIN: EntryMode = { kind: 'main' };

/** The reached calls as `callee@line` (1-based), conditional ones marked `?`. */
function reached(text: string, mode: EntryMode = MAIN): string[] {
  const module = readPythonModule(text);
  return reachedCalls(module, mode).map(({ call, conditional }) => {
    const line = text.slice(0, call.range.start).split('\n').length;
    return `${call.calleeText}@${line}${conditional ? '?' : ''}`;
  });
}

describe('readPythonModule: which calls are uvicorn', () => {
  it('finds `import uvicorn` + `uvicorn.run`', () => {
    expect(reached('import uvicorn\nuvicorn.run("main:app")\n')).toEqual(['uvicorn.run@2']);
  });

  it('follows an alias, `from uvicorn import run` and `run as serve`', () => {
    expect(reached('import uvicorn as u\nu.run(app)\n')).toEqual(['u.run@2']);
    expect(reached('from uvicorn import run\nrun(app)\n')).toEqual(['run@2']);
    expect(reached('from uvicorn import run as serve\nserve(app)\n')).toEqual(['serve@2']);
    expect(reached('from uvicorn import Config, Server\nServer(Config(app, host="0.0.0.0")).run()\n')).toEqual(['Config@2']);
    expect(reached('from uvicorn.main import run\nrun(app)\n')).toEqual(['run@2']);
  });

  it('ignores calls that are not uvicorn', () => {
    expect(reached('import subprocess\nsubprocess.run(["ls"])\n')).toEqual([]);
    expect(reached('from subprocess import run\nrun(["ls"])\n')).toEqual([]);
    expect(reached('import asyncio\nasyncio.run(main())\n')).toEqual([]);
    expect(reached('uvicorn.run(app)\n')).toEqual([]);
    expect(reached('import uvicorn\nuvicorn.Server(config).run()\n')).toEqual([]);
  });

  it('drops a name imported from two places: which one a call means is unclear', () => {
    expect(reached('from uvicorn import run\nfrom subprocess import run\nrun(app)\n')).toEqual([]);
  });

  it('lets a top-level function shadow an imported name', () => {
    expect(reached('from uvicorn import run\ndef run(app):\n    pass\nrun(app)\n')).toEqual([]);
  });

  it('finds a local import inside a function', () => {
    expect(reached('def main():\n    import uvicorn\n    uvicorn.run(app)\nmain()\n')).toEqual(['uvicorn.run@3']);
  });

  it('judges nothing in a module that does not parse', () => {
    const module = readPythonModule('import uvicorn\nuvicorn.run(app, host=\n');
    expect(module.hasSyntaxError).toBe(true);
    expect(reachedCalls(module, MAIN)).toEqual([]);
  });
});

describe('reachedCalls: which calls run', () => {
  it('runs the top level and the `__main__` block for a script', () => {
    const text = 'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run(app)\n';
    expect(reached(text)).toEqual(['uvicorn.run@3']);
    expect(reached("import uvicorn\nif '__main__' == __name__:\n    uvicorn.run(app)\n")).toEqual(['uvicorn.run@3']);
  });

  it('does not run the `__main__` block when a console script calls a function', () => {
    const text = 'import uvicorn\ndef main():\n    pass\nif __name__ == "__main__":\n    uvicorn.run(app)\n';
    expect(reached(text, { kind: 'function', name: 'main' })).toEqual([]);
  });

  it('follows calls between top-level functions, through asyncio.run(main())', () => {
    const text = [
      'import asyncio, uvicorn',
      'def serve():',
      '    uvicorn.run("app.main:app", host="127.0.0.1")',
      'async def main():',
      '    serve()',
      'if __name__ == "__main__":',
      '    asyncio.run(main())',
      '',
    ].join('\n');
    expect(reached(text)).toEqual(['uvicorn.run@3']);
    expect(reachedCalls(readPythonModule(text), MAIN)[0].via).toEqual(['main', 'serve']);
  });

  it('enters the function a console script names, decorated or not', () => {
    const text = 'import click, uvicorn\n@click.command()\ndef cli():\n    uvicorn.run(app)\ndef other():\n    uvicorn.run(app, reload=True)\n';
    expect(reached(text, { kind: 'function', name: 'cli' })).toEqual(['uvicorn.run@4']);
    expect(reached(text, { kind: 'function', name: 'missing' })).toEqual([]);
  });

  it('leaves out functions nobody calls, methods and lambdas', () => {
    const text = [
      'import uvicorn',
      'def dev():',
      '    uvicorn.run(app, reload=True)',
      'class Command:',
      '    def handle(self):',
      '        uvicorn.run(app)',
      'start = lambda: uvicorn.run(app)',
      '',
    ].join('\n');
    expect(reached(text)).toEqual([]);
    expect(readPythonModule(text).calls.map((call) => call.place)).toEqual([{ kind: 'function', name: 'dev' }]);
  });

  it('marks calls in branches, loops and handlers conditional', () => {
    const text = [
      'import os, uvicorn',
      'if os.getenv("ENV") == "dev":',
      '    uvicorn.run(app, host="127.0.0.1", reload=True)',
      'else:',
      '    uvicorn.run(app, host="0.0.0.0")',
      'try:',
      '    uvicorn.run(app)',
      'except Exception:',
      '    uvicorn.run(app)',
      'finally:',
      '    uvicorn.run(app)',
      'for _ in range(1):',
      '    uvicorn.run(app)',
      'debug and uvicorn.run(app)',
      '',
    ].join('\n');
    expect(reached(text)).toEqual([
      'uvicorn.run@3?',
      'uvicorn.run@5?',
      'uvicorn.run@7',
      'uvicorn.run@9?',
      'uvicorn.run@11',
      'uvicorn.run@13?',
      'uvicorn.run@14?',
    ]);
  });

  it('keeps the unconditional reading of a function reached both ways', () => {
    const text = 'import uvicorn\ndef serve():\n    uvicorn.run(app)\nif debug:\n    serve()\nserve()\n';
    expect(reached(text)).toEqual(['uvicorn.run@3']);
  });

  it('marks a function called only conditionally', () => {
    const text = 'import uvicorn\ndef serve():\n    uvicorn.run(app)\nif __name__ == "__main__":\n    if debug:\n        serve()\n';
    expect(reached(text)).toEqual(['uvicorn.run@3?']);
  });

  it('does not follow a function defined twice', () => {
    const text = 'import uvicorn\ndef serve():\n    uvicorn.run(app)\ndef serve():\n    pass\nserve()\n';
    expect(reached(text)).toEqual([]);
  });

  it('survives recursion', () => {
    const text = 'import uvicorn\ndef a():\n    b()\n    uvicorn.run(app)\ndef b():\n    a()\na()\n';
    expect(reached(text)).toEqual(['uvicorn.run@4']);
  });
});

describe('readPythonModule: arguments', () => {
  const call = (text: string) => readPythonModule(`import uvicorn\n${text}\n`).calls[0];

  it('reads literal keyword and positional arguments with exact offsets', () => {
    const text = 'import uvicorn\nuvicorn.run("pkg.main:app", host="127.0.0.1", port=8_000, reload=True, workers=None, backlog=-1)\n';
    const found = readPythonModule(text).calls[0];
    expect(found.arguments.map((argument) => [argument.keyword, argument.value])).toEqual([
      [undefined, { kind: 'string', value: 'pkg.main:app' }],
      ['host', { kind: 'string', value: '127.0.0.1' }],
      ['port', { kind: 'number', value: 8000 }],
      ['reload', { kind: 'boolean', value: true }],
      ['workers', { kind: 'none' }],
      ['backlog', { kind: 'number', value: -1 }],
    ]);
    const host = found.arguments[1];
    expect(text.slice(host.range.start, host.range.end)).toBe('host="127.0.0.1"');
    expect(text.slice(host.valueRange.start, host.valueRange.end)).toBe('"127.0.0.1"');
    expect(text.slice(found.calleeRange.start, found.calleeRange.end)).toBe('uvicorn.run');
  });

  it('says unknown for what is computed at run time', () => {
    const found = call('uvicorn.run(app, host=settings.host, port=int(os.getenv("PORT", 8000)), reload=f"{x}", log_level="a" "b")');
    expect(found.arguments.map((argument) => argument.value.kind)).toEqual(['name', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect(found.arguments[1].text).toBe('settings.host');
  });

  it('notes *args and **kwargs', () => {
    expect(call('uvicorn.run(app, **options)').spreads).toEqual({ positional: false, keywords: true });
    expect(call('uvicorn.run(*args)').spreads).toEqual({ positional: true, keywords: false });
  });
});

describe('stringValue', () => {
  it('decodes plain, raw and triple-quoted literals', () => {
    expect(stringValue('"0.0.0.0"')).toBe('0.0.0.0');
    expect(stringValue("'0.0.0.0'")).toBe('0.0.0.0');
    expect(stringValue('r"a\\b"')).toBe('a\\b');
    expect(stringValue('"""x"""')).toBe('x');
    expect(stringValue('"a\\tb"')).toBe('a\tb');
  });

  it('gives up on bytes, f-strings and escapes it does not decode', () => {
    expect(stringValue('b"x"')).toBeUndefined();
    expect(stringValue('f"{x}"')).toBeUndefined();
    expect(stringValue('"\\x41"')).toBeUndefined();
  });
});

describe('names bound at the top level', () => {
  it('reads assignments, definitions and imports, not what blocks bind', () => {
    const text =
      'from fastapi import FastAPI as F, Depends\nimport os, a.b as c\napp: F = F()\napi = x = 1\ndef make(): pass\nclass K: pass\nif True:\n    inner = 1\n@dec\ndef d(): pass\n';
    expect([...readPythonModule(text).names].sort()).toEqual(['Depends', 'F', 'K', 'api', 'app', 'c', 'd', 'make', 'os', 'x']);
  });
});
