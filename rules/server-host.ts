import type { Rule } from '../src/rule.js';
import { serverCommand } from '../src/model/server.js';
import { describeSource, listenSetting } from '../src/model/server-settings.js';

export const serverHost: Rule = {
  code: 'FDL006',
  name: 'server-host',
  severity: 'error',
  summary: 'The server listens on all interfaces, not only inside the container',
  fixable: true,
  messages: {
    loopback:
      '`{{server}}` listens only on {{how}}, which inside a container is unreachable from outside it: `docker run -p` and other containers get "connection refused". Listen on all interfaces: {{fix}}.',
  },
  docs: {
    description:
      'Reports a server command that binds only the loopback interface, explicitly (`--host 127.0.0.1`, `--host localhost`, `--bind 127.0.0.1:8000`) or by default: `fastapi dev`, `uvicorn`, `gunicorn` and `hypercorn` listen on 127.0.0.1:8000 unless told otherwise (`fastapi run` listens on 0.0.0.0). Not reported for `0.0.0.0`, `::` or `[::]`, unix sockets (`--uds`, `--fd`, `unix:`), a host from the environment the server reads (`UVICORN_HOST`, gunicorn\'s `GUNICORN_CMD_ARGS` or `PORT`), a gunicorn/hypercorn config file (`-c`), or a value that depends on a variable we cannot resolve.',
    why:
      'Each container has its own network namespace, and 127.0.0.1 inside it is the container itself. A server listening there accepts nothing from the published port or from other containers: the app runs, its logs look healthy, and every request from outside is refused.',
    bad: 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["uvicorn", "main:app", "--port", "80"]',
    good: 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "80"]',
    fixSafety:
      'Safe where the command is in exec form and gives no host at all: the fix adds `--host 0.0.0.0` (gunicorn and hypercorn: `--bind 0.0.0.0:8000`, their default port) after the program name, which is what the server would need to be reachable. An explicit `127.0.0.1` is left for you to change: it may be deliberate (a sidecar proxy in the same network namespace).',
    guideItems: [1, 4],
    references: ['https://www.uvicorn.org/settings/#socket-binding', 'https://docs.gunicorn.org/en/stable/settings.html#bind'],
  },
  check({ model, report }) {
    const server = serverCommand(model);
    if (!server) return;
    const listen = listenSetting(server);
    if (listen.binding !== 'loopback') return;
    const serverName = server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind;
    const usesBind = server.kind === 'gunicorn' || server.kind === 'hypercorn';
    const flag = usesBind ? ['--bind', `0.0.0.0:${listen.port}`] : ['--host', '0.0.0.0'];
    const how = listen.source.kind === 'default' ? '127.0.0.1 (its default)' : `127.0.0.1 (${describeSource(listen.source)})`;
    const wrapped = server.invocation.wrappers.some((wrapper) => wrapper.kind === 'shell');
    const execForm = server.instruction.command?.form === 'exec' && !wrapped;
    // Options go right after the program (or `fastapi run`), where every one of these CLIs takes them.
    const anchor = server.kind === 'fastapi' && server.invocation.args[0] ? server.invocation.args[0] : server.invocation.programWord;
    const fix =
      listen.source.kind === 'default' && execForm
        ? { edits: [{ start: anchor.end, end: anchor.end, text: flag.map((part) => `, ${JSON.stringify(part)}`).join('') }] }
        : undefined;
    const range =
      listen.source.kind === 'option'
        ? { start: listen.source.option.word.start, end: (listen.source.option.valueWord ?? listen.source.option.word).end }
        : { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
    report({ messageId: 'loopback', data: { server: serverName, how, fix: `\`${flag.join(' ')}\`` }, range, fix });
  },
};
