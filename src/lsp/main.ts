#!/usr/bin/env node
/**
 * `fastapi-docker-lint-lsp --stdio`: the language server over standard input and output.
 * (vscode-languageserver also reads `--node-ipc`, `--socket=N` and `--pipe=NAME`.)
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { findRule } from '../../rules/index.js';
import { Linter } from '../node/linter.js';
import { VERSION } from '../version.js';
import { startServer, type DocumentLinter } from './server.js';

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h') || !args.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) {
  process.stdout.write('Usage: fastapi-docker-lint-lsp --stdio\n\nThe fastapi-docker-lint language server; start it from your editor.\n');
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}

const linter = new Linter();
const documentLinter: DocumentLinter = {
  lintText: (text, filePath) => linter.lintText(text, { filePath }),
  fixText: (text, filePath) => linter.fixText(text, { filePath }),
  invalidate: () => linter.invalidate(),
  findRule,
};
startServer(createConnection(ProposedFeatures.all), documentLinter);
