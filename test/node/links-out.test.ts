/**
 * A checkout can commit a Compose file or a .gitignore that is a symbolic link to a file outside
 * it. Neither is read: the service names of an outside Compose file must not reach the run (its
 * build context, its notes), and an outside .gitignore must not decide which files are linted.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/cli/discover.js';
import { locateContext } from '../../src/node/locate.js';
import { NodeSession } from '../../src/node/session.js';
import { scratchDir } from '../helpers/cli.js';

const DOCKERFILE = 'FROM python:3.13-slim\nCOPY requirements.txt .\nCMD ["fastapi", "run", "main.py"]\n';

function checkout(): { outside: string; repo: string } {
  const outside = scratchDir({
    'compose.yaml': 'services:\n  outside-secret-service:\n    build:\n      context: api\n',
    'ignore-list': 'Dockerfile.prod\n',
  });
  const repo = scratchDir({ 'api/Dockerfile': DOCKERFILE, 'api/requirements.txt': 'fastapi\n', 'Dockerfile.prod': DOCKERFILE, 'main.py': '' });
  mkdirSync(path.join(repo, '.git'));
  return { outside, repo };
}

describe('links out of the checkout', () => {
  it('a Compose file that links outside is not read', () => {
    const { outside, repo } = checkout();
    symlinkSync(path.join(outside, 'compose.yaml'), path.join(repo, 'compose.yaml'));
    const context = locateContext(path.join(repo, 'api/Dockerfile'), { session: new NodeSession(repo) });
    expect(context.origin).toBe('dockerfile-directory');
    expect(context.compose).toBeUndefined();
  });

  it('a Compose file that links inside the checkout is read', () => {
    const { repo } = checkout();
    writeFileSync(path.join(repo, 'compose.real.yaml'), 'services:\n  api:\n    build:\n      context: api\n');
    symlinkSync(path.join(repo, 'compose.real.yaml'), path.join(repo, 'compose.yaml'));
    const context = locateContext(path.join(repo, 'api/Dockerfile'), { session: new NodeSession(repo) });
    expect(context.origin).toBe('compose');
  });

  it('a .gitignore that links outside does not decide what is linted', async () => {
    const { outside, repo } = checkout();
    symlinkSync(path.join(outside, 'ignore-list'), path.join(repo, '.gitignore'));
    const found = await discover([], repo, new NodeSession(repo));
    expect(found.targets.map((target) => path.relative(repo, target)).sort()).toEqual(['Dockerfile.prod', 'api/Dockerfile']);
  });

  it('a .gitignore that links inside the checkout applies', async () => {
    const { repo } = checkout();
    writeFileSync(path.join(repo, 'ignore-list'), 'Dockerfile.prod\n');
    symlinkSync(path.join(repo, 'ignore-list'), path.join(repo, '.gitignore'));
    const found = await discover([], repo, new NodeSession(repo));
    expect(found.targets.map((target) => path.relative(repo, target))).toEqual(['api/Dockerfile']);
  });
});
