/** The command line process: streams, exit code, and the one-line report of an internal error. */
import { runCli, EXIT_ERROR } from './run.js';
import { diagnosticLine } from '../formatters/visible.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is not an error of ours.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const args = process.argv.slice(2);
if (args[0] === 'lsp') {
  // `fastapi-docker-lint lsp --stdio`: the language server from the same executable (the standalone
  // binary has no other). Loaded only here, so a lint never loads it: in dist/bundle it is a file
  // of its own, lsp.cjs (src/build-bundle.ts). A file or folder named `lsp` is linted as `./lsp`.
  import('../lsp/main.js').catch(reportInternalError);
} else {
  runCli(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  }, reportInternalError);
}

/** A bug of ours: still one line and exit 2, with the detail only when asked for. */
function reportInternalError(error: unknown): void {
  const detail = process.env.FASTAPI_DOCKER_LINT_DEBUG ? (error as Error)?.stack : (error as Error)?.message;
  // The stack keeps its lines; a message is one line like every other.
  const text = process.env.FASTAPI_DOCKER_LINT_DEBUG
    ? (detail ?? String(error)).split('\n').map(diagnosticLine).join('\n')
    : diagnosticLine(detail ?? String(error));
  process.stderr.write(`fastapi-docker-lint: internal error: ${text} (please report it)\n`);
  process.exitCode = EXIT_ERROR;
}
