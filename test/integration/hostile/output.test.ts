/**
 * What the CLI prints about a hostile repository: file names, config keys and Dockerfile words
 * chosen to inject GitHub workflow commands (the runner parses stderr as well as stdout) or
 * terminal escape sequences (OSC 52 writes the clipboard, `ESC [8m` hides text). Human-readable
 * output shows control characters visibly; machine formats stay valid and escape them.
 */
import { XMLValidator } from 'fast-xml-parser';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../../helpers/cli.js';

const ESC = '\u001b';
/** OSC 52: sets the clipboard to base64 "rm -rf ~". */
const OSC52 = `${ESC}]52;c;cm0gLXJmIH4=\u0007`;
const HIDE = `${ESC}[8m`;
/** The characters that must never reach a terminal or a CI log raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A line of output that starts a GitHub workflow command (the runner trims leading spaces). */
function workflowCommands(output: string): string[] {
  return output.split(/\r\n|\r|\n/).filter((line) => line.trimStart().startsWith('::'));
}

describe('stderr is safe for GitHub Actions logs and terminals', () => {
  it('neutralises a config key that carries a workflow command', () => {
    const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\n', '.fastapi-docker-lint.json': JSON.stringify({ 'x\n::error file=a.py::pwned': 1 }) });
    const run = runCli(['Dockerfile'], { cwd });
    expect(run.status).toBe(2);
    expect(workflowCommands(run.stderr)).toEqual([]);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('unknown key');
    expect(run.stderr).toContain('x\\n');
  });

  it('neutralises a file name that carries a workflow command or an escape sequence', () => {
    const name = `a\n::add-mask::secret\r::error::x${OSC52}.Dockerfile`;
    const cwd = scratchDir();
    // A binary file is skipped with a message that names it.
    writeFileSync(path.join(cwd, name), Buffer.from([0x46, 0, 0x52]));
    writeFileSync(path.join(cwd, 'Dockerfile'), 'FROM python:3.13\n');
    const run = runCli(['.'], { cwd });
    expect(run.stderr).toContain('not a text file');
    expect(workflowCommands(run.stderr)).toEqual([]);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).not.toContain('##[');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('\\x1b]52;c;');
  });

  it('neutralises an unknown option that carries a workflow command', () => {
    const run = runCli(['--x\n::error::pwned'], { cwd: scratchDir() });
    expect(run.status).toBe(2);
    expect(workflowCommands(run.stderr)).toEqual([]);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('breaks a `::` and a `##[` that would survive on one line', () => {
    const cwd = scratchDir({ Dockerfile: 'FROM python:3.13\n', '.fastapi-docker-lint.json': JSON.stringify({ '::error::x ##[error]y': 1 }) });
    const run = runCli(['Dockerfile'], { cwd });
    expect(run.stderr).not.toContain('::error');
    expect(run.stderr).not.toContain('##[');
  });
});

describe('reports never carry raw control characters to a terminal', () => {
  // A file name with OSC 52 and a Dockerfile whose FROM and CMD quote hidden text.
  const name = `api${OSC52}${HIDE}.Dockerfile`;
  const dockerfile = `FROM python${HIDE}evil:latest\nCMD fastapi run ${ESC}[2J${ESC}]0;title\u0007main.py\n`;
  const project = () => {
    const cwd = scratchDir();
    mkdirSync(path.join(cwd, 'svc'));
    writeFileSync(path.join(cwd, 'svc', name), dockerfile);
    return cwd;
  };

  for (const format of ['stylish', 'compact']) {
    it(`${format}: shows escape sequences visibly in file names and messages`, () => {
      const cwd = project();
      const run = runCli(['--no-context', '--format', format, 'svc'], { cwd, env: { FORCE_COLOR: '0' } });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('FDL001');
      expect(run.stdout).not.toMatch(RAW_CONTROL);
      expect(run.stdout).toContain('\\x1b]52;c;cm0gLXJmIH4=\\x07');
      expect(run.stdout).toContain('\\x1b[8m');
      expect(run.stderr).toBe('');
    });
  }

  it('stylish in colour still shows the escapes visibly, only its own colour codes are raw', () => {
    const run = runCli(['--no-context', 'svc'], { cwd: project(), env: { FORCE_COLOR: '1' } });
    const withoutColour = run.stdout.replace(/\u001b\[\d+(;\d+)*m/g, '');
    expect(withoutColour).not.toMatch(RAW_CONTROL);
    expect(withoutColour).toContain('\\x1b[8m');
  });

  it('github: one workflow command per finding, with the name and message escaped', () => {
    const run = runCli(['--no-context', '--format', 'github', 'svc'], { cwd: project() });
    const commands = workflowCommands(run.stdout);
    expect(commands.length).toBeGreaterThan(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(commands);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  });

  it('github: a file name with a newline, `::`, `,` and `%` stays inside its property', () => {
    const cwd = scratchDir();
    const tricky = 'a%0A,b\n::add-mask::x:y.Dockerfile';
    writeFileSync(path.join(cwd, tricky), 'FROM python:3.13\nCMD fastapi run main.py\nUSER 10001\n');
    const run = runCli(['--no-context', '--format', 'github', '.'], { cwd });
    expect(workflowCommands(run.stdout)).toHaveLength(1);
    expect(run.stdout).toContain('file=a%250A%2Cb%0A%3A%3Aadd-mask%3A%3Ax%3Ay.Dockerfile,line=2');
  });

  it('json, sarif and gitlab stay valid JSON and keep the name', () => {
    for (const format of ['json', 'sarif', 'gitlab']) {
      const run = runCli(['--no-context', '--format', format, 'svc'], { cwd: project() });
      expect(run.stdout).not.toMatch(RAW_CONTROL);
      const text = JSON.stringify(JSON.parse(run.stdout));
      expect(text, format).toContain(format === 'sarif' ? encodeURIComponent(name) : JSON.stringify(`svc/${name}`).slice(1, -1));
    }
  });

  it('checkstyle and junit stay valid XML 1.0', () => {
    for (const format of ['checkstyle', 'junit']) {
      const run = runCli(['--no-context', '--format', format, 'svc'], { cwd: project() });
      expect(XMLValidator.validate(run.stdout), format).toBe(true);
      expect(run.stdout).not.toMatch(RAW_CONTROL);
    }
  });

  it('--fix-dry-run shows the file name visibly in the diff headers', () => {
    const cwd = scratchDir();
    writeFileSync(path.join(cwd, name), 'FROM python:3.13\nCMD fastapi run main.py\n');
    const run = runCli(['--no-context', '--fix-dry-run', '.'], { cwd });
    const headers = run.stdout.split('\n').filter((line) => line.startsWith('---') || line.startsWith('+++'));
    expect(headers).toHaveLength(2);
    for (const header of headers) expect(header).not.toMatch(RAW_CONTROL);
    expect(headers[0]).toContain('\\x1b[8m');
  });
});
