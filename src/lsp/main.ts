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

/** The CLI's default max-file-size (src/cli/run.ts): a larger document is not linted. */
const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h') || !args.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) {
  process.stdout.write(
    'Usage: fastapi-docker-lint-lsp --stdio, or fastapi-docker-lint lsp --stdio\n\nThe fastapi-docker-lint language server; start it from your editor.\n',
  );
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
/** Made again once the client names its workspace folders (the boundary of what is read outside a repository). */
let linter = new Linter({ workspaceFolders: [] });
// A rule that fails is logged, once per rule and error, and the others still report.
const logged = new Set<string>();
const onRuleError = (rule: { code: string }, error: unknown) => {
  const message = `${rule.code} failed and was skipped: ${(error as Error)?.stack ?? String(error)}`;
  if (logged.has(message)) return;
  logged.add(message);
  connection.console.error(message);
};
const documentLinter: DocumentLinter = {
  setWorkspaceFolders: (folders) => {
    linter = new Linter({ workspaceFolders: folders });
  },
  maxFileSize: (filePath) => linter.configFor(filePath).config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
  lintText: (text, filePath) => {
    const { options } = linter.setup(filePath);
    return linter.engine.lint(text, { ...options, onRuleError });
  },
  fixText: (text, filePath) => linter.engine.lintAndFix(text, { ...linter.setup(filePath).options, onRuleError }),
  invalidate: () => linter.invalidate(),
  findRule,
};
startServer(connection, documentLinter);
