/**
 * The Node session's shared answers: real paths resolved a component at a time agree with
 * realpath() through links, loops and missing paths, and a walk's listings serve later lookups.
 */
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeSession } from '../src/node/session.js';
import { walkDirectory } from '../src/cli/discover.js';
import { scratchDir } from './helpers/cli.js';

describe('NodeSession.realPath', () => {
  const root = scratchDir({ 'repo/services/api/Dockerfile': 'FROM python:3.13\n', 'elsewhere/shared/Dockerfile': 'FROM python:3.13\n' });
  symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'repo/linked'));
  symlinkSync('loop-b', path.join(root, 'repo/loop-a'));
  symlinkSync('loop-a', path.join(root, 'repo/loop-b'));
  mkdirSync(path.join(root, 'repo/plain'));
  writeFileSync(path.join(root, 'repo/plain/file'), '');

  it.each(['repo/services/api', 'repo/services/api/Dockerfile', 'repo/linked/shared', 'repo/linked/shared/Dockerfile', 'repo/plain/file'])(
    'agrees with realpath() for %s',
    (relative) => {
      const session = new NodeSession();
      const absolute = path.join(root, relative);
      expect(session.realPath(absolute)).toBe(realpathSync(absolute));
      // Asked again, from its cache.
      expect(session.realPath(absolute)).toBe(realpathSync(absolute));
    },
  );

  it.each(['repo/missing', 'repo/missing/below', 'repo/loop-a', 'repo/loop-a/below'])('has no real path for %s', (relative) => {
    expect(new NodeSession().realPath(path.join(root, relative))).toBeUndefined();
  });
});

describe('the walk and the session', () => {
  it('keeps each listing the walk read, so later questions read nothing again', () => {
    const root = scratchDir({ 'a/Dockerfile': 'FROM python:3.13\n', 'b/Dockerfile': 'FROM python:3.13\n', 'b/compose.yaml': 'services: {}\n' });
    const session = new NodeSession();
    expect(walkDirectory(root, session).found.map((file) => path.relative(root, file))).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    expect([...(session.listingIfRead(path.join(root, 'b'))?.entries() ?? [])].sort()).toEqual([
      ['Dockerfile', 'file'],
      ['compose.yaml', 'file'],
    ]);
    expect(session.listingIfRead(path.join(root, 'not-walked'))).toBeUndefined();
  });
});
