/**
 * `npm run screenshot`: the README's picture of the playground (docs/playground.png), taken
 * from the built page (dist/playground, from `npm run build`) in Chromium, so the findings in it
 * are what the linter says today. CHROMIUM_PATH names the browser (default /usr/bin/chromium).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const DOCKERFILE = [
  'FROM python:3.13',
  'WORKDIR /code',
  'COPY . /code',
  'RUN pip install -r requirements.txt',
  'CMD uvicorn app.main:app --host 127.0.0.1 --reload',
  '',
].join('\n');
const REQUIREMENTS = 'fastapi>=0.115.0,<0.116.0\nuvicorn>=0.32.0,<0.33.0\n';
/** The project's other files (the page's "other files" tab): the app the command names, and a .dockerignore. */
const OTHER_FILES = 'app/__init__.py\napp/main.py\n';
const DOCKERIGNORE = '.env\n.git\n.venv\n__pycache__\n';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  const url = `${pathToFileURL(path.join(root, 'dist/playground/index.html')).href}#dockerfile=${encodeURIComponent(DOCKERFILE)}&requirements.txt=${encodeURIComponent(REQUIREMENTS)}&.dockerignore=${encodeURIComponent(DOCKERIGNORE)}&files=${encodeURIComponent(OTHER_FILES)}`;
  await page.goto(url);
  await page.waitForSelector('[data-action="fix"], .finding', { timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(root, 'docs/playground.png') });
} finally {
  await browser.close();
}
