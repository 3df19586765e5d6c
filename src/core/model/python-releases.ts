/**
 * Python's release and end-of-life dates, by minor version.
 *
 * Source: https://devguide.python.org/versions/ (the "Supported versions" and "Unsupported
 * versions" tables) and PEP 602's annual cycle: each version gets five years of support and
 * ends in October of its fifth year. Update this table when a version is released (its
 * official images are published on release day).
 *
 * Every Python version the linter suggests comes from here: messages take the newest release out
 * by the lint's `today` (`suggestedPythonImage`); the docs, written once, the newest in the table
 * (`DOCUMENTED_PYTHON_IMAGE`).
 */
export interface PythonRelease {
  version: string;
  /** First final release. */
  released: string;
  /** End of life: no more security fixes. */
  endOfLife: string;
}

export const PYTHON_RELEASES: readonly PythonRelease[] = [
  { version: '2.7', released: '2010-07-03', endOfLife: '2020-01-01' },
  { version: '3.5', released: '2015-09-13', endOfLife: '2020-09-30' },
  { version: '3.6', released: '2016-12-23', endOfLife: '2021-12-23' },
  { version: '3.7', released: '2018-06-27', endOfLife: '2023-06-27' },
  { version: '3.8', released: '2019-10-14', endOfLife: '2024-10-07' },
  { version: '3.9', released: '2020-10-05', endOfLife: '2025-10-31' },
  { version: '3.10', released: '2021-10-04', endOfLife: '2026-10-31' },
  { version: '3.11', released: '2022-10-24', endOfLife: '2027-10-31' },
  { version: '3.12', released: '2023-10-02', endOfLife: '2028-10-31' },
  { version: '3.13', released: '2024-10-07', endOfLife: '2029-10-31' },
  { version: '3.14', released: '2025-10-07', endOfLife: '2030-10-31' },
  // Scheduled by PEP 790 (3.15 release schedule).
  { version: '3.15', released: '2026-10-01', endOfLife: '2031-10-31' },
];

export function pythonRelease(version: string): PythonRelease | undefined {
  return PYTHON_RELEASES.find((release) => release.version === version);
}

/** The release dates as times, parsed once for the whole run rather than once per Dockerfile. */
const RELEASED_AT = PYTHON_RELEASES.map((release) => Date.parse(`${release.released}T00:00:00Z`));
const END_OF_LIFE_AT = new Map(PYTHON_RELEASES.map((release) => [release.version, Date.parse(`${release.endOfLife}T00:00:00Z`)]));

/** The newest version released by `today`: the one to move to. */
export function newestPython(today: Date): PythonRelease {
  const time = today.getTime();
  for (let index = PYTHON_RELEASES.length - 1; index >= 0; index--) {
    if (RELEASED_AT[index] <= time) return PYTHON_RELEASES[index];
  }
  return PYTHON_RELEASES[PYTHON_RELEASES.length - 1];
}

/**
 * The official image to suggest: the newest release out by `today`, slim variant
 * (`python:3.15-slim`). `repository` is the name as written (`python`, `docker.io/library/python`).
 */
export function suggestedPythonImage(today: Date, repository = 'python'): string {
  return `${repository}:${newestPython(today).version}-slim`;
}

/** The image the rule docs suggest: the newest release in the table, slim variant. */
export const DOCUMENTED_PYTHON_IMAGE = `python:${PYTHON_RELEASES[PYTHON_RELEASES.length - 1].version}-slim`;

/** A release's end of life as a time (midnight UTC). */
export function endOfLifeTime(release: PythonRelease): number {
  return END_OF_LIFE_AT.get(release.version) ?? Date.parse(`${release.endOfLife}T00:00:00Z`);
}

import { isOfficialPythonImage, type ImageReference } from './image.js';

/**
 * The Python version an image runs, when its name says so: the official image's tag
 * (`python:3.9-slim`), or uv's images with a Python (`ghcr.io/astral-sh/uv:python3.10-bookworm`,
 * `uv:0.5-python3.12-alpine`).
 */
export function pythonVersionOfImage(image: ImageReference): string | undefined {
  if (!image.tag) return undefined;
  if (isOfficialPythonImage(image)) return pythonVersionOfTag(image.tag);
  if (image.registry === 'ghcr.io' && image.repository === 'astral-sh/uv') {
    const match = /(?:^|-)python(\d+)\.(\d+)(?:-|$)/.exec(image.tag);
    return match ? `${match[1]}.${match[2]}` : undefined;
  }
  return undefined;
}

/** `3.9` from an official python image tag (`3.9`, `3.9.18-slim-bookworm`, `3.9-alpine`). */
export function pythonVersionOfTag(tag: string): string | undefined {
  const match = /^(\d+)\.(\d+)(?:[.\-a-z]|$)/.exec(tag);
  return match ? `${match[1]}.${match[2]}` : undefined;
}
