/**
 * What /bin/sh is in an image, and when a shell hands its process over to the last command of
 * `-c` (checked on this machine: dash 0.5.12 never does; bash 5.2 and BusyBox 1.35 do).
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { binShOf, handsOverTo, shellFormShell, wrapperShell } from '../../src/core/model/image-shell.js';
import { parseShell } from '../../src/core/model/shell.js';

function lastInstruction(text: string) {
  const model = buildModel(text);
  return model.instructions[model.instructions.length - 1];
}

describe("the image's /bin/sh", () => {
  it.each([
    ['python:3.13', 'dash'],
    ['python:3.12-slim-bookworm', 'dash'],
    ['python', 'dash'],
    ['python:3.11-alpine', 'busybox'],
    ['tiangolo/uvicorn-gunicorn-fastapi:python3.9', 'dash'],
    ['ghcr.io/astral-sh/uv:python3.13-alpine', 'busybox'],
    ['ghcr.io/astral-sh/uv:python3.13-bookworm-slim', 'dash'],
    ['ghcr.io/astral-sh/uv:0.9.5', undefined],
    ['mambaorg/micromamba:1.5.8', undefined],
    ['registry.example.com/team/base:1', undefined],
  ])('%s: %s', (image, shell) => {
    expect(binShOf(lastInstruction(`FROM ${image}\nCMD uvicorn main:app`))).toBe(shell);
  });

  it('is inherited by a stage built FROM another, and an ARG-chosen image is unknown', () => {
    expect(binShOf(lastInstruction('FROM python:3.12-alpine AS base\nFROM base\nCMD uvicorn main:app'))).toBe('busybox');
    expect(binShOf(lastInstruction('ARG IMAGE\nFROM ${IMAGE}\nCMD uvicorn main:app'))).toBe(undefined);
  });

  it('a SHELL instruction names the shell of later shell forms, also in child stages', () => {
    expect(shellFormShell(lastInstruction('FROM python:3.12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD uvicorn main:app'))).toBe('bash');
    expect(shellFormShell(lastInstruction('FROM python:3.12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD uvicorn main:app'))).toBe('bash');
    expect(shellFormShell(lastInstruction('FROM python:3.12-alpine\nSHELL ["/bin/sh", "-c"]\nCMD uvicorn main:app'))).toBe('busybox');
    expect(shellFormShell(lastInstruction('FROM python:3.12\nCMD uvicorn main:app'))).toBe('dash');
  });

  it("an exec-form wrapper names its own shell; `sh` is the image's", () => {
    const instruction = lastInstruction('FROM python:3.12-alpine\nCMD ["sh", "-c", "uvicorn main:app"]');
    expect(wrapperShell(instruction, 'sh')).toBe('busybox');
    expect(wrapperShell(instruction, '/bin/bash')).toBe('bash');
    expect(wrapperShell(lastInstruction('FROM python:3.12\nCMD ["sh", "-c", "x"]'), '/bin/sh')).toBe('dash');
  });
});

describe('handing over to the last command', () => {
  const last = (script: string) => {
    const parsed = parseShell({ text: script, offsets: [...Array(script.length + 1).keys()] });
    return { parsed, command: parsed.commands[parsed.commands.length - 1] };
  };
  it.each([
    ['uvicorn main:app', 'bash', true],
    ['alembic upgrade head && uvicorn main:app', 'bash', true],
    ['alembic upgrade head; uvicorn main:app --port $PORT', 'busybox', true],
    ['uvicorn main:app', 'dash', false],
    ['uvicorn main:app', undefined, false],
    ['uvicorn main:app > /tmp/log', 'bash', false],
    ['uvicorn main:app | tee /tmp/log', 'bash', false],
    ['uvicorn main:app &', 'busybox', false],
    ['trap "echo bye" TERM; uvicorn main:app', 'bash', false],
    ['if true; then uvicorn main:app; fi', 'bash', false],
  ] as const)('%s with %s: %s', (script, shell, expected) => {
    const { parsed, command } = last(script);
    expect(handsOverTo(shell, parsed, command)).toBe(expected);
  });
});
