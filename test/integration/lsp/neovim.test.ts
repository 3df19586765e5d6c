/**
 * The language server from a real editor: headless Neovim (Debian's `neovim`; .ci/run installs
 * it) starts `fastapi-docker-lint-lsp --stdio`, opens a Dockerfile, applies a quick fix and sees
 * a watched file change. test/integration/lsp/neovim-client.lua is the editor side.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../helpers/cli.js';
import { LSP } from '../../helpers/lsp-client.js';

const NVIM = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNeovim = NVIM.status === 0;
// Neovim's severities: 1 error, 2 warning, 3 info, 4 hint.
const WARN = 2;

describe.skipIf(!hasNeovim && process.env.CI !== 'true')('language server in Neovim', () => {
  it('shows diagnostics with the project config, applies a quick fix and follows a watched file', () => {
    const project = scratchDir({
      Dockerfile:
        'FROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80\nUSER 10001\n',
      'requirements.txt': 'fastapi[standard]\n',
      'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      '.fastapi-docker-lint.yaml': 'rules:\n  cmd-exec-form: warning\n',
    });
    const output = path.join(project, 'neovim-result.json');
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.resolve(import.meta.dirname, 'neovim-client.lua')}`], {
      env: { ...process.env, FDL_NODE: process.execPath, FDL_LSP: LSP, FDL_PROJECT: project, FDL_OUTPUT: output },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.error).toBeUndefined();
    const result = JSON.parse(readFileSync(output, 'utf8'));
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('done');
    const { opened, requirements, actions, fixed_line, after_fix, requirements_after_change } = result.steps;
    expect(opened).toEqual([expect.objectContaining({ code: 'FDL001', source: 'fastapi-docker-lint', severity: WARN, lnum: 5, col: 4 })]);
    expect(requirements.map((diagnostic: { code: string; lnum: number }) => [diagnostic.code, diagnostic.lnum])).toEqual([['FDL024', 0]]);
    expect(actions.map((action: { kind: string }) => action.kind)).toContain('quickfix');
    expect(fixed_line).toBe('CMD ["fastapi", "run", "app/main.py", "--port", "80"]');
    expect(after_fix).toEqual([]);
    expect(requirements_after_change).toEqual([]);
  }, 90_000);
});
