import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { createdUser } from '../../src/core/model/users.js';

/** The home of the user the last instruction's USER names, as created earlier in the file. */
function homeOf(dockerfile: string): string | undefined {
  const model = buildModel(`${dockerfile}\nRUN true`);
  const last = model.instructions[model.instructions.length - 1];
  return last.user === undefined ? undefined : createdUser(last, last.user)?.home;
}

describe('createdUser', () => {
  it.each([
    ['useradd -m app', 'app', '/home/app'],
    ['useradd app', 'app', '/home/app'],
    ['useradd -r -M app', 'app', '/home/app'],
    ['useradd -d /srv/app -m app', 'app', '/srv/app'],
    ['useradd --home-dir=/srv/app app', 'app', '/srv/app'],
    ['useradd -b /users app', 'app', '/users/app'],
    ['useradd -u 10001 -g 0 -s /bin/sh app', '10001', '/home/app'],
    ['useradd -u 10001 app', '10001:0', '/home/app'],
    ['adduser --disabled-password --gecos "" app', 'app', '/home/app'],
    ['adduser --home /opt/app app', 'app', '/opt/app'],
    ['adduser -D -h /app app', 'app', '/app'],
    ['adduser -D -u 1000 app', '1000', '/home/app'],
    ['adduser --system app', 'app', undefined],
    ['adduser -S app', 'app', undefined],
    ['groupadd app && useradd -g app -m app', 'app', '/home/app'],
    ['useradd -d relative/dir app', 'app', undefined],
  ])('`RUN %s` then `USER %s`: %s', (run, user, home) => {
    expect(homeOf(`FROM python:3.13\nRUN ${run}\nUSER ${user}`)).toBe(home);
  });

  it('reads ARG values, a parent stage, and the last creation; not one after the instruction, nor another name', () => {
    expect(homeOf('FROM python:3.13\nARG NAME=svc\nRUN useradd -m $NAME\nUSER svc')).toBe('/home/svc');
    expect(homeOf('FROM python:3.13 AS base\nRUN useradd -m app\nFROM base\nUSER app')).toBe('/home/app');
    expect(homeOf('FROM python:3.13\nRUN useradd -m app\nRUN userdel app && useradd -d /w app\nUSER app')).toBe('/w');
    expect(homeOf('FROM python:3.13\nUSER app\nRUN true\nRUN useradd -m app\nUSER app\nUSER app')).toBe('/home/app');
    expect(homeOf('FROM python:3.13\nRUN useradd -m app\nUSER other')).toBeUndefined();
    expect(homeOf('FROM python:3.13 AS a\nRUN useradd -m app\nFROM python:3.13\nUSER app')).toBeUndefined();
    expect(homeOf('FROM python:3.13\nARG NAME\nRUN useradd -m $NAME\nUSER app')).toBeUndefined();
  });
});
