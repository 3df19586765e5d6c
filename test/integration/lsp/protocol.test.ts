/**
 * The language server at the protocol level: a real server process, real JSON-RPC messages, real
 * files for config and build context. (test/integration/lsp/neovim.test.ts drives it from a real editor.)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../helpers/cli.js';
import { LspClient } from '../../helpers/lsp-client.js';

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface LspTextEdit {
  range: LspRange;
  newText: string;
}
interface LspCodeAction {
  title: string;
  kind: string;
  edit: { changes: Record<string, LspTextEdit[]> };
  diagnostics?: { code: string }[];
}

const SHELL_FORM =
  'FROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80\nUSER 10001\n';
const PROJECT = { 'requirements.txt': 'fastapi[standard]>=0.115.0,<0.116.0\n', 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };

/** Applies LSP text edits the way an editor does: all against the original text. */
function applyEdits(text: string, edits: LspTextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (position: { line: number; character: number }) => (lineStarts[position.line] ?? text.length) + position.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}

let client: LspClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

async function startIn(directory: string): Promise<LspClient> {
  client = new LspClient(directory);
  await client.initialize(pathToFileURL(directory).href);
  return client;
}

describe('language server', () => {
  it('announces its capabilities and asks to watch the project files', async () => {
    const directory = scratchDir(PROJECT);
    const lsp = new LspClient(directory);
    client = lsp;
    const { capabilities } = await lsp.initialize(pathToFileURL(directory).href);
    expect(capabilities).toMatchObject({
      textDocumentSync: { openClose: true, change: 2 },
      codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.fastapi-docker-lint'] },
      hoverProvider: true,
    });
    await expect.poll(() => lsp.registrations.length).toBe(1);
    expect(JSON.stringify(lsp.registrations[0])).toContain('requirements*.txt');
  });

  it('publishes diagnostics on open, with code, source, exact range, severity and a link to the rule', async () => {
    const directory = scratchDir({ ...PROJECT, Dockerfile: SHELL_FORM });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, SHELL_FORM);
    const { diagnostics, version } = await lsp.diagnostics(uri);
    expect(version).toBe(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'FDL001',
      source: 'fastapi-docker-lint',
      severity: 1,
      range: { start: { line: 5, character: 4 }, end: { line: 5, character: 37 } },
      codeDescription: { href: expect.stringMatching(/docs\/rules\/FDL001-cmd-exec-form\.md$/) },
    });
  });

  it('lints the unsaved text on change and clears a diagnostic once it is fixed', async () => {
    const directory = scratchDir({ ...PROJECT, Dockerfile: SHELL_FORM });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, SHELL_FORM);
    await lsp.diagnostics(uri, (published) => published.diagnostics.length === 1);
    await lsp.change(uri, SHELL_FORM.replace('CMD fastapi run app/main.py --port 80', 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]'), 2);
    const cleared = await lsp.diagnostics(uri, (published) => published.version === 2);
    expect(cleared.diagnostics).toEqual([]);
  });

  it("uses the document's own project config", async () => {
    const directory = scratchDir({ ...PROJECT, Dockerfile: SHELL_FORM, '.fastapi-docker-lint.yaml': 'rules:\n  cmd-exec-form: warning\n' });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, SHELL_FORM);
    const { diagnostics } = await lsp.diagnostics(uri);
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([['FDL001', 2]]);
  });

  it('offers a quick fix, an ignore comment and fix-all, whose edits leave nothing to report', async () => {
    const directory = scratchDir({ ...PROJECT, Dockerfile: SHELL_FORM });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, SHELL_FORM);
    const { diagnostics } = await lsp.diagnostics(uri, (published) => published.diagnostics.length === 1);
    const actions = await lsp.connection.sendRequest<LspCodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const quickFix = actions.find((action) => action.kind === 'quickfix' && action.diagnostics?.[0].code === 'FDL001' && !action.title.startsWith('Ignore'));
    const ignore = actions.find((action) => action.title.startsWith('Ignore FDL001'));
    const fixAll = actions.find((action) => action.kind === 'source.fixAll.fastapi-docker-lint');
    expect(quickFix?.title).toBe('Write CMD in exec form');
    expect(applyEdits(SHELL_FORM, quickFix!.edit.changes[uri])).toContain('CMD ["fastapi", "run", "app/main.py", "--port", "80"]');
    expect(applyEdits(SHELL_FORM, ignore!.edit.changes[uri])).toContain('COPY ./app /code/app\n# fastapi-docker-lint ignore=FDL001\nCMD fastapi run');
    const fixedText = applyEdits(SHELL_FORM, fixAll!.edit.changes[uri]);
    await lsp.change(uri, fixedText, 2);
    expect((await lsp.diagnostics(uri, (published) => published.version === 2)).diagnostics).toEqual([]);

    const onlyFixAll = await lsp.connection.sendRequest<LspCodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(onlyFixAll).toEqual([]);
  });

  it('offers an unsafe fix as a quick fix, named so and not preferred, and leaves it out of fix-all', async () => {
    const text = SHELL_FORM.replace('CMD fastapi run app/main.py --port 80', 'CMD ["fastapi", "run", "app/main.py", "--host", "127.0.0.1"]');
    const directory = scratchDir({ ...PROJECT, Dockerfile: text });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, text);
    const { diagnostics } = await lsp.diagnostics(uri, (published) => published.diagnostics.some((diagnostic) => diagnostic.code === 'FDL006'));
    const hostDiagnostic = diagnostics.find((diagnostic) => diagnostic.code === 'FDL006')!;
    const actions = await lsp.connection.sendRequest<(LspCodeAction & { isPreferred?: boolean })[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: hostDiagnostic.range,
      context: { diagnostics: [hostDiagnostic] },
    });
    const unsafe = actions.find((action) => action.kind === 'quickfix' && action.diagnostics?.[0].code === 'FDL006' && !action.title.startsWith('Ignore'));
    expect(unsafe).toMatchObject({ title: 'Listen on 0.0.0.0 (unsafe fix)', isPreferred: false });
    expect(applyEdits(text, unsafe!.edit.changes[uri])).toContain('CMD ["fastapi", "run", "app/main.py", "--host", "0.0.0.0"]');
    // Fix-all applies the safe fixes only: there is none here.
    const fixAll = actions.find((action) => action.kind === 'source.fixAll.fastapi-docker-lint');
    expect(fixAll).toBeUndefined();
  });

  it('explains a diagnostic on hover', async () => {
    const directory = scratchDir({ ...PROJECT, Dockerfile: SHELL_FORM });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, SHELL_FORM);
    await lsp.diagnostics(uri, (published) => published.diagnostics.length === 1);
    const hover = await lsp.connection.sendRequest<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 5, character: 10 },
    });
    expect(hover?.contents.kind).toBe('markdown');
    expect(hover?.contents.value).toContain('FDL001 cmd-exec-form');
    const nothing = await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    expect(nothing).toBeNull();
  });

  it('publishes findings in other files for those files, and re-lints when a watched file changes', async () => {
    const directory = scratchDir({
      'requirements.txt': 'fastapi[standard]\n',
      'app/main.py': PROJECT['app/main.py'],
      Dockerfile: SHELL_FORM.replace('CMD fastapi run app/main.py --port 80', 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]'),
    });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    const requirementsUri = pathToFileURL(path.join(directory, 'requirements.txt')).href;
    await lsp.open(uri, SHELL_FORM.replace('CMD fastapi run app/main.py --port 80', 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]'));
    const requirements = await lsp.diagnostics(requirementsUri, (published) => published.diagnostics.length > 0);
    expect(requirements.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line])).toEqual([['FDL024', 0]]);

    writeFileSync(path.join(directory, 'requirements.txt'), 'fastapi[standard]>=0.115.0,<0.116.0\n');
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: requirementsUri, type: 2 }] });
    expect((await lsp.diagnostics(requirementsUri, (published) => published.diagnostics.length === 0)).diagnostics).toEqual([]);
  });

  it('survives hostile and half-typed text', async () => {
    const directory = scratchDir(PROJECT);
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    const inputs = [
      '',
      'FROM',
      'RUN <<EOF\n',
      '\u0000\u0001\uFFFF',
      'FROM python:3.13\nCMD ["unterminated',
      '\\\n'.repeat(5000),
      'from fastapi import FastAPI\n',
    ];
    await lsp.open(uri, 'FROM python:3.13\n');
    for (const [index, text] of inputs.entries()) {
      await lsp.change(uri, text, index + 2);
      // Each text gets its own diagnostics: the server neither crashed nor stalled on it.
      const published = await lsp.diagnostics(uri, (candidate) => candidate.version === index + 2);
      if (text === '' || text === 'FROM') expect(published.diagnostics.map((diagnostic) => diagnostic.code)).toContain('FDL000');
    }
    expect(lsp.process.exitCode).toBeNull();
  });
});

describe('language server on a hostile checkout (issue 21)', () => {
  it('does not lint a document over max-file-size: one diagnostic says so, at once', async () => {
    const directory = scratchDir(PROJECT);
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    const started = Date.now();
    await lsp.open(uri, `FROM python:3.13\n${'RUN true\n'.repeat((6 * 1024 * 1024) / 9)}`);
    const { diagnostics } = await lsp.diagnostics(uri);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 2, message: 'This file is larger than 5 MiB (max-file-size), so it is not linted.' })]);
    // The project's own limit applies.
    writeFileSync(path.join(directory, '.fastapi-docker-lint.yaml'), 'max-file-size: 100\n');
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(directory, '.fastapi-docker-lint.yaml')).href, type: 1 }],
    });
    await lsp.change(uri, SHELL_FORM, 2);
    expect((await lsp.diagnostics(uri, (published) => published.version === 2)).diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'This file is larger than 100 bytes (max-file-size), so it is not linted.',
    ]);
    expect(lsp.publishedFor(uri).at(-1)?.diagnostics).toHaveLength(1);
  });

  it('publishes at most 1,000 diagnostics for a document, and says how many more there are', async () => {
    const directory = scratchDir(PROJECT);
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, `FROM python:3.13\n${'RUN pip install fastapi\n'.repeat(1500)}CMD ["fastapi", "run", "app/main.py"]\n`);
    const { diagnostics } = await lsp.diagnostics(uri);
    expect(diagnostics).toHaveLength(1001);
    expect(diagnostics[1000].message).toMatch(/^\d+ more problems are not shown \(only the first 1000 are\)/);
  });

  it('gathers a burst of watched-file changes into one re-lint', async () => {
    const directory = scratchDir({ ...PROJECT, Dockerfile: SHELL_FORM });
    const lsp = await startIn(directory);
    const uri = pathToFileURL(path.join(directory, 'Dockerfile')).href;
    await lsp.open(uri, SHELL_FORM);
    await lsp.diagnostics(uri);
    const before = lsp.publishedFor(uri).length;
    const changes = [{ uri: pathToFileURL(path.join(directory, 'requirements.txt')).href, type: 2 }];
    for (let event = 0; event < 5000; event++) void lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    // A change after the burst is answered, and the burst cost a few re-lints, not 5,000.
    await lsp.change(uri, SHELL_FORM.replace('CMD fastapi run app/main.py --port 80', 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]'), 2);
    await lsp.diagnostics(uri, (published) => published.version === 2, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lsp.publishedFor(uri).length - before).toBeLessThanOrEqual(6);
  });

  it('keeps a build context inside the workspace folder outside a repository, whatever its working directory', async () => {
    // The server runs in the parent (as an editor started from $HOME would); the workspace is a folder of it.
    const parent = scratchDir({
      'requirements.txt': 'fastapi[standard]\n',
      'workspace/Dockerfile': SHELL_FORM,
      'workspace/.fastapi-docker-lint.yaml': 'context: ..\n',
    });
    client = new LspClient(parent);
    const workspace = pathToFileURL(path.join(parent, 'workspace')).href;
    await client.initialize(workspace, [{ uri: workspace, name: 'workspace' }]);
    const uri = pathToFileURL(path.join(parent, 'workspace/Dockerfile')).href;
    await client.open(uri, SHELL_FORM);
    const { diagnostics } = await client.diagnostics(uri);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toContain('FDL001');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nothing read or published beside the workspace.
    expect(client.publishedFor(pathToFileURL(path.join(parent, 'requirements.txt')).href)).toEqual([]);
  });
});
