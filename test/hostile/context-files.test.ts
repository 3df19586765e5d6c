/**
 * The context files of a hostile repository, read in linear time and matched with Docker's own
 * semantics: .dockerignore (moby's patternmatcher), COPY wildcards (Go's filepath.Match per
 * segment), requirements files with `\` continuations, and Poetry tables.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeBuildContext } from '../../src/node/context-file-system.js';
import { DockerignoreMatcher } from '../../src/core/context/dockerignore.js';
import { CompiledPattern, PatternSyntaxError, segmentPattern } from '../../src/core/context/glob-match.js';
import { pyproject } from '../../src/core/context/pyproject.js';
import { readRequirementsFile } from '../../src/core/context/requirements.js';
import { scratchDir } from '../helpers/cli.js';

function ignored(dockerignore: string, paths: string[]): string[] {
  const matcher = new DockerignoreMatcher(dockerignore);
  return paths.filter((file) => matcher.ignores(file));
}

describe(".dockerignore, with Docker's semantics", () => {
  it.each([
    // The examples of Docker's documentation.
    [
      '*/temp*',
      ['somedir/temporary.txt', 'somedir/temp', 'somedir/temp/x', 'temp.txt', 'a/b/temp'],
      ['somedir/temporary.txt', 'somedir/temp', 'somedir/temp/x'],
    ],
    ['*/*/temp*', ['somedir/subdir/temporary.txt', 'somedir/temp'], ['somedir/subdir/temporary.txt']],
    ['temp?', ['tempa', 'tempb', 'temp', 'tempab'], ['tempa', 'tempb']],
    ['**/*.go', ['a.go', 'x/y/z.go', 'x/go'], ['a.go', 'x/y/z.go']],
    ['*.md\n!README.md', ['x.md', 'README.md', 'docs/x.md'], ['x.md']],
    ['*.md\n!README*.md\nREADME-secret.md', ['README.md', 'README-secret.md'], ['README-secret.md']],
    // Cleaning: a leading `/` or `./`, a trailing `/`, comments and blank lines.
    ['/app\n./tests/\n# secrets\n\n  ', ['app', 'app/main.py', 'tests/x.py', '# secrets', 'secrets'], ['app', 'app/main.py', 'tests/x.py']],
    // A pattern that matches a parent directory excludes what is below it; an exception undoes it.
    ['build\n!build/keep.txt', ['build/a.txt', 'build/keep.txt'], ['build/a.txt']],
    // `dir/**` is what is below dir, not dir itself; `**foo` is any path ending in foo.
    ['dir/**', ['dir', 'dir/x', 'dir/x/y'], ['dir/x', 'dir/x/y']],
    ['**foo', ['xfoo', 'a/xfoo', 'foo', 'foox'], ['xfoo', 'a/xfoo', 'foo']],
    // Regular-expression syntax is literal; `\` escapes; classes.
    ['(a+)+b', ['(a+)+b', 'aab', 'ab'], ['(a+)+b']],
    ['a.b\nx{1}|y$', ['a.b', 'axb', 'x{1}|y$', 'x'], ['a.b', 'x{1}|y$']],
    ['a\\*b', ['a*b', 'axb'], ['a*b']],
    ['[^a]bc\n[x-z]1', ['xbc', 'abc', 'y1', 'a1'], ['xbc', 'y1']],
    ['foo(', ['foo(', 'foo'], ['foo(']],
  ])('%j', (dockerignore, paths, expected) => {
    expect(ignored(dockerignore, paths)).toEqual(expected);
  });

  it('reports what Docker rejects, by line, and keeps the other lines', () => {
    const matcher = new DockerignoreMatcher('ok\nfoo[\n[z-a]\n!\nfoo\\\n[]\n!  \nlast\n');
    expect(matcher.problems).toEqual([
      { line: 2, pattern: 'foo[', message: 'syntax error in pattern' },
      { line: 3, pattern: '[z-a]', message: 'syntax error in pattern' },
      { line: 4, pattern: '!', message: 'illegal exclusion pattern: "!"' },
      { line: 5, pattern: 'foo\\', message: 'syntax error in pattern' },
      { line: 6, pattern: '[]', message: 'syntax error in pattern' },
      { line: 7, pattern: '!', message: 'illegal exclusion pattern: "!"' },
    ]);
    expect(['ok', 'last', 'foo'].filter((file) => matcher.ignores(file))).toEqual(['ok', 'last']);
  });

  it('patterns that backtrack a regular expression exponentially match in linear time', () => {
    const long = `${'a'.repeat(3000)}c`;
    expect(new CompiledPattern('(a+)+b', true).matches(long)).toBe(false);
    expect(new CompiledPattern(`${'**/'.repeat(12)}x`, true).matchesOrParent(`${'a/'.repeat(1500)}y`)).toBe(false);
    expect(new CompiledPattern(`${'*a'.repeat(20)}*b`, true).matches(long)).toBe(false);
    expect(segmentPattern(`${'a*'.repeat(12)}b`).matches(long)).toBe(false);
    expect(segmentPattern(`${'a*'.repeat(12)}b`).matches(`${long}b`)).toBe(true);
  });
});

describe('COPY wildcards, like filepath.Match per segment', () => {
  it.each([
    ['*.py', ['a.py', '.hidden.py', 'a.txt'], ['a.py', '.hidden.py']],
    ['[ab].p?', ['a.py', 'c.py', 'b.pyc'], ['a.py']],
    ['[^a]*', ['a1', 'b1'], ['b1']],
    ['a\\*', ['a*', 'ab'], ['a*']],
  ])('%s', (pattern, names, expected) => {
    expect(names.filter((name) => segmentPattern(pattern).matches(name))).toEqual(expected);
  });

  it('an invalid wildcard matches nothing instead of throwing', () => {
    expect(() => segmentPattern('foo[')).toThrow(PatternSyntaxError);
    const root = scratchDir({ 'foo[': '', 'a.py': '' });
    const context = nodeBuildContext(root, undefined, 'option');
    expect(context.glob('foo[')).toEqual([]);
    expect(context.glob('[z-a]*')).toEqual([]);
    expect(context.glob('*.py')).toEqual(['a.py']);
  });
});

describe('deep paths', () => {
  it('a COPY source with 300,000 segments is absent, without overflowing the stack', () => {
    const root = scratchDir({ 'a/a/x': '' });
    const context = nodeBuildContext(root, undefined, 'option');
    const deep = `${'a/'.repeat(300_000)}x`;
    expect(context.kind(deep)).toBeUndefined();
    expect(context.file(deep)).toBeUndefined();
    expect(context.glob(`${'a/'.repeat(300_000)}*`)).toEqual([]);
    expect(context.kind('a/a/x')).toBe('file');
  });
});

describe('large context files are read in linear time', () => {
  it('a 1 MB requirements file made of `\\` continuations', () => {
    const count = 40_000;
    const text = Array.from({ length: count }, (_, index) => `pkg${index} \\\n    >=1.0 \\\n    # comment\n`).join('');
    expect(text.length).toBeGreaterThan(1_000_000);
    const root = scratchDir({ 'requirements.txt': text });
    const { requirements, complete } = readRequirementsFile(nodeBuildContext(root, undefined, 'option'), 'requirements.txt');
    expect(complete).toBe(true);
    expect(requirements.length).toBe(count);
    const last = requirements[count - 1];
    expect([last.name, last.specifier, last.capped]).toEqual([`pkg${count - 1}`, '>=1.0', false]);
    expect(text.slice(last.range.start, last.range.start + `pkg${count - 1}`.length)).toBe(`pkg${count - 1}`);
  }, 120_000);

  it('CRLF continuations join as pip joins them', () => {
    const root = scratchDir({ 'requirements.txt': 'fastapi \\\r\n  ==0.115.0\r\nuvicorn\r\n' });
    const { requirements } = readRequirementsFile(nodeBuildContext(root, undefined, 'option'), 'requirements.txt');
    expect(requirements.map((requirement) => [requirement.name, requirement.specifier])).toEqual([
      ['fastapi', '==0.115.0'],
      ['uvicorn', ''],
    ]);
  });

  it('770 KB of Poetry dependencies, each pointed at on its own line', () => {
    const count = 40_000;
    const text = `[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n${Array.from({ length: count }, (_, index) => `pkg${index} = "^1.0"\n`).join('')}"quoted.name" = { version = "==2.0", extras = ["x"] }\n`;
    expect(text.length).toBeGreaterThan(700_000);
    const root = scratchDir();
    writeFileSync(path.join(root, 'pyproject.toml'), text);
    const { requirements } = pyproject(nodeBuildContext(root, undefined, 'option'), 'pyproject.toml');
    expect(requirements.length).toBe(count + 1);
    const last = requirements[count - 1];
    expect(text.slice(last.range.start, last.range.end)).toBe(`pkg${count - 1} =`);
    const quoted = requirements[count];
    expect([quoted.name, quoted.capped, text.slice(quoted.range.start, quoted.range.end)]).toEqual(['quoted-name', true, '"quoted.name" =']);
  }, 120_000);
});
