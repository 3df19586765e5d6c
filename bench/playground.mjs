/**
 * The playground's budgets: the whole page's size gzipped, and the time from navigation to the
 * first findings on screen, in Chromium (Debian's, through playwright-core), served from
 * 127.0.0.1. Usage: node bench/playground.mjs [loads]   (prints JSON; `null` times without Chromium)
 */
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const site = path.join(root, 'dist/playground');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const loads = Number(process.argv[2] ?? 9);

const files = readdirSync(site);
const gzippedBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(site, file)), { level: 9 }).length, 0);
const result = { files: files.length, gzippedKB: +(gzippedBytes / 1024).toFixed(1), firstFindingsMs: null, loads: 0 };

if (existsSync(chromiumPath)) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/^\/$/, '/index.html').slice(1);
    if (!files.includes(name)) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream' }).end(readFileSync(path.join(site, name)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const dockerfile = 'FROM python:3.13\nWORKDIR /code\nCOPY . /code\nRUN pip install -r requirements.txt\nCMD uvicorn app.main:app --reload\n';
  const url = `http://127.0.0.1:${server.address().port}/#dockerfile=${encodeURIComponent(dockerfile)}`;
  const times = [];
  for (let load = 0; load < loads; load++) {
    // A fresh context each time: nothing cached, as a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('li[data-rule]');
    // From the navigation's start to the mark the page sets once the first findings are shown.
    times.push(await page.evaluate(() => performance.getEntriesByName('fastapi-docker-lint:first-findings')[0].startTime));
    await context.close();
  }
  await browser.close();
  server.close();
  times.sort((a, b) => a - b);
  result.firstFindingsMs = Math.round(times[Math.floor(times.length / 2)]);
  result.loads = times.length;
}
process.stdout.write(`${JSON.stringify(result)}\n`);
