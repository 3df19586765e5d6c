/** A language-server client over a real process and real JSON-RPC, for the protocol-level tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** The shipped language server executable (package.json's `fastapi-docker-lint-lsp`). */
export const LSP = path.resolve(import.meta.dirname, '../../dist/src/lsp/main.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
    source: string;
    message: string;
    codeDescription?: { href: string };
  }[];
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  private readonly published: PublishedDiagnostics[] = [];
  private readonly waiters: { test: (diagnostics: PublishedDiagnostics) => boolean; resolve: (diagnostics: PublishedDiagnostics) => void }[] = [];
  readonly registrations: unknown[] = [];

  /** `command`: the server and its arguments (default: `node dist/src/lsp/main.js --stdio`). */
  constructor(cwd: string, command: readonly string[] = [process.execPath, LSP, '--stdio'], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(command[0], command.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('client/registerCapability', (params: { registrations: unknown[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.listen();
  }

  async initialize(rootUri: string | null = null, workspaceFolders?: { uri: string; name: string }[]): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Every set of diagnostics published for `uri` so far. */
  publishedFor(uri: string): PublishedDiagnostics[] {
    return this.published.filter((published) => published.uri === uri);
  }

  /** The next diagnostics published for `uri` that pass `test` (or the latest, if it already passed). */
  diagnostics(uri: string, test: (diagnostics: PublishedDiagnostics) => boolean = () => true, timeoutMs = 10_000): Promise<PublishedDiagnostics> {
    const latest = [...this.published].reverse().find((published) => published.uri === uri);
    if (latest && test(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)),
        timeoutMs,
      );
      this.waiters.push({
        test: (published) => published.uri === uri && test(published),
        resolve: (published) => {
          clearTimeout(timer);
          resolve(published);
        },
      });
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  }

  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.process.kill();
    }
  }
}
