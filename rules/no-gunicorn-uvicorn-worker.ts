import { defineRule } from '../src/core/rule.js';
import { gunicornWorkerClass, runningServers, RUNTIME_COMMANDS_DOC, type ServerCommand } from '../src/core/facts.js';

const DEPRECATED_WORKERS = new Set(['uvicorn.workers.UvicornWorker', 'uvicorn.workers.UvicornH11Worker']);
const MAINTAINED_WORKERS = new Set(['uvicorn_worker.UvicornWorker', 'uvicorn_worker.UvicornH11Worker']);

export const noGunicornUvicornWorker = defineRule({
  code: 'FDL008',
  name: 'no-gunicorn-uvicorn-worker',
  severity: 'warning',
  summary: 'Run `fastapi run --workers N` instead of Gunicorn with Uvicorn workers',
  fixable: false,
  messages: {
    deprecated: '`{{workerClass}}` is deprecated since uvicorn 0.30.0. Drop gunicorn: `fastapi run --workers N` manages worker processes itself.',
    maintained: 'Gunicorn with `{{workerClass}}` works but is not needed: `fastapi run --workers N` manages worker processes itself.',
  },
  docs: {
    description: `Reports gunicorn run with Uvicorn's worker class (\`-k\`/\`--worker-class\`, or in \`GUNICORN_CMD_ARGS\`): \`uvicorn.workers.UvicornWorker\` as a warning, since that module is deprecated; the maintained \`uvicorn_worker.UvicornWorker\` (package \`uvicorn-worker\`) at info level. The server is found through wrappers such as \`uv run\`, \`poetry run\`, \`tini --\`, \`gosu USER\`, \`opentelemetry-instrument\`, \`ddtrace-run\` and \`sh -c\`.\n\n${RUNTIME_COMMANDS_DOC}`,
    why: 'Gunicorn used to sit in front of Uvicorn because Uvicorn could not manage worker processes. It can now: `uvicorn --workers N` and `fastapi run --workers N` start, watch and restart workers. The `uvicorn.workers` module was deprecated in uvicorn 0.30.0 and moved to the separate `uvicorn-worker` package. Dropping Gunicorn removes a dependency, a config file and a layer of settings that interact in surprising ways (timeouts, worker classes, `GUNICORN_CMD_ARGS`).',
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["gunicorn", "app.main:app", "-k", "uvicorn.workers.UvicornWorker", "-w", "4", "-b", "0.0.0.0:80"]',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--workers", "4", "--port", "80"]',
    fixSafety: 'No fix: gunicorn settings (timeouts, hooks, config files) have no one-to-one translation.',
    guideItems: [6],
    references: ['https://www.uvicorn.org/deployment/#gunicorn', 'https://github.com/Kludex/uvicorn-worker'],
  },
  check({ model, project, report }) {
    // A shell `if` may start gunicorn in one branch only: look at every server the command may
    // start; then at the commands that replace it (Compose, Kubernetes), each once.
    const judged = new Map<unknown, ServerCommand>();
    for (const server of runningServers(model, project, { all: true })) {
      if (!judged.has(server.override) && gunicornWorkerClass(server)) judged.set(server.override, server);
    }
    for (const server of judged.values()) {
      const workerClass = gunicornWorkerClass(server);
      if (!workerClass) continue;
      const deprecated = DEPRECATED_WORKERS.has(workerClass.value);
      if (!deprecated && !MAINTAINED_WORKERS.has(workerClass.value)) continue;
      const word = workerClass.word ?? server.invocation.programWord;
      report({
        messageId: deprecated ? 'deprecated' : 'maintained',
        data: { workerClass: workerClass.value },
        range: { start: word.start, end: word.end },
        severity: deprecated ? undefined : 'info',
        file: server.override?.file,
      });
    }
  },
});
