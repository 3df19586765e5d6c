import { defineRule } from '../src/core/rule.js';
import { serverCommand } from '../src/core/model/server.js';
import { describeSource, reloadSetting } from '../src/core/model/server-settings.js';

export const noDevServer = defineRule({
  code: 'FDL007',
  name: 'no-dev-server',
  severity: 'error',
  summary: "The image doesn't run a development server (`fastapi dev`, `--reload`)",
  fixable: false,
  messages: {
    fastapiDev: '`fastapi dev` is the development server: it reloads, runs one process and listens on 127.0.0.1. In an image use `fastapi run`.',
    reload: '{{how}} makes `{{server}}` watch files and restart on changes, in a single process. Remove it: reloading belongs to local development.',
  },
  docs: {
    description:
      'Reports a development server in the command the image runs: `fastapi dev`, `--reload` on `uvicorn`, `fastapi run`, `gunicorn` or `hypercorn`, or `UVICORN_RELOAD` set to a true value in the environment uvicorn reads. The server is found through wrappers such as `uv run`, `poetry run`, `tini --`, `gosu USER`, `opentelemetry-instrument`, `ddtrace-run` and `sh -c`.',
    why:
      'Reload mode runs a file watcher and a single worker process that restarts whenever a file changes. In a container that is wasted CPU (polling a file system nobody edits), no worker processes, and surprise restarts when something writes into the app directory. `fastapi dev` also listens on 127.0.0.1 by default, unreachable from outside the container.',
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "dev", "app/main.py", "--host", "0.0.0.0"]',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety: 'No fix: switching `dev` to `run` changes the host, the reload and the log format at once; check that it is what you want.',
    guideItems: [1, 4],
    references: ['https://fastapi.tiangolo.com/fastapi-cli/'],
  },
  check({ model, report }) {
    const server = serverCommand(model);
    if (!server) return;
    if (server.kind === 'fastapi' && server.subcommand === 'dev') {
      const word = server.invocation.args[0];
      report({ messageId: 'fastapiDev', range: { start: server.invocation.programWord.start, end: word.end } });
      return;
    }
    const reload = reloadSetting(server);
    if (!reload) return;
    const serverName = server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind;
    const range =
      reload.source.kind === 'option'
        ? { start: reload.source.option.word.start, end: reload.source.option.word.end }
        : { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
    report({ messageId: 'reload', data: { how: describeSource(reload.source), server: serverName }, range });
  },
});
