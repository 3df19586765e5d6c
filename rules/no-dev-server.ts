import { defineRule } from '../src/core/rule.js';
import type { Fix } from '../src/core/rule.js';
import {
  describeEntryPoint,
  describeSource,
  DEVELOPMENT_COMPOSE_DOC,
  entryPointCalls,
  listenSetting,
  reloadSetting,
  removeWord,
  replaceInWord,
  runningServers,
  RUNTIME_COMMANDS_DOC,
  serverCommand,
  type ServerCommand,
  serverOption,
  type ServerOption,
  uvicornArgument,
  uvicornReload,
} from '../src/core/facts.js';

/** `fastapi dev` → `fastapi run`, the other words kept (a `--reload` left is reported, and fixed, next). */
function runInsteadOfDev(server: ServerCommand): Fix | undefined {
  const word = server.invocation.args[0];
  const edit = replaceInWord(word, 0, word.value.length, 'run');
  return edit && { title: 'Use fastapi run', applicability: 'unsafe', edits: [edit] };
}

/** `--reload` removed with the separator before it. */
function withoutReload(server: ServerCommand, text: string, option: ServerOption): Fix | undefined {
  const words = [server.invocation.programWord, ...server.invocation.args];
  const index = words.indexOf(option.word);
  // Only the flag itself (`--reload=true` is not uvicorn's, and a word `--reload` must be the option alone).
  if (index === -1 || option.word.value !== '--reload') return undefined;
  const edit = removeWord(text, words, index);
  return edit && { title: 'Remove --reload', applicability: 'unsafe', edits: [edit] };
}

/**
 * What `fastapi dev` does that `fastapi run` does not, as this command is written: it reloads
 * unless `--no-reload`, and listens on 127.0.0.1 unless `--host` says otherwise. `undefined` when
 * neither holds: then it serves as `fastapi run` does.
 */
function devBehaviour(server: ServerCommand): string | undefined {
  const reloads = serverOption(server, '--reload', '--no-reload')?.name !== '--no-reload';
  const listen = listenSetting(server);
  const loopback =
    listen.binding === 'loopback'
      ? `listens on 127.0.0.1 only (${listen.source.kind === 'option' ? describeSource(listen.source) : 'its default'})`
      : undefined;
  if (reloads) return `restarts whenever a file changes, in one process${loopback ? `, and ${loopback}` : ''}`;
  return loopback ? `${loopback}, unreachable from outside the container` : undefined;
}

export const noDevServer = defineRule({
  code: 'FDL007',
  name: 'no-dev-server',
  severity: 'error',
  summary: "The image doesn't run a development server (`fastapi dev`, `--reload`)",
  fixable: 'unsafe',
  messages: {
    fastapiDev: '`fastapi dev` is the development server: it {{behaviour}}. In an image use `fastapi run`.',
    fastapiDevLikeRun:
      '`fastapi dev` with `--no-reload` and `{{host}}` serves as `fastapi run` does: write `fastapi run`, which says so and takes `--workers`.',
    reload: '{{how}} makes `{{server}}` watch files and restart on changes, in a single process. Remove it: reloading belongs to local development.',
    entryPointReload: '`{{call}}`, run by {{command}}, reloads on file changes (`{{argument}}`), in one process. Remove it: reloading is for development.',
  },
  docs: {
    description: `Reports a development server in the command the image runs: \`fastapi dev\`, \`--reload\` on \`uvicorn\`, \`fastapi run\`, \`gunicorn\` or \`hypercorn\`, or \`UVICORN_RELOAD\` set to a true value in the environment uvicorn reads. The server is found through wrappers such as \`uv run\`, \`poetry run\`, \`tini --\`, \`gosu USER\`, \`opentelemetry-instrument\`, \`ddtrace-run\` and \`sh -c\`, and in the command a JSON-like CMD meant to run (\`CMD ['fastapi', 'dev']\`, which FDL001 reports for its quotes).\n\nThe message for \`fastapi dev\` says what this command does: it reloads on file changes in one process unless \`--no-reload\` is given, and listens on 127.0.0.1 only unless \`--host\` says otherwise. \`fastapi dev --no-reload --host 0.0.0.0\` serves as \`fastapi run\` does; that is only an info note, to write \`fastapi run\`.\n\nWhen the command runs the app's own Python (\`python main.py\`, \`python -m pkg\`, a console script) and that code calls \`uvicorn.run(..., reload=True)\` unconditionally, the finding is in that module, at the argument.\n\n${RUNTIME_COMMANDS_DOC} ${DEVELOPMENT_COMPOSE_DOC}`,
    why: 'Reload mode runs a file watcher and a single worker process that restarts whenever a file changes. In a container that is wasted CPU (polling a file system nobody edits), no worker processes, and surprise restarts when something writes into the app directory. `fastapi dev` also listens on 127.0.0.1 by default, unreachable from outside the container, and takes no `--workers`.',
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "dev", "app/main.py", "--host", "0.0.0.0"]',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety:
      'Unsafe fixes, applied only with `--unsafe-fixes` (an editor offers them as quick fixes): `fastapi dev` becomes `fastapi run`, and a `--reload` option is removed. Switching `dev` to `run` changes the host (0.0.0.0 instead of 127.0.0.1), the reload and the log format at once; check that it is what you want. Reloading set in the environment (`UVICORN_RELOAD`, `GUNICORN_CMD_ARGS`) is not fixed.',
    guideItems: [1, 4],
    references: ['https://fastapi.tiangolo.com/fastapi-cli/'],
  },
  check({ model, project, report }) {
    const text = model.source.text;
    // The app's own entry point (`python main.py` ending in `uvicorn.run(app, reload=True)`).
    if (project && !serverCommand(model)) {
      for (const { entryPoint, reached } of entryPointCalls(project)) {
        const reload = uvicornArgument(reached.call, 'reload');
        if (reload.state !== 'given' || uvicornReload(reached.call) !== true) continue;
        report({
          messageId: 'entryPointReload',
          data: {
            call: `${reached.call.calleeText}()`,
            command: describeEntryPoint(entryPoint),
            argument: reload.argument.text === 'True' ? 'reload=True' : `reload=${reload.argument.text}`,
          },
          range: reload.argument.range,
          file: entryPoint.file,
        });
      }
    }
    // The Dockerfile's command, and those that replace it in production (a development Compose file may reload).
    for (const server of runningServers(model, project, { production: true })) {
      const file = server.override?.file;
      if (server.kind === 'fastapi' && server.subcommand === 'dev') {
        const word = server.invocation.args[0];
        const range = { start: server.invocation.programWord.start, end: word.end };
        const behaviour = devBehaviour(server);
        if (behaviour) {
          report({ messageId: 'fastapiDev', data: { behaviour }, range, file, fix: file ? undefined : runInsteadOfDev(server) });
        } else {
          const host = serverOption(server, '--host');
          report({
            messageId: 'fastapiDevLikeRun',
            data: { host: host ? `--host ${host.value ?? ''}` : '--host' },
            range,
            severity: 'info',
            file,
            fix: file ? undefined : runInsteadOfDev(server),
          });
        }
        continue;
      }
      const reload = reloadSetting(server);
      if (!reload) continue;
      const serverName = server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind;
      const range =
        reload.source.kind === 'option'
          ? { start: reload.source.option.word.start, end: reload.source.option.word.end }
          : { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
      // A command replaced from Compose or Kubernetes is not the Dockerfile's to fix.
      const fix = reload.source.kind === 'option' && !file ? withoutReload(server, text, reload.source.option) : undefined;
      report({ messageId: 'reload', data: { how: describeSource(reload.source), server: serverName }, range, file, fix });
    }
  },
});
