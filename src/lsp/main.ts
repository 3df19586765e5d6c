#!/usr/bin/env node
/**
 * `fastapi-docker-lint-lsp --stdio` (or `fastapi-docker-lint lsp --stdio`): the language server over
 * standard input and output.
 * (vscode-languageserver also reads `--node-ipc`, `--socket=N` and `--pipe=NAME`.)
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { findRule } from '../../rules/index.js';
import { Linter } from '../node/linter.js';
import { VERSION } from '../core/version.js';
import { startServer, type DocumentLinter } from './server.js';

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h') || !args.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) {
  process.stdout.write('Usage: fastapi-docker-lint-lsp --stdio, or fastapi-docker-lint lsp --stdio\n\nThe fastapi-docker-lint language server; start it from your editor.\n');
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
const linter = new Linter();
// A rule that fails is logged, once per rule and error, and the others still report.
const logged = new Set<string>();
const onRuleError = (rule: { code: string }, error: unknown) => {
  const message = `${rule.code} failed and was skipped: ${(error as Error)?.stack ?? String(error)}`;
  if (logged.has(message)) return;
  logged.add(message);
  connection.console.error(message);
};
const documentLinter: DocumentLinter = {
  lintText: (text, filePath) => {
    const { options } = linter.setup(filePath);
    return linter.engine.lint(text, { ...options, onRuleError });
  },
  fixText: (text, filePath) => linter.engine.lintAndFix(text, { ...linter.setup(filePath).options, onRuleError }),
  invalidate: () => linter.invalidate(),
  findRule,
};
startServer(connection, documentLinter);
