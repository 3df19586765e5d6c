/**
 * Language-server latency: how long after a change the diagnostics for a 200-line Dockerfile
 * arrive, once the server is warm. A real server process and real JSON-RPC, as an editor sees it.
 * Usage: node bench/lsp-latency.mjs [changes]   (prints JSON: median, p95, max in ms)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = path.resolve(import.meta.dirname, '..');
const changes = Number(process.argv[2] ?? 60);
const warmup = 20;

/** A 200-line Dockerfile of the kinds the rules read: stages, installs, copies, a server command. */
function dockerfile(variant) {
  const lines = ['# syntax=docker/dockerfile:1', 'ARG PYTHON=3.13', 'FROM python:${PYTHON}-slim AS builder', 'WORKDIR /build', 'COPY requirements.txt .'];
  for (let i = 0; lines.length < 180; i++) {
    lines.push(
      `# step ${i}`,
      `ENV FEATURE_${i}=on`,
      `RUN pip install --no-cache-dir package-${i}==1.${i}.0 && \\`,
      `    python -c "import sys; print(${i})"`,
      `COPY src/part_${i}.py /build/src/`,
    );
  }
  lines.push('FROM python:${PYTHON}-slim', 'WORKDIR /code', 'COPY --from=builder /build /code', 'COPY ./app /code/app', 'USER 10001');
  while (lines.length < 199) lines.push(`LABEL note.${lines.length}="v${variant}"`);
  lines.push(variant % 2 ? 'CMD fastapi run app/main.py --port 80' : 'CMD ["fastapi", "run", "app/main.py", "--port", "80"]');
  return `${lines.join('\n')}\n`;
}

const project = mkdtempSync(path.join(tmpdir(), 'fdl-lsp-bench-'));
mkdirSync(path.join(project, 'app'));
writeFileSync(path.join(project, 'app/main.py'), 'from fastapi import FastAPI\napp = FastAPI()\n');
writeFileSync(path.join(project, 'requirements.txt'), 'fastapi[standard]>=0.115.0,<0.116.0\n');
writeFileSync(path.join(project, 'Dockerfile'), dockerfile(0));
const uri = pathToFileURL(path.join(project, 'Dockerfile')).href;

const server = spawn(process.execPath, [path.join(root, 'dist/src/lsp/main.js'), '--stdio'], { cwd: project, stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
let waiting;
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (params.uri === uri && waiting && params.version === waiting.version) waiting.resolve(performance.now());
});
connection.onRequest('client/registerCapability', () => null);
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(project).href, capabilities: {} });
await connection.sendNotification('initialized', {});

const latencies = [];
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: dockerfile(1) } });
for (let version = 2; version < 2 + warmup + changes; version++) {
  const arrived = new Promise((resolve) => (waiting = { version, resolve }));
  const sent = performance.now();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: dockerfile(version) }] });
  const at = await arrived;
  if (version >= 2 + warmup) latencies.push(at - sent);
}
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();

latencies.sort((a, b) => a - b);
const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
process.stdout.write(
  `${JSON.stringify({ changes: latencies.length, lines: 200, medianMs: +pick(0.5).toFixed(1), p95Ms: +pick(0.95).toFixed(1), maxMs: +latencies[latencies.length - 1].toFixed(1) })}\n`,
);
