/** Build contexts shared by many Dockerfiles: scanned once per session, with the same findings as alone. */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/core/lint.js';
import { nodeBuildContext } from '../src/node/context-file-system.js';
import { NodeSession } from '../src/node/session.js';
import { scratchDir } from './helpers/cli.js';

const DOCKERFILE =
  'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]\n';

function monorepo(): string {
  const outside = scratchDir({ 'secret.txt': 'token' });
  const root = scratchDir({
    'requirements.txt': 'fastapi[standard]>=0.115.0,<0.116.0\n',
    'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    '.env': 'SECRET_KEY=x\n',
    '.dockerignore': 'node_modules\n',
    'a/Dockerfile': DOCKERFILE,
    'b/Dockerfile': DOCKERFILE,
    // b's own .dockerignore (BuildKit reads `<Dockerfile>.dockerignore` first) keeps `.env` out.
    'b/Dockerfile.dockerignore': '.env\n',
  });
  symlinkSync(outside, path.join(root, 'app', 'linked'));
  return root;
}

function findingsOf(root: string, service: string, session: NodeSession) {
  const context = nodeBuildContext(root, path.join(root, service, 'Dockerfile'), 'option', undefined, session);
  const findings = lint(DOCKERFILE, { buildContext: context }).map((finding) => `${finding.ruleId} ${finding.line}:${finding.column} ${finding.message}`);
  return { findings, skippedLinks: [...context.skippedLinks].sort(), notes: context.notes };
}

describe('a build context shared by several Dockerfiles', () => {
  it('gives each Dockerfile the findings it gets alone, whatever the order, with its own .dockerignore', () => {
    const root = monorepo();
    const aloneA = findingsOf(root, 'a', new NodeSession());
    const aloneB = findingsOf(root, 'b', new NodeSession());
    expect(aloneA.findings.some((finding) => finding.startsWith('FDL022') && finding.includes('`.env`'))).toBe(true);
    expect(aloneB.findings.some((finding) => finding.startsWith('FDL022'))).toBe(false);
    for (const order of [
      ['a', 'b', 'a', 'b'],
      ['b', 'a', 'b', 'a'],
    ]) {
      const session = new NodeSession();
      for (const service of order) expect(findingsOf(root, service, session)).toEqual(service === 'a' ? aloneA : aloneB);
    }
  });

  it('replays the links a shared scan skipped', () => {
    const root = monorepo();
    const session = new NodeSession();
    const first = nodeBuildContext(root, path.join(root, 'a', 'Dockerfile'), 'option', undefined, session);
    const second = nodeBuildContext(root, path.join(root, 'a', 'Dockerfile'), 'option', undefined, session);
    const scan = () => first.list('app').filter((name) => first.kind(`app/${name}`) !== undefined);
    expect(first.memo('scan', scan)).toEqual(['main.py']);
    expect(first.skippedLinks).toEqual(new Set(['app/linked']));
    let computed = 0;
    expect(
      second.memo('scan', () => {
        computed++;
        return [];
      }),
    ).toEqual(['main.py']);
    expect(computed).toBe(0);
    expect(second.skippedLinks).toEqual(new Set(['app/linked']));
  });

  it('shares one file system and one set of caches per context root in a session', () => {
    const root = monorepo();
    const session = new NodeSession();
    const a = nodeBuildContext(root, path.join(root, 'a', 'Dockerfile'), 'option', undefined, session);
    const b = nodeBuildContext(root, path.join(root, 'b', 'Dockerfile'), 'option', undefined, session);
    const own = nodeBuildContext(path.join(root, 'a'), path.join(root, 'a', 'Dockerfile'), 'dockerfile-directory', undefined, session);
    expect(a.fileSystem).toBe(b.fileSystem);
    expect(a.share).toBe(b.share);
    expect(own.share).not.toBe(a.share);
    expect(a).not.toBe(b);
  });

  it('lists a folder of Dockerfiles once for all of them, with the same findings as alone', () => {
    const files: Record<string, string> = { 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };
    const text =
      'FROM python:3.13\nWORKDIR /app\nCOPY *.py ./\nRUN pip install --no-cache-dir "fastapi[standard]>=0.115.0,<0.116.0"\nCMD ["fastapi", "run", "main.py", "--port", "80"]\n';
    for (let index = 0; index < 20; index++) files[`${index}.Dockerfile`] = text;
    const root = scratchDir(files);
    const session = new NodeSession();
    let listings = 0;
    const results = Object.keys(files)
      .filter((name) => name.endsWith('.Dockerfile'))
      .map((name) => {
        const context = nodeBuildContext(root, path.join(root, name), 'dockerfile-directory', undefined, session);
        const list = context.fileSystem.list.bind(context.fileSystem);
        context.fileSystem.list = (relative) => {
          listings++;
          return list(relative);
        };
        const alone = lint(text, { buildContext: nodeBuildContext(root, path.join(root, name), 'dockerfile-directory') });
        expect(lint(text, { buildContext: context })).toEqual(alone);
        return context.glob('*.py');
      });
    expect(results.every((matches) => matches.join() === 'main.py')).toBe(true);
    expect(listings).toBe(1);
  });
});
