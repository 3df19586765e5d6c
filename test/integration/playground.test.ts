/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core (Playwright's own
 * browser download cannot work here), the built page served from 127.0.0.1 as a static host would.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PLAYGROUND, serveStatic, type StaticServer } from '../helpers/static-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

const SHELL_FORM =
  'FROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80\nUSER 10001\n';
const EXEC_FORM_CMD = 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]';

describe.skipIf(!hasChromium && process.env.CI !== 'true')('playground in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    expect(existsSync(path.join(PLAYGROUND, 'index.html')), 'npm run build writes dist/playground').toBe(true);
    server = await serveStatic(PLAYGROUND);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    const context = await browser.newContext();
    page = await context.newPage();
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${server.origin}/`) && !url.startsWith('data:')) foreignRequests.push(url);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  const finding = (rule: string, line?: number) => page.locator(`li[data-rule="${rule}"]${line === undefined ? '' : `[data-line="${line}"]`}`);
  const dockerfileText = () => page.locator('#editor-Dockerfile .cm-content').innerText();

  it('lints a shared link as soon as it opens', async () => {
    await page.goto(`${server.origin}/#dockerfile=${encodeURIComponent(SHELL_FORM)}`);
    await expect.poll(() => finding('FDL001', 6).count()).toBe(1);
    expect(await finding('FDL001', 6).innerText()).toContain('FDL001');
    expect(await finding('FDL001', 6).locator('a').getAttribute('href')).toMatch(/docs\/rules\/FDL001-cmd-exec-form\.md$/);
  });

  it('re-lints as you type', async () => {
    await page.goto(`${server.origin}/#dockerfile=${encodeURIComponent(SHELL_FORM.replace('CMD fastapi run app/main.py --port 80', EXEC_FORM_CMD))}`);
    await expect.poll(() => page.locator('#findings li.empty').count()).toBe(1);
    await page.locator('#editor-Dockerfile .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('RUN pip install httpx\n');
    await expect.poll(() => finding('FDL004', 8).count(), { timeout: 5_000 }).toBe(1);
  });

  it('fixes everything with one control and keeps the fragment in step', async () => {
    await page.goto(`${server.origin}/#dockerfile=${encodeURIComponent(SHELL_FORM)}`);
    await expect.poll(() => finding('FDL001').count()).toBe(1);
    await page.locator('[data-action="fix-all"]').click();
    await expect.poll(dockerfileText).toContain(EXEC_FORM_CMD);
    await expect.poll(() => finding('FDL001').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain(EXEC_FORM_CMD);
  });

  it('a finding moves the cursor to its line, and its fix button fixes it', async () => {
    await page.goto(`${server.origin}/#dockerfile=${encodeURIComponent(SHELL_FORM)}`);
    await finding('FDL001', 6).locator('button.go').click();
    await expect
      .poll(() => page.evaluate(() => document.querySelector('#editor-Dockerfile .cm-activeLine')?.textContent))
      .toBe('CMD fastapi run app/main.py --port 80');
    await finding('FDL001', 6).locator('button[data-action="fix"]').click();
    await expect.poll(dockerfileText).toContain(EXEC_FORM_CMD);
  });

  it('checks the Dockerfile against the requirements tab', async () => {
    const dockerfile = SHELL_FORM.replace('CMD fastapi run app/main.py --port 80', EXEC_FORM_CMD);
    await page.goto(`${server.origin}/#dockerfile=${encodeURIComponent(dockerfile)}&requirements.txt=${encodeURIComponent('fastapi[standard]\n')}`);
    await expect.poll(() => page.locator('li[data-rule="FDL024"][data-file="requirements.txt"]').count()).toBe(1);
    await page.locator('#tabs button[data-file="requirements.txt"]').click();
    await page.locator('#editor-requirements\\.txt .cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('fastapi[standard]>=0.115.0,<0.116.0\n');
    await expect.poll(() => page.locator('li[data-rule="FDL024"]').count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`requirements.txt=${encodeURIComponent('fastapi[standard]>=0.115.0,<0.116.0\n')}`);
  });

  it("opens on the guide's Dockerfile, with its app/ among the project's files: only the note that it runs as root", async () => {
    await page.goto(`${server.origin}/`);
    await expect.poll(() => page.locator('#summary').innerText()).toBe('0 errors, 0 warnings, 1 info');
    expect(await page.locator('#findings li').count()).toBe(1);
    expect(await page.locator('li[data-rule="FDL014"]').innerText()).toContain('runs as root');
    await page.locator('#tabs button[data-file="files"]').click();
    await expect.poll(() => page.locator('#editor-files .cm-content').innerText()).toContain('app/main.py');
  });

  it('a COPY of a path the page does not have is reported, and listing it under "other files" is enough', async () => {
    await page.goto(`${server.origin}/`);
    await expect.poll(() => page.locator('#summary').innerText()).toBe('0 errors, 0 warnings, 1 info');
    await page.locator('#editor-Dockerfile .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('COPY ./static /code/static\n');
    await expect.poll(() => finding('FDL021', 7).count(), { timeout: 5_000 }).toBe(1);
    expect(await finding('FDL021', 7).innerText()).toContain('the files given with the Dockerfile');
    await page.locator('#tabs button[data-file="files"]').click();
    await page.locator('#editor-files .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('static/\n');
    await expect.poll(() => finding('FDL021').count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('static/');
  });

  it('sends nothing beyond its own origin and logs no error', () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
