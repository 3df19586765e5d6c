/**
 * `fastapi-docker-lint lsp --stdio`: the CLI's own executable serves the language server (the
 * standalone binary has no other), loaded from dist/bundle/lsp.cjs only for that subcommand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../../helpers/cli.js';
import { LspClient } from '../../helpers/lsp-client.js';

const BUNDLE = path.resolve(import.meta.dirname, '../../../dist/bundle');

describe('fastapi-docker-lint lsp', () => {
  it('serves diagnostics over stdio from the bundled CLI', async () => {
    const directory = scratchDir({ 'requirements.txt': 'fastapi[standard]>=0.115.0,<0.116.0\n', 'app/main.py': '' });
    const client = new LspClient(directory, [process.execPath, path.join(BUNDLE, 'cli.cjs'), 'lsp', '--stdio']);
    try {
      const { capabilities } = await client.initialize(pathToFileURL(directory).href);
      expect(capabilities).toMatchObject({ textDocumentSync: { openClose: true } });
      const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
      await client.open(uri, 'FROM python:3.13\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80\n');
      const published = await client.diagnostics(uri, (diagnostics) => diagnostics.diagnostics.length > 0);
      expect(published.diagnostics.map((diagnostic) => diagnostic.code)).toContain('FDL001');
    } finally {
      await client.shutdown();
    }
  });

  it('prints its usage without --stdio, and its version', () => {
    const usage = runCli(['lsp']);
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain('fastapi-docker-lint lsp --stdio');
    expect(runCli(['lsp', '--version']).stdout.trim()).toBe(JSON.parse(readFileSync(path.join(BUNDLE, '../../package.json'), 'utf8')).version);
  });

  it('leaves the language server out of the bundle every lint loads', () => {
    const main = readFileSync(path.join(BUNDLE, 'main.cjs'), 'utf8');
    expect(main).toContain('require("./lsp.cjs")');
    // The server's capabilities and JSON-RPC's framing are in lsp.cjs alone.
    for (const marker of ['textDocumentSync', 'Content-Length']) {
      expect(main).not.toContain(marker);
      expect(readFileSync(path.join(BUNDLE, 'lsp.cjs'), 'utf8')).toContain(marker);
    }
  });
});
