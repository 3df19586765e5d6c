/** The README's command-line table says what `--help` and the CLI do (issue 24: docs that match the code). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';
import { runInProcess } from './in-process.js';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The option table under "## Command line": its first column, row by row. */
function readmeOptionRows(): string[] {
  const start = README.indexOf('| option | meaning |');
  const end = README.indexOf('\n\n', start);
  return README.slice(start, end)
    .split('\n')
    .slice(2)
    .map((row) => row.split(' | ')[0]);
}

const longOptions = (text: string) => new Set([...text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((match) => match[0]));

describe('README and --help', () => {
  it('list the same options', async () => {
    const help = (await runInProcess(['--help'], { cwd: scratchDir() })).stdout;
    const options = help.slice(help.indexOf('Options:'));
    const fromHelp = [
      ...longOptions(
        options
          .split('\n')
          .map((line) => line.trim().split(/\s{2,}/)[0])
          .join('\n'),
      ),
    ].sort();
    const fromReadme = [...longOptions(readmeOptionRows().join('\n'))].sort();
    expect(fromReadme).toEqual(fromHelp);
  });

  it('the --print-config row names every key the output has', async () => {
    const cwd = scratchDir({ '.git/HEAD': '', 'compose.yaml': 'services:\n  api:\n    build: .\n', Dockerfile: 'FROM python:3.13\n' });
    const printed = JSON.parse((await runInProcess(['--print-config', 'Dockerfile'], { cwd })).stdout);
    const row = README.split('\n').find((line) => line.startsWith('| `--print-config <file>` |'))!;
    const keys = [
      ...Object.keys(printed),
      ...Object.keys(printed.buildContext),
      ...Object.keys(printed.buildContext.compose),
      ...Object.keys(printed.configFiles[0] ?? { file: '' }),
    ];
    for (const key of keys) expect(row, key).toContain(`\`${key}\``);
  });
});
