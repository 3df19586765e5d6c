/**
 * The editor set-ups in README.md and docs/editors.md: every Lua snippet is valid Lua for Neovim's
 * LuaJIT (Debian's Neovim 0.7 parses them; 0.8's `vim.lsp.start` cannot be run here, so the
 * snippet that needs it is checked for what makes one server serve a project), and every snippet
 * starts the server the way the CLI serves it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const hasNeovim = spawnSync('nvim', ['--version']).status === 0;

function luaBlocks(file: string): string[] {
  return [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/```lua\n([\s\S]*?)```/g)].map((match) => match[1]);
}

const snippets = [
  ...luaBlocks('README.md').map((code) => ({ file: 'README.md', code })),
  ...luaBlocks('docs/editors.md').map((code) => ({ file: 'docs/editors.md', code })),
];

describe('editor snippets', () => {
  it('start the language server as `fastapi-docker-lint lsp --stdio`', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    for (const { file, code } of snippets) expect(code, file).toContain("cmd = { 'fastapi-docker-lint', 'lsp', '--stdio' }");
  });

  it('on Neovim 0.8+, share one server per project: vim.lsp.start with a root_dir', () => {
    const [started] = luaBlocks('README.md').filter((code) => code.includes('vim.lsp.start('));
    expect(started).toBeDefined();
    expect(started).toMatch(/root_dir = /);
    expect(started).toMatch(/vim\.fs\.find\(\{[^}]*'\.git'[^}]*\}, \{ upward = true/);
    expect(started).not.toContain('start_client');
  });

  (hasNeovim || process.env.CI ? it : it.skip)('are valid Lua for Neovim', () => {
    for (const { file, code } of snippets) {
      const snippet = path.join(scratchDir(), 'snippet.lua');
      writeFileSync(snippet, code);
      // loadstring parses without running: the 0.11 API does not exist on Debian's Neovim 0.7.
      const check = `local f = assert(io.open(${JSON.stringify(snippet)})); local ok, err = loadstring(f:read('*a')); if not ok then io.stderr:write(err); vim.cmd('cquit 1') end`;
      const run = spawnSync('nvim', ['--headless', '--clean', '-c', `lua ${check}`, '-c', 'qa!'], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status, `${file}: ${run.stderr}\n${code}`).toBe(0);
    }
  });
});
