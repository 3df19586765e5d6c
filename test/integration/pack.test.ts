/**
 * The published package: `npm pack`, installed into another folder, runs as
 * `npx fastapi-docker-lint Dockerfile` and ships only what it needs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The environment without npm's own variables: under `npx -p node@26 ...` they would leak into nested npm runs. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));

describe('the npm package', () => {
  it('installs from its tarball and runs with npx', () => {
    const work = scratchDir();
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', env }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed[0].files.map((file) => file.path);
    expect(files).toContain('dist/bundle/cli.cjs');
    expect(files).toContain('dist/bundle/main.cjs');
    expect(files).toContain('dist/src/core/index.d.ts');
    expect(files).toContain('dist/src/node/index.d.ts');
    expect(files.some((file) => file.startsWith('test/') || file.startsWith('src/') || file.startsWith('fixtures/'))).toBe(false);
    expect(files).toContain('LICENSE');
    // Consumers never build: no script runs when the tarball is installed.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license: string; scripts: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts[hook], hook).toBeUndefined();
    expect(manifest.scripts.prepack).toBe('npm run build');
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} fastapi-docker-lint contributors\n/);

    const project = scratchDir({ 'package.json': '{"name":"consumer","version":"1.0.0","private":true}' });
    const installed = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn', '--foreground-scripts', path.join(work, packed[0].filename)], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    expect(installed.status, installed.stderr).toBe(0);
    // No install script of ours ran (npm prints `> fastapi-docker-lint@… <script>` for each), and npm warned of nothing.
    expect(installed.stdout + installed.stderr).not.toMatch(/> fastapi-docker-lint@/);
    expect(installed.stderr).not.toMatch(/npm warn/i);
    const guide = readFileSync(path.join(ROOT, 'fixtures/guide/guide.Dockerfile'), 'utf8');
    writeFileSync(path.join(project, 'Dockerfile'), guide);
    const clean = spawnSync('npx', ['--no-install', 'fastapi-docker-lint', 'Dockerfile'], { cwd: project, encoding: 'utf8', env });
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);

    writeFileSync(path.join(project, 'Dockerfile'), guide.replace(/^CMD .*$/m, 'CMD fastapi run app/main.py --port 80'));
    const bad = spawnSync('npx', ['--no-install', 'fastapi-docker-lint', 'Dockerfile'], { cwd: project, encoding: 'utf8', env });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('FDL001');

    // The API is importable by name, with its rule list.
    const api = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { lint, rules } from 'fastapi-docker-lint'; console.log(rules.length, lint('FROM python:3.12\\nCMD x y\\nUSER 10001')[0].ruleId)",
      ],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(api.stdout.trim()).toMatch(/^\d+ FDL001$/);
  }, 180_000);
});
