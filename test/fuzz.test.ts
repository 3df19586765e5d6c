/**
 * Property-based tests with fast-check. `npm test` runs a bounded number of cases;
 * `npm run fuzz` runs many more (20,000 per property; FUZZ_RUNS and FUZZ_SEED override).
 *
 * - Random bytes and random Dockerfile-shaped text never make lint() throw, and every finding's
 *   range lies inside the file.
 * - Fixes are idempotent, leave a text that lints without new parse problems, leave no fixable
 *   finding behind, change no line outside the instructions they fix, never write an exec form
 *   that starts with a shell builtin, and keep line endings and the BOM.
 */
import fc from 'fast-check';
import { diffArrays } from 'diff';
import { describe, expect, it } from 'vitest';
import { lint, lintAndFix, type Finding } from '../src/core/lint.js';
import { buildModel } from '../src/core/model/build.js';
import { isShellOnlyName } from '../src/core/model/shell.js';

/** 300 runs per property in `npm test`; 20,000 under `npm run fuzz`; FUZZ_RUNS sets any number. */
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.npm_lifecycle_event === 'fuzz' ? 20_000 : 300));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const settings = { numRuns: RUNS, seed: SEED, endOnFailure: true };
/** Long runs (`npm run fuzz`) take minutes on a busy machine; the bounded ones stay within the default timeout. */
const TIMEOUT = Math.max(30_000, RUNS * 40);

const OPTIONS = { today: '2026-11-26', behindProxy: true, deployTarget: 'kubernetes' as const };

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

function expectInside(text: string, findings: Finding[]): void {
  const fileLines = lines(text);
  for (const finding of findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.endLine).toBeGreaterThanOrEqual(finding.line);
    expect(finding.endLine).toBeLessThanOrEqual(fileLines.length);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(finding.column).toBeLessThanOrEqual(fileLines[finding.line - 1].length + 1);
    expect(finding.endColumn).toBeLessThanOrEqual(fileLines[finding.endLine - 1].length + 1);
    if (finding.endLine === finding.line) expect(finding.endColumn).toBeGreaterThanOrEqual(finding.column);
  }
}

const word = fc.constantFrom(
  'pip',
  'pip3',
  'install',
  '-r',
  'requirements.txt',
  '--no-cache-dir',
  'uvicorn',
  'fastapi',
  'run',
  'dev',
  'main:app',
  'app/main.py',
  '--host',
  '0.0.0.0',
  '127.0.0.1',
  '--port',
  '80',
  '$PORT',
  '${PORT:-8000}',
  '--reload',
  '-w',
  '4',
  '--workers',
  'gunicorn',
  '-k',
  'uvicorn.workers.UvicornWorker',
  'sh',
  '-c',
  'bash',
  'exec',
  'env',
  'A=1',
  '&&',
  '||',
  ';',
  '|',
  '>',
  '2>&1',
  '&',
  'python',
  '-m',
  'uv',
  'sync',
  'poetry',
  'hypercorn',
  '--proxy-headers',
  '--forwarded-allow-ips',
  '*',
  '.',
  './app',
  '/code',
  '"quoted words"',
  "'single'",
  '"unterminated',
  '`backtick`',
  '$(nproc)',
  '#',
  '\\',
  '~',
  '*.py',
  '{a,b}',
  'if',
  'then',
  'fi',
  '(',
  ')',
  '<<EOF',
  'é',
  '😀',
  'time',
  'command',
  'eval',
  'cd',
  'export',
  '.',
  '!',
  'tini',
  '--',
  'gosu',
  'app',
  'opentelemetry-instrument',
  'ddtrace-run',
  '10.20.30.40',
  '0.0.0.0:80',
);
const flag = fc.constantFrom(
  '--mount=type=cache,target=/root/.cache/pip',
  '--mount=type=cache,target=/root/.cache/uv',
  '--mount=type=bind,source=uv.lock,target=uv.lock',
  '--from=builder',
  '--platform=linux/amd64',
  '--chown=app:app',
  '--link',
  '--network=none',
  '--',
);
const image = fc.constantFrom(
  'python:3.9',
  'python',
  'python:latest',
  'tiangolo/uvicorn-gunicorn-fastapi:python3.11',
  '${BASE}',
  'builder',
  'scratch',
  'docker.io/library/python:3.13-slim@sha256:abc',
  '',
);
const jsonish = fc.oneof(
  fc.array(word, { maxLength: 6 }).map((words) => JSON.stringify(words)),
  fc.array(word, { maxLength: 4 }).map((words) => `[${words.map((w) => `'${w}'`).join(', ')}]`),
  fc.constantFrom('[1, null]', '[["a"]]', '["a",]', '["a"', '[]', '[ "sh", "-c", "uvicorn main:app" ]', '["fastapi", "run", "--reload"]'),
);
const shellArgs = fc.array(word, { minLength: 0, maxLength: 10 }).map((words) => words.join(' '));
const keyword = fc.constantFrom(
  'FROM',
  'RUN',
  'CMD',
  'ENTRYPOINT',
  'COPY',
  'ADD',
  'ENV',
  'ARG',
  'WORKDIR',
  'USER',
  'EXPOSE',
  'SHELL',
  'HEALTHCHECK',
  'LABEL',
  'ONBUILD',
  'from',
  'run',
  'cmd',
  'FORM',
  '',
);

const instruction = fc.oneof(
  fc.tuple(image, fc.boolean()).map(([name, named]) => `FROM ${name}${named ? ' AS builder' : ''}`),
  fc.tuple(fc.array(flag, { maxLength: 2 }), shellArgs).map(([flags, args]) => `RUN ${flags.join(' ')} ${args}`),
  fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT', 'RUN'), fc.oneof(jsonish, shellArgs)).map(([kw, args]) => `${kw} ${args}`),
  fc
    .tuple(fc.constantFrom('COPY', 'ADD'), fc.array(flag, { maxLength: 1 }), fc.array(word, { maxLength: 3 }))
    .map(([kw, flags, args]) => `${kw} ${flags.join(' ')} ${args.join(' ')}`),
  fc
    .tuple(
      fc.constantFrom('ENV', 'ARG'),
      fc.constantFrom('PIP_NO_CACHE_DIR', 'UVICORN_HOST', 'WEB_CONCURRENCY', 'PORT', 'BASE', 'A', 'B'),
      fc.constantFrom('=1', '=0.0.0.0', '=$A', '="a b"', '', ' value', '=${B:-python:3.9}'),
    )
    .map(([kw, name, value]) => `${kw} ${name}${value}`),
  fc.tuple(shellArgs).map(([args]) => `RUN <<EOF\n${args}\npip install x\nEOF`),
  fc.tuple(shellArgs, shellArgs).map(([a, b]) => `RUN ${a} \\\n    ${b}`),
  fc.constantFrom(
    '# fastapi-docker-lint ignore=FDL001,FDL04',
    '# fastapi-docker-lint global ignore=pip-no-cache-dir',
    '# a comment',
    '',
    'WORKDIR /code',
    'WORKDIR app',
    'USER 1000',
    'SHELL ["/bin/bash", "-c"]',
    'RUN \\',
    'HEALTHCHECK NONE',
  ),
  fc.tuple(keyword, shellArgs).map(([kw, args]) => `${kw} ${args}`),
);

/** The command that starts the server: the rules about it only look at the final stage's. */
const server = fc
  .tuple(
    fc.constantFrom('CMD', 'ENTRYPOINT'),
    fc.constantFrom(
      'fastapi run',
      'fastapi dev',
      'uvicorn main:app',
      'gunicorn main:app',
      'hypercorn main:app',
      'python -m uvicorn app.main:app',
      '/app/.venv/bin/fastapi run',
      'fastapi',
      'uvicorn',
      'gunicorn',
    ),
    fc.array(
      fc.constantFrom(
        '--host 0.0.0.0',
        '--host=127.0.0.1',
        '--reload',
        '--workers 4',
        '-w 2',
        '-k uvicorn.workers.UvicornWorker',
        '-k uvicorn_worker.UvicornWorker',
        '--proxy-headers',
        '--forwarded-allow-ips *',
        '--port $PORT',
        '-b 0.0.0.0:80',
        '--uds /tmp/s',
        '--host 10.20.30.40',
        '--host 0.0.0.0:80',
        '-b 10.1.2.3:80',
      ),
      { maxLength: 3 },
    ),
    fc.constantFrom('exec', 'shell', 'sh-c', 'sh-c-exec', 'shell-exec', 'shell-time', 'shell-command'),
    fc.constantFrom(
      '',
      '',
      '',
      'uv run --frozen',
      'poetry run',
      'tini --',
      'opentelemetry-instrument --service_name api',
      'ddtrace-run',
      'gosu app',
      'env A=1',
    ),
    fc.constantFrom(
      '',
      '',
      '',
      'ENTRYPOINT ["fastapi"]\n',
      'ENTRYPOINT ["uvicorn"]\n',
      'ENTRYPOINT ["/usr/bin/tini", "--"]\n',
      'ENTRYPOINT ["/entrypoint.sh"]\n',
    ),
  )
  .map(([keyword, command, options, form, wrapper, entrypoint]) => {
    const words = [...(wrapper ? wrapper.split(' ') : []), ...command.split(' '), ...options.flatMap((option) => option.split(' '))];
    const prefix = keyword === 'CMD' ? entrypoint : '';
    if (form === 'exec') return `${prefix}${keyword} ${JSON.stringify(words)}`;
    if (form === 'shell') return `${prefix}${keyword} ${words.join(' ')}`;
    if (form === 'shell-exec') return `${prefix}${keyword} exec ${words.join(' ')}`;
    if (form === 'shell-time') return `${prefix}${keyword} time ${words.join(' ')}`;
    if (form === 'shell-command') return `${prefix}${keyword} command ${words.join(' ')}`;
    return `${prefix}${keyword} ${JSON.stringify(['sh', '-c', `${form === 'sh-c-exec' ? 'exec ' : ''}${words.join(' ')}`])}`;
  });

const dockerfile = fc
  .record({
    bom: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n', '\n', 'mixed'),
    directive: fc.constantFrom('', '', '# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1'),
    body: fc.array(instruction, { minLength: 0, maxLength: 14 }),
    last: fc.option(server, { freq: 3 }),
  })
  .map(({ bom, eol, directive, body, last }) => {
    const allLines = [...(directive ? [directive] : []), ...[...body, ...(last ? [last] : [])].flatMap((line) => line.split('\n'))];
    const text = allLines.map((line, index) => line + (eol === 'mixed' ? (index % 2 ? '\r\n' : '\n') : eol)).join('');
    return (bom ? '\uFEFF' : '') + text;
  });

describe(`fuzzing (${RUNS} runs per property)`, () => {
  it('generates Dockerfiles that exercise the rules and their fixes', () => {
    const sample = fc.sample(dockerfile, { numRuns: 400, seed: 42 });
    const findings = sample.map((text) => lint(text, OPTIONS));
    const fixable = findings.filter((list) => list.some((finding) => finding.fixable)).length;
    const rules = new Set(findings.flat().map((finding) => finding.ruleId));
    // Not a property: a guard that the generator keeps reaching fixes and most rules.
    expect(fixable).toBeGreaterThan(sample.length / 5);
    expect(rules.size).toBeGreaterThanOrEqual(12);
  });

  it(
    'random bytes never make lint throw, and findings stay inside the file',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
          const text = Buffer.from(bytes).toString('utf8');
          expectInside(text, lint(text, OPTIONS));
        }),
        settings,
      );
    },
    TIMEOUT,
  );

  it(
    'random text never makes lint throw, and findings stay inside the file',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), (text) => {
          expectInside(text, lint(text, OPTIONS));
        }),
        settings,
      );
    },
    TIMEOUT,
  );

  it(
    'Dockerfile-shaped text never makes lint throw, and findings stay inside the file',
    () => {
      fc.assert(
        fc.property(dockerfile, (text) => {
          expectInside(text, lint(text, OPTIONS));
        }),
        settings,
      );
    },
    TIMEOUT,
  );

  it(
    'fixes are idempotent, complete, local, and keep line endings and the BOM',
    () => {
      fc.assert(
        fc.property(dockerfile, (text) => {
          // The safe fixes (--fix), then with the unsafe ones too (--unsafe-fixes): each run holds it all.
          for (const options of [OPTIONS, { ...OPTIONS, unsafeFixes: true }]) checkFixes(text, options);
        }),
        settings,
      );
    },
    TIMEOUT,
  );
});

/** Fixes under `options` are idempotent, complete, local, and keep line endings and the BOM. */
function checkFixes(text: string, options: typeof OPTIONS & { unsafeFixes?: boolean }): void {
  // What these options fix: safe fixes, and the unsafe ones only with unsafeFixes.
  const applies = (finding: { fixable: boolean; unsafeFix?: boolean }) => finding.fixable && (!finding.unsafeFix || options.unsafeFixes === true);
  const before = lint(text, options);
  const fixed = lintAndFix(text, options);
  if (!before.some(applies)) {
    expect(fixed.output).toBe(text);
    return;
  }
  // Idempotent: fixing the fixed text changes nothing.
  expect(lintAndFix(fixed.output, options).output).toBe(fixed.output);
  // Complete: nothing fixable is left; and the fixes add no parse problem.
  expect(fixed.findings.filter(applies)).toEqual([]);
  const problems = (source: string) => buildModel(source).problems.length;
  expect(problems(fixed.output)).toBeLessThanOrEqual(problems(text));
  // Local: every line outside the fixed instructions is unchanged, in order.
  const model = buildModel(text);
  const touched = new Set<number>();
  for (const finding of before.filter(applies)) {
    const instruction = model.instructions.find((candidate) => {
      const first = model.source.positionAt(candidate.range.start).line + 1;
      const last = model.source.positionAt(candidate.range.end).line + 1;
      return finding.line >= first && finding.line <= last;
    });
    const first = instruction ? model.source.positionAt(instruction.range.start).line + 1 : finding.line;
    const last = instruction ? model.source.positionAt(instruction.range.end).line + 1 : finding.endLine;
    for (let line = first; line <= last; line++) touched.add(line);
  }
  let originalLine = 0;
  for (const part of diffArrays(text.replace(/^\uFEFF/, '').split('\n'), fixed.output.replace(/^\uFEFF/, '').split('\n'))) {
    if (part.removed)
      for (let index = 0; index < part.count; index++) expect(touched.has(originalLine + index + 1), `line ${originalLine + index + 1} changed`).toBe(true);
    if (!part.added) originalLine += part.count;
  }
  // No fix writes an exec form whose program only a shell knows (`["exec", ...]`, `["time", ...]`).
  const shellOnlyPrograms = (source: string) =>
    buildModel(source).instructions.filter((candidate) => candidate.command?.form === 'exec' && isShellOnlyName(candidate.command.execWords?.[0]?.value ?? ''))
      .length;
  expect(shellOnlyPrograms(fixed.output)).toBeLessThanOrEqual(shellOnlyPrograms(text));
  // Line endings and BOM kept.
  expect(fixed.output.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
  const crlfOnly = (source: string) => !/[^\r]\n|^\n/.test(source) && source.includes('\r\n');
  if (crlfOnly(text)) expect(crlfOnly(fixed.output)).toBe(true);
  if (!text.includes('\r')) expect(fixed.output.includes('\r')).toBe(false);
}
