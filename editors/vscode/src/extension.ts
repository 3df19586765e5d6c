/**
 * The fastapi-docker-lint extension: starts the project's language server for Dockerfiles, through
 * vscode-languageclient. The server is the one inside the extension (server/lsp.cjs, the npm
 * package's dist/bundle/lsp.cjs), run by VS Code's own Node.js, so nothing else needs installing;
 * or, when `fastapiDockerLint.path` names one, an installed executable (the standalone binary that
 * `pipx install fastapi-docker-lint` puts on PATH, or the npm package's bin), run as
 * `<path> lsp --stdio`.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const ID = 'fastapiDockerLint';
let client: LanguageClient | undefined;

function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const executable = vscode.workspace.getConfiguration(ID).get<string>('path')?.trim();
  if (executable) return { command: executable, args: ['lsp', '--stdio'], transport: TransportKind.stdio };
  const module = context.asAbsolutePath('server/lsp.cjs');
  return { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    // Dockerfiles, by VS Code's language (Dockerfile, *.dockerfile, Containerfile) or by name.
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}{,.*}' },
      { scheme: 'file', pattern: '**/*.{Dockerfile,dockerfile}' },
    ],
    outputChannelName: 'fastapi-docker-lint',
  };
  client = new LanguageClient(ID, 'fastapi-docker-lint', serverOptions(context), clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand(`${ID}.restart`, async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration(`${ID}.path`)) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
