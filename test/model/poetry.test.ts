import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { compareVersions, describePoetryVersion, poetryHasGroups, poetryHasNoDev, poetryInstallation } from '../../src/core/model/poetry.js';

/** The Poetry in effect for the last instruction of the Dockerfile. */
function installed(dockerfile: string) {
  const model = buildModel(`${dockerfile}\nRUN poetry install`);
  return poetryInstallation(model.instructions[model.instructions.length - 1]);
}

describe('poetryInstallation', () => {
  it.each([
    ['FROM python:3.12\nRUN pip install poetry', '2.2.1', false, 'the newest Poetry (2.x)'],
    ['FROM python:3.8\nRUN pip install poetry', '1.8.5', false, 'Poetry 1.8.x'],
    ['FROM python:3.7-slim\nRUN pip install poetry', '1.5.1', false, 'Poetry 1.5.x'],
    ['FROM python:3.6\nRUN pip install poetry', '1.1.15', false, 'Poetry 1.1.x'],
    ['FROM python\nRUN pip install poetry', '2.2.1', false, 'the newest Poetry (2.x)'],
    ['FROM python:3.12\nRUN pip install "poetry==1.8.3"', '1.8.3', true, 'Poetry 1.8.3'],
    ['FROM python:3.12\nRUN pip install "poetry<2"', '1.8.5', false, 'Poetry 1.8.x'],
    ['FROM python:3.12\nRUN pip install "poetry~=1.5"', '1.8.5', false, 'Poetry 1.8.x'],
    ['FROM python:3.12\nRUN pip install "poetry==1.7.*"', '1.7.1', false, 'Poetry 1.7.x'],
    ['FROM python:3.12\nRUN pip install "poetry>=1.2,!=2.2.1"', '2.1.4', false, 'Poetry 2.1.x'],
    ['FROM python:3.12\nARG POETRY_VERSION=1.4.2\nRUN pip install "poetry==${POETRY_VERSION}"', '1.4.2', true, 'Poetry 1.4.2'],
    ['FROM python:3.12\nARG POETRY_VERSION\nRUN pip install "poetry==${POETRY_VERSION}"', undefined, false, undefined],
    ['FROM python:3.12\nENV POETRY_VERSION=1.4.2\nRUN curl -sSL https://install.python-poetry.org | python3 -', '1.4.2', true, 'Poetry 1.4.2'],
    ['FROM python:3.12\nRUN curl -sSL https://install.python-poetry.org | POETRY_VERSION=1.6.1 python3 -', '1.6.1', true, 'Poetry 1.6.1'],
    ['FROM acme/base:1\nRUN pip install poetry', undefined, false, undefined],
  ])('%s', (dockerfile, version, pinned, described) => {
    const found = installed(dockerfile);
    expect(found?.version).toBe(version);
    expect(found?.pinned ?? false).toBe(pinned);
    expect(found ? describePoetryVersion(found) : undefined).toBe(described);
  });

  it('finds none when the Dockerfile installs none', () => {
    expect(installed('FROM python:3.12\nRUN pip install fastapi')).toBeUndefined();
  });

  it('knows which versions take which options', () => {
    expect(compareVersions('1.10', '1.8.5')).toBeGreaterThan(0);
    expect(compareVersions('2', '2.0.0')).toBe(0);
    expect([poetryHasGroups('1.1.15'), poetryHasGroups('1.2.0'), poetryHasNoDev('1.8.5'), poetryHasNoDev('2.0.0')]).toEqual([false, true, true, false]);
  });
});
