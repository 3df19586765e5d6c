/**
 * The VS Code extension (editors/vscode), in real VS Code: code-server 4.99.3 (VS Code 1.99, which
 * `.ci/run` installs into /opt/code-server) driven in headless Chromium by playwright-core. The
 * test packages the .vsix with @vscode/vsce, installs it with code-server's `--install-extension`,
 * opens a FastAPI project, and checks that the Problems panel shows the findings, that the quick
 * fix rewrites the CMD line in the file, and that the standalone executable serves when the
 * `fastapiDockerLint.path` setting names it.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/cli.js';
import { ensureBinary, ROOT, VERSION } from './artifacts.js';

const CODE_SERVER = process.env.CODE_SERVER ?? '/opt/code-server/node_modules/.bin/code-server';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const EXTENSION = path.join(ROOT, 'editors/vscode');
/** Set by .ci/run, which installs code-server in the background: `done` or `failed` appears in it when that ends. */
const EDITOR_SETUP = process.env.FDL_EDITOR_SETUP;
const hasCodeServer = (existsSync(CODE_SERVER) || EDITOR_SETUP !== undefined) && existsSync(CHROMIUM);
// On a developer machine without code-server the test says why it is skipped; CI always runs it.
const describeEditor = hasCodeServer || process.env.CI ? describe : describe.skip;

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForServer(url: string, process: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`code-server exited (${process.exitCode}):\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer at ${url}:\n${log()}`);
}

/** Waits for .ci/run's background install of code-server (about 4 minutes) to end. */
async function editorSetup(directory: string): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (!existsSync(path.join(directory, 'done'))) {
    if (existsSync(path.join(directory, 'failed'))) throw new Error(`installing code-server failed:\n${readFileSync(path.join(directory, 'log'), 'utf8')}`);
    if (Date.now() > deadline) throw new Error('code-server was not installed within 15 minutes');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

describeEditor('the VS Code extension in code-server', () => {
  let vsix = '';
  let server: ChildProcess | undefined;
  let serverLog = '';
  let browser: Browser | undefined;
  let page: Page;
  let project = '';
  let userData = '';

  beforeAll(async () => {
    if (EDITOR_SETUP !== undefined) await editorSetup(EDITOR_SETUP);
    // The extension's own dependencies (@vscode/vsce, vscode-languageclient), from its lock file.
    if (!existsSync(path.join(EXTENSION, 'node_modules/.bin/vsce'))) run('npm', ['ci', '--no-audit', '--no-fund'], EXTENSION);
    if (!existsSync(path.join(ROOT, 'dist/bundle/lsp.cjs'))) run('npm', ['run', 'build'], ROOT);
    run('npm', ['run', 'package'], EXTENSION);
    vsix = path.join(ROOT, 'dist/vscode', `fastapi-docker-lint-${VERSION}.vsix`);
    expect(existsSync(vsix)).toBe(true);

    const work = scratchDir();
    const extensions = path.join(work, 'extensions');
    userData = path.join(work, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(
      path.join(userData, 'User/settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
      }),
    );
    const installed = run(CODE_SERVER, ['--install-extension', vsix, '--extensions-dir', extensions, '--user-data-dir', userData], work);
    expect(installed).toMatch(/was successfully installed/);
    expect(readdirSync(extensions).some((name) => name.startsWith(`fastapi-docker-lint.fastapi-docker-lint-${VERSION}`))).toBe(true);

    project = path.join(work, 'project');
    cpSync(path.join(ROOT, 'fixtures/readme/project'), project, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: project });

    const port = await freePort();
    server = spawn(
      CODE_SERVER,
      [
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--user-data-dir',
        userData,
        '--extensions-dir',
        extensions,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        project,
      ],
      { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: work } },
    );
    server.stdout?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    const url = `http://127.0.0.1:${port}/`;
    await waitForServer(`${url}healthz`, server, () => serverLog);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${url}?folder=${encodeURIComponent(project)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }, 1_200_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  async function openFile(name: string): Promise<void> {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
  }

  it('shows the findings in the Problems panel', async () => {
    await openFile('Dockerfile');
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.waitFor();
    await expect.poll(async () => problems.innerText(), { timeout: 60_000, interval: 500 }).toContain('FDL001');
    const text = await problems.innerText();
    expect(text).toContain('FDL004');
    expect(text).toMatch(/CMD in shell form runs `fastapi` under \/bin\/sh/);
    expect(text).toContain('fastapi-docker-lint');
  }, 120_000);

  it('applies the quick fix to the file', async () => {
    // The CMD line: put the cursor on it, open the quick fixes (Ctrl+.) and take the exec form.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+.');
    // The preferred fix comes first and is focused: Enter applies it.
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    await focused.waitFor({ timeout: 30_000 });
    expect(await focused.getAttribute('aria-label')).toBe('Write CMD in exec form');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    const dockerfile = path.join(project, 'Dockerfile');
    await expect
      .poll(() => readFileSync(dockerfile, 'utf8'), { timeout: 30_000, interval: 250 })
      .toContain('CMD ["fastapi", "run", "app/main.py", "--port", "80"]');
    // The finding is gone from the Problems panel; the other one stays.
    const problems = page.locator('.markers-panel');
    await expect.poll(async () => problems.innerText(), { timeout: 30_000, interval: 500 }).not.toContain('FDL001');
    expect(await problems.innerText()).toContain('FDL004');
  }, 120_000);

  it('runs an installed executable as the server when fastapiDockerLint.path names one', async () => {
    const binary = ensureBinary();
    // A `machine` setting: a workspace's .vscode/settings.json cannot point it at a program of the
    // repository's. code-server is a remote window, whose machine settings are these.
    mkdirSync(path.join(userData, 'Machine'), { recursive: true });
    writeFileSync(path.join(userData, 'Machine/settings.json'), JSON.stringify({ 'fastapiDockerLint.path': binary }));
    // The extension restarts its client on the change: the server is now `<binary> lsp --stdio`.
    const serving = () =>
      readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .some((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').startsWith(`${binary} lsp --stdio`);
          } catch {
            return false;
          }
        });
    await expect.poll(serving, { timeout: 60_000, interval: 500 }).toBe(true);
    const problems = page.locator('.markers-panel');
    await expect.poll(async () => problems.innerText(), { timeout: 60_000, interval: 500 }).toContain('FDL004');
  }, 180_000);
});
