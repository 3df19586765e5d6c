import { defineRule } from '../src/core/rule.js';
import {
  describeEntryPoint,
  describeSource,
  entryPointCalls,
  listenSetting,
  type Project,
  replaceInWord,
  runningServers,
  RUNTIME_COMMANDS_DOC,
  serverCommand,
  type ServerOption,
  uvicornListen,
} from '../src/core/facts.js';
import type { Fix, Report } from '../src/core/rule.js';

/**
 * `uvicorn.run(...)` in the project's own entry point (`python main.py`, `python -m pkg`, a
 * console script), judged like `--host`: the server binds 127.0.0.1 unless the call says otherwise.
 */
function checkEntryPoints(project: Project | undefined, report: (report: Report<'entryPointLoopback'>) => void): void {
  if (!project) return;
  for (const { entryPoint, reached } of entryPointCalls(project)) {
    const listen = uvicornListen(reached.call);
    if (listen.binding !== 'loopback') continue;
    const how = listen.argument
      ? `${listen.host} (\`${entryPoint.file.source.text.slice(listen.argument.range.start, listen.argument.range.end)}\`)`
      : '127.0.0.1 (its default)';
    report({
      messageId: 'entryPointLoopback',
      data: {
        call: `${reached.call.calleeText}()`,
        command: describeEntryPoint(entryPoint),
        how,
      },
      range: listen.argument?.range ?? reached.call.calleeRange,
      file: entryPoint.file,
    });
  }
}

/**
 * `--host 127.0.0.1` (or localhost, ::1; gunicorn's `--bind 127.0.0.1:8000`) with the host
 * written as 0.0.0.0 and the rest kept. Unsafe: the loopback address may be deliberate (a
 * sidecar in the same network namespace).
 */
function loopbackHostFix(option: ServerOption, isBind: boolean): Fix | undefined {
  const word = option.valueWord;
  const value = option.value;
  if (!word || value === undefined || !word.value.endsWith(value)) return undefined;
  // The value is the end of its word (`127.0.0.1`, or `--host=127.0.0.1`); with --bind, only its host part changes.
  const valueStart = word.value.length - value.length;
  const scheme = isBind && value.startsWith('tcp://') ? 'tcp://'.length : 0;
  const bracketed = isBind ? /^\[[^\]]*\]/.exec(value.slice(scheme)) : null;
  const colon = value.lastIndexOf(':');
  const hostEnd = !isBind ? value.length : bracketed ? scheme + bracketed[0].length : colon >= scheme ? colon : value.length;
  const edit = replaceInWord(word, valueStart + scheme, valueStart + hostEnd, '0.0.0.0');
  return edit && { title: 'Listen on 0.0.0.0', applicability: 'unsafe', edits: [edit] };
}

export const serverHost = defineRule({
  code: 'FDL006',
  name: 'server-host',
  severity: 'error',
  summary: 'The server listens on all interfaces, not only inside the container',
  fixable: 'safe and unsafe',
  messages: {
    loopback: '`{{server}}` listens only on {{how}}, unreachable from outside the container. Listen on all interfaces: {{fix}}.',
    foreignAddress:
      '{{written}} binds a fixed address, but a container gets its address when it starts: unless it is this one, `{{server}}` exits. Use `0.0.0.0`.',
    portInHost: '{{written}} puts a port into the host name, which `{{server}}` cannot resolve, so it fails to start. Write {{fix}}.',
    entryPointLoopback: '`{{call}}`, run by {{command}}, listens only on {{how}}, unreachable from outside the container. Pass `host="0.0.0.0"`.',
  },
  docs: {
    description: `Reports a server command that cannot be reached from outside the container: it binds only the loopback interface, explicitly (\`--host 127.0.0.1\`, \`--host localhost\`, \`--bind 127.0.0.1:8000\`) or by default (\`uvicorn\`, \`gunicorn\` and \`hypercorn\` listen on 127.0.0.1:8000 unless told otherwise; \`fastapi run\` listens on 0.0.0.0), or it binds a host that cannot work in a container: a literal IP address the container is not given (\`--host 10.20.30.40\`, \`--bind 10.20.30.40:80\`), or a \`--host\` with a port packed into it (\`--host 0.0.0.0:80\`). The server is found through wrappers (\`uv run\`, \`tini --\`, \`opentelemetry-instrument\`, \`sh -c\`, ...). Not reported for \`0.0.0.0\`, \`::\` or \`[::]\`, unix sockets (\`--uds\`, \`--fd\`, \`unix:\`), a host name we cannot judge (\`--host myservice\`), a host from the environment the server reads (\`UVICORN_HOST\`, gunicorn's \`GUNICORN_CMD_ARGS\` or \`PORT\`) unless its value is known, a gunicorn/hypercorn config file (\`-c\`), a value that depends on a variable we cannot resolve, or \`fastapi dev\` (FDL007 reports it: a development server should not be made reachable, but replaced).\n\nWhen the command starts no server CLI but the project's own Python code (\`python main.py\`, \`python -m pkg\`, or a console script declared in \`[project.scripts]\` or \`[tool.poetry.scripts]\` of the pyproject.toml the Dockerfile installs), the rule reads that module from the build context and judges the literal \`host\` of a \`uvicorn.run(...)\` or \`uvicorn.Config(...)\` call that surely runs (at the top level, in the \`if __name__ == "__main__":\` block or a function called from there, or in the console script's function; not in a branch or loop). \`uvicorn.run()\` binds 127.0.0.1 unless told otherwise, whatever \`UVICORN_HOST\` says (only the command line reads it). The finding is in that Python file, and its message names the command that runs it. A host computed at run time, \`**kwargs\`, a module the image may hold unseen, or a file that does not parse is not judged.\n\n${RUNTIME_COMMANDS_DOC}`,
    why: "Each container has its own network namespace, and 127.0.0.1 inside it is the container itself. A server listening there accepts nothing from the published port or from other containers: the app runs, its logs look healthy, and every request from outside is refused.\n\nA literal address such as `10.20.30.40` is worse: the container is given its address by the network it joins when it starts, so unless it happens to be that one the bind fails (`Cannot assign requested address`) and the server exits. `--host 0.0.0.0:80` is a common slip from gunicorn's `--bind HOST:PORT`: uvicorn's `--host` takes a host only, so it tries to resolve the name `0.0.0.0:80`, fails and exits, and the port would have stayed 8000 anyway. gunicorn's and hypercorn's `--bind` does take `HOST:PORT`.",
    bad: 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["uvicorn", "main:app", "--port", "80"]',
    good: 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "80"]',
    fixSafety:
      'Safe where the command is in exec form and gives no host at all: the fix adds `--host 0.0.0.0` (gunicorn and hypercorn: `--bind 0.0.0.0:8000`, their default port) after the program name, which is what the server would need to be reachable.\n\nUnsafe where the command names a loopback host itself (`--host 127.0.0.1`, `localhost` or `::1`; `--bind 127.0.0.1:8000` keeps its port): the fix writes `0.0.0.0` in its place, applied only with `--unsafe-fixes` (an editor offers it as a quick fix). The loopback address may be deliberate: a sidecar proxy in the same network namespace reaches the server there, and nothing else should. A host set in the environment (`UVICORN_HOST`) is not fixed. A fixed address or a host with a port is not fixed either: the message says what to write, but which address or port you meant is yours to confirm.',
    guideItems: [1, 4],
    options:
      "The entry point is read from the build context: `--context DIR` (config `context`) when it is not the Dockerfile's directory; with `--no-context` only the command line is judged.",
    references: ['https://www.uvicorn.org/settings/#socket-binding', 'https://docs.gunicorn.org/en/stable/settings.html#bind'],
  },
  check({ model, project, report }) {
    const servers = runningServers(model, project);
    if (!serverCommand(model)) checkEntryPoints(project, report);
    for (const server of servers) {
      // `fastapi dev` is reported by FDL007 alone: making a dev server reachable is no fix.
      if (server.kind === 'fastapi' && server.subcommand === 'dev') continue;
      const listen = listenSetting(server);
      const file = server.override?.file;
      const serverName = server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind;
      const optionRange =
        listen.source.kind === 'option'
          ? { start: listen.source.option.word.start, end: (listen.source.option.valueWord ?? listen.source.option.word).end }
          : { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
      const written = listen.source.kind === 'env' ? `\`${listen.host ?? ''}\` in \`${listen.source.name}\`` : describeSource(listen.source);
      if (listen.binding === 'foreign-address') {
        report({ messageId: 'foreignAddress', data: { server: serverName, written }, range: optionRange, file });
        continue;
      }
      if (listen.binding === 'port-in-host') {
        const host = listen.host ?? '';
        const colon = host.lastIndexOf(':');
        const [name, port] = [host.slice(0, colon) || '0.0.0.0', host.slice(colon + 1) || '8000'];
        const fix = listen.source.kind === 'env' ? `\`UVICORN_HOST=${name}\` and \`UVICORN_PORT=${port}\`` : `\`--host ${name} --port ${port}\``;
        report({ messageId: 'portInHost', data: { server: serverName, written, fix }, range: optionRange, file });
        continue;
      }
      if (listen.binding !== 'loopback') continue;
      const usesBind = server.kind === 'gunicorn' || server.kind === 'hypercorn';
      const flag = usesBind ? ['--bind', `0.0.0.0:${listen.port}`] : ['--host', '0.0.0.0'];
      const how = listen.source.kind === 'default' ? '127.0.0.1 (its default)' : `127.0.0.1 (${describeSource(listen.source)})`;
      const wrapped = server.invocation.wrappers.some((wrapper) => wrapper.kind === 'shell');
      // A command replaced from Compose or Kubernetes is not the Dockerfile's to fix.
      const execForm = !server.override && server.instruction.command?.form === 'exec' && !wrapped;
      // Options go right after the program (or `fastapi run`), where every one of these CLIs takes them.
      const anchor = server.kind === 'fastapi' && server.invocation.args[0] ? server.invocation.args[0] : server.invocation.programWord;
      const fix =
        listen.source.kind === 'default' && execForm
          ? { title: `Add ${flag.join(' ')}`, edits: [{ start: anchor.end, end: anchor.end, text: flag.map((part) => `, ${JSON.stringify(part)}`).join('') }] }
          : listen.source.kind === 'option' && !server.override
            ? loopbackHostFix(listen.source.option, usesBind)
            : undefined;
      report({ messageId: 'loopback', data: { server: serverName, how, fix: `\`${flag.join(' ')}\`` }, range: optionRange, fix, file });
    }
  },
});
