import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { parseExecForm } from '../../src/core/model/exec-form.js';
import { parseImageReference } from '../../src/core/model/image.js';
import { mappedSlice } from '../../src/core/model/source.js';
import { substitute } from '../../src/core/model/variables.js';

describe('image references', () => {
  it.each([
    ['python:3.12', 'docker.io', 'library/python', '3.12', undefined],
    ['docker.io/library/python:3.12-slim', 'docker.io', 'library/python', '3.12-slim', undefined],
    ['index.docker.io/tiangolo/uvicorn-gunicorn-fastapi', 'docker.io', 'tiangolo/uvicorn-gunicorn-fastapi', undefined, undefined],
    ['ghcr.io/org/app:1@sha256:abc', 'ghcr.io', 'org/app', '1', 'sha256:abc'],
    ['localhost:5000/app', 'localhost:5000', 'app', undefined, undefined],
    ['python@sha256:abc', 'docker.io', 'library/python', undefined, 'sha256:abc'],
  ])('%s', (text, registry, repository, tag, digest) => {
    expect(parseImageReference(text)).toMatchObject({ registry, repository, tag, digest });
  });
});

describe('variable substitution', () => {
  const scope = new Map<string, string | undefined>([
    ['A', 'x'],
    ['EMPTY', ''],
    ['UNKNOWN', undefined],
  ]);
  it.each([
    ['$A', 'x'],
    ['${A}-$A', 'x-x'],
    ['${MISSING:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${A:+alt}', 'alt'],
    ['${MISSING:+alt}', ''],
    ['\\$A', '$A'],
    ['$UNKNOWN', undefined],
    ['${UNKNOWN:-d}', undefined],
    ['$MISSING', undefined],
  ])('%s', (text, expected) => {
    expect(substitute(text, scope)).toBe(expected);
  });
});

describe('exec form', () => {
  const form = (text: string) => parseExecForm(mappedSlice(text, 0, text.length));
  it.each([
    ['["a", "b"]', 'exec'],
    ['[]', 'exec'],
    ['["a\\"b", "\\u0041"]', 'exec'],
    ["['a', 'b']", 'json-like-invalid'],
    ['["a", 1]', 'json-like-invalid'],
    ['["a", null]', 'json-like-invalid'],
    ['[["a"]]', 'json-like-invalid'],
    ['["a",]', 'json-like-invalid'],
    ['["a"', 'json-like-invalid'],
    ['["a"] b', 'json-like-invalid'],
    ['a b', 'shell'],
  ])('%s is %s', (text, expected) => {
    expect(form(text).form).toBe(expected);
  });
  it('decodes escapes', () => {
    const result = form('["a\\"b", "\\u0041"]');
    expect(result.form === 'exec' && result.words.map((word) => word.value)).toEqual(['a"b', 'A']);
  });
});

describe('model', () => {
  it('resolves stages, names, parents and global ARGs', () => {
    const model = buildModel('ARG V=3.12\nFROM python:${V}-slim AS Base\nFROM base AS final\nFROM scratch');
    expect(model.stages.map((stage) => [stage.name, stage.image?.tag, stage.baseStage?.index])).toEqual([
      ['base', '3.12-slim', undefined],
      ['final', undefined, 0],
      [undefined, undefined, undefined],
    ]);
    expect(model.finalStage?.index).toBe(2);
  });

  it('tracks ENV, ARG, WORKDIR and USER per instruction', () => {
    const model = buildModel('ARG G=1\nFROM python\nARG G\nARG L=2\nENV E=$L-x\nWORKDIR /code\nWORKDIR app\nUSER app\nRUN true');
    const run = model.instructions[model.instructions.length - 1];
    expect(Object.fromEntries(run.buildScope)).toEqual({ G: '1', L: '2', E: '2-x' });
    expect(Object.fromEntries(run.runtimeEnv)).toEqual({ E: '2-x' });
    expect(run.workdir).toBe('/code/app');
    expect(run.user).toBe('app');
  });

  it('inherits ENV and WORKDIR from a parent stage', () => {
    const model = buildModel('FROM python AS a\nENV X=1\nWORKDIR /w\nFROM a\nRUN true');
    const run = model.instructions[model.instructions.length - 1];
    expect(run.runtimeEnv.get('X')).toBe('1');
    expect(run.workdir).toBe('/w');
  });

  it('parses RUN mounts', () => {
    const model = buildModel('FROM python\nRUN --mount=type=cache,target=/root/.cache/pip --mount=type=bind,source=a,target=b --mount=target=/x pip install x');
    expect(model.instructions[1].command?.mounts.map((mount) => [mount.type, mount.target, mount.source])).toEqual([
      ['cache', '/root/.cache/pip', undefined],
      ['bind', 'b', 'a'],
      ['bind', '/x', undefined],
    ]);
  });

  it('survives ARGs that refer to each other in a loop', () => {
    const model = buildModel('ARG A=$B\nARG B=$A\nFROM python:$A');
    expect(model.stages[0].image).toBeUndefined();
  });

  it('drops comment lines inside continuations', () => {
    const model = buildModel('FROM python\nRUN pip install \\\n# a comment\n\n    fastapi');
    expect(model.instructions[1].command?.invocations[0].args.map((word) => word.value)).toEqual(['install', 'fastapi']);
  });

  it('reads pragmas, also on the first line', () => {
    const model = buildModel('# fastapi-docker-lint ignore=FDL001,FDL004 -- why\nFROM python\n# fastapi-docker-lint global ignore=FDL002');
    expect(model.pragmas.map((pragma) => [pragma.scope, pragma.rules.map((rule) => rule.text), pragma.target?.keyword])).toEqual([
      ['next', ['FDL001', 'FDL004'], 'FROM'],
      ['global', ['FDL002'], undefined],
    ]);
  });
});

describe('ENV and ARG values', () => {
  it.each([
    ['ENV A="two words"', 'two words'],
    ["ENV A='$HOME'", '$HOME'],
    ['ENV A=x\\ y', 'x y'],
    ['ENV A="say \\"hi\\""', 'say "hi"'],
    ['ENV A=${B:-d}', 'd'],
    ['ENV A="-k uvicorn.workers.UvicornWorker"', '-k uvicorn.workers.UvicornWorker'],
    ['ENV A value with spaces', 'value with spaces'],
  ])('%s', (line, expected) => {
    const model = buildModel(`FROM python\n${line}\nRUN true`);
    expect(model.instructions[2].runtimeEnv.get('A')).toBe(expected);
  });
});
