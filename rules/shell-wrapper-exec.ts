import { defineRule } from '../src/core/rule.js';
import { basename, handsOverTo, type Wrapper, wrapperFlags, wrapperShell } from '../src/core/facts.js';

/**
 * An init in front of the shell that sends signals to the whole process group, so the server
 * gets SIGTERM even as the shell's child: dumb-init by default (unless `-c`/`--single-child`),
 * tini with `-g` or TINI_KILL_PROCESS_GROUP.
 */
function signalsProcessGroup(wrapper: Wrapper, env: ReadonlyMap<string, string | undefined>): boolean {
  const name = basename(wrapper.word.value);
  const flags = wrapperFlags(wrapper);
  if (name === 'dumb-init') return !flags.has('-c') && !flags.has('--single-child');
  if (name === 'tini' || name === 'tini-static') return flags.has('-g') || env.has('TINI_KILL_PROCESS_GROUP');
  return false;
}

export const shellWrapperExec = defineRule({
  code: 'FDL012',
  name: 'shell-wrapper-exec',
  severity: 'warning',
  summary: 'An exec-form `sh -c` wrapper starts the server with `exec`',
  fixable: 'safe',
  messages: {
    noExec: '`{{shell}} -c` runs `{{server}}` as its child and does not pass on SIGTERM. Start the server with `exec`{{alternative}}.',
  },
  docs: {
    description:
      'Reports an exec-form CMD or ENTRYPOINT that only wraps a shell (`["sh", "-c", "uvicorn ..."]`, bash too) where the server command inside the script is not started with `exec`. Not reported when the shell hands its process over to the server: bash, or `sh` on an image whose `/bin/sh` is BusyBox (the `-alpine` images), running the server as the last simple command (no pipe, `&`, subshell, compound command, redirection or `trap`); on an image whose `/bin/sh` is unknown, `sh` is taken to be dash, which does not. Not reported either when an init in front of the shell signals the whole process group, so the server gets SIGTERM anyway: `dumb-init` (its default, unless `--single-child`), or `tini -g` / `TINI_KILL_PROCESS_GROUP`.',
    why: 'The exec form avoids `/bin/sh -c` only if you do not put it back. With `["sh", "-c", "..."]`, the shell is PID 1 again and the server its child: SIGTERM from `docker stop` reaches the shell, which does not forward it, so the server never shuts down gracefully and is killed after the timeout. dash (the `/bin/sh` of the official Debian-based python images) never hands over; bash and BusyBox\'s sh (the `-alpine` images) replace themselves with the last simple command of the script, so `["bash", "-c", "uvicorn ..."]` and, on Alpine, `["sh", "-c", "uvicorn ..."]` already make the server the process and are not reported. `exec` makes it certain on every shell.\n\nThe wrapper has a common, legitimate use: expanding `$PORT` (Cloud Run, Heroku). Keep it and add `exec`:\n\n```dockerfile\nCMD ["sh", "-c", "exec uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}"]\n```\n\nor drop the shell, since uvicorn reads every option from the environment (`UVICORN_PORT`):\n\n```dockerfile\nENV UVICORN_HOST=0.0.0.0\nCMD ["uvicorn", "main:app"]   # run with -e UVICORN_PORT=$PORT\n```',
    bad: 'FROM python:3.12\nWORKDIR /app\nCOPY . /app\nCMD ["sh", "-c", "alembic upgrade head && uvicorn main:app --host 0.0.0.0 --port $PORT"]',
    good: 'FROM python:3.12\nWORKDIR /app\nCOPY . /app\nCMD ["sh", "-c", "alembic upgrade head && exec uvicorn main:app --host 0.0.0.0 --port $PORT"]',
    fixSafety:
      'Safe when the server is the last command of the script: `exec` is inserted in front of it, so the shell replaces itself with the server instead of waiting for it. Nothing runs after the last command, so nothing is skipped. When commands follow the server (or it is in a pipeline), there is no fix.',
    guideItems: [4, 9],
    references: ['https://docs.docker.com/reference/dockerfile/#exec-form-entrypoint-example'],
  },
  check({ facts, report }) {
    const server = facts.server;
    if (server?.instruction.command?.form !== 'exec') return;
    const wrappers = server.invocation.wrappers;
    const shellIndex = wrappers.findIndex((wrapper) => wrapper.kind === 'shell');
    if (shellIndex === -1) return;
    // Every shell in the chain must hand over to what it runs with `exec`.
    const unexeced = wrappers.findIndex((wrapper, index) => wrapper.kind === 'shell' && wrappers[index + 1]?.kind !== 'exec');
    if (unexeced === -1) return;
    const shell = wrappers[unexeced];
    if (wrappers.slice(0, unexeced).some((wrapper) => signalsProcessGroup(wrapper, server.env))) return;
    const command = server.invocation.command;
    const onlyShell = wrappers.filter((wrapper) => wrapper.kind === 'shell').length === 1;
    // bash and BusyBox's sh replace themselves with the last command of `-c`: the server is the process.
    if (onlyShell && shell.script?.commands.includes(command) && handsOverTo(wrapperShell(server.instruction, shell.word.value), shell.script, command)) return;
    const fixable =
      onlyShell &&
      unexeced === shellIndex &&
      command.isLast &&
      command.argv.length > 0 &&
      !wrappers.slice(shellIndex + 1).some((wrapper) => wrapper.kind === 'exec');
    const usesPort = /\$\{?PORT\b/.test(shell.script?.commands.flatMap((found) => found.argv.map((word) => word.value)).join(' ') ?? '');
    const first = command.argv[0];
    report({
      messageId: 'noExec',
      data: {
        shell: shell.word.value.slice(shell.word.value.lastIndexOf('/') + 1),
        server: server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind,
        alternative: usesPort && server.kind === 'uvicorn' ? ', or drop the shell and set `UVICORN_PORT`' : '',
      },
      range: { start: server.invocation.programWord.start, end: server.invocation.programWord.end },
      fix: fixable ? { title: 'Start the server with exec', edits: [{ start: first.start, end: first.start, text: 'exec ' }] } : undefined,
    });
  },
});
