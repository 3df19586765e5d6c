import { defineRule } from '../src/core/rule.js';
import {
  commandsRun,
  describeFeatures,
  handsOverTo,
  type InstructionModel,
  isShellOnlyName,
  type JsonLikeProblem,
  readJsonLike,
  readWrapper,
  scriptInvocations,
  serverCommand,
  shellFormShell,
  type ShellKind,
  type ShellScript,
  type ShellWord,
  type SimpleCommand,
  WRAPPERS,
} from '../src/core/facts.js';
import type { Fix, Report } from '../src/core/rule.js';

/** Why a JSON-like array is not JSON, in words for the message. */
const JSON_PROBLEMS: Record<Exclude<JsonLikeProblem, 'not-strings'>, string> = {
  'single-quotes': 'JSON strings take double quotes',
  'trailing-comma': 'JSON allows no comma after the last string',
  'trailing-comment': 'a comment must be a line of its own',
  other: 'it does not parse as JSON',
};

/**
 * A JSON-like CMD or ENTRYPOINT: what is wrong, what really happens, and, when what it meant is
 * clear, the fix. BuildKit refuses a JSON array of non-strings; anything else that is not JSON
 * goes to `/bin/sh -c` as text, whose first word (`[uvicorn,`) names no program.
 */
function jsonLikeReport(
  instruction: InstructionModel,
  range: { start: number; end: number },
  eol: string,
): Report<'jsonNotStrings' | 'jsonNotFound' | 'jsonTestCommand'> {
  const keyword = instruction.keyword;
  const reading = readJsonLike(instruction.body);
  if (reading.problems.includes('not-strings')) {
    // `["--port", 8000]`: a number quoted is what was meant; anything else is a guess.
    const values = JSON.parse(instruction.body.text) as unknown[];
    const quoted = values.every((value) => typeof value === 'string' || typeof value === 'number')
      ? `[${values.map((value) => JSON.stringify(String(value))).join(', ')}]`
      : undefined;
    const fix: Fix | undefined = quoted ? { title: 'Quote the numbers', edits: [{ ...range, text: quoted }] } : undefined;
    return { messageId: 'jsonNotStrings', data: { keyword, remedy: quoted ? `Write ${keyword} ${quoted}` : 'Quote every element' }, range, fix };
  }
  const why = reading.problems.map((problem) => JSON_PROBLEMS[problem as Exclude<JsonLikeProblem, 'not-strings'>]).join('; ');
  let fix: Fix | undefined;
  let execForm = '';
  // An array that starts with a shell builtin (`['eval', ...]`) was never a command a container
  // runs; and the exec form of an ENTRYPOINT appends the stage's CMD, which the shell form ignored.
  const clear = reading.intended && reading.intended.length > 0 && !isShellOnlyName(reading.intended[0].value) && !entrypointWithCmd(instruction);
  if (reading.intended && clear) {
    execForm = jsonArray(reading.intended);
    // A trailing comment moves to a line of its own above the instruction, as Dockerfiles write them.
    const comment = reading.comment;
    const edits = comment
      ? [
          { start: instruction.range.start, end: instruction.range.start, text: `${comment.text}${eol}` },
          { ...range, text: execForm },
        ]
      : [{ ...range, text: execForm }];
    fix = { title: `Write ${keyword} as a JSON array`, edits };
  }
  const remedy = execForm
    ? `Write ${keyword} ${execForm}`
    : reading.intended && reading.intended.length > 0
      ? `Write it with double quotes`
      : `Write it as a JSON array of double-quoted strings`;
  // The text starts with `[`, so the shell's first word does too: `[` alone is the test command.
  const first = instruction.command?.script?.commands[0]?.argv[0]?.value ?? '[';
  if (first === '[') return { messageId: 'jsonTestCommand', data: { keyword, why, remedy }, range, fix };
  return { messageId: 'jsonNotFound', data: { keyword, why, program: first, remedy }, range, fix };
}

/** The argv of a command when no shell is needed to run it, else undefined. */
function plainArgv(script: ShellScript): ShellWord[] | undefined {
  if (script.features.size > 0 || script.commands.length !== 1) return undefined;
  const [only] = script.commands;
  if (only.assignments.length > 0 || only.redirects.length > 0) return undefined;
  if (only.argv.some((word) => word.expands || word.globs)) return undefined;
  return only.argv;
}

function jsonArray(argv: ShellWord[]): string {
  return `[${argv.map((word) => JSON.stringify(word.value)).join(', ')}]`;
}

/**
 * Whether a top-level command replaces the shell with its program (`exec uvicorn ...`), so that
 * program is PID 1 once the shell reaches it. A shell it execs must in turn exec its server.
 */
function handsOverWithExec(command: SimpleCommand): boolean {
  const [first, ...rest] = command.argv;
  if (!first || first.quoted || first.value !== 'exec' || !readWrapper(WRAPPERS.exec, rest)) return false;
  return scriptInvocations({ commands: [command], features: new Set() }).every((invocation) =>
    invocation.wrappers.every((wrapper, index, all) => wrapper.kind !== 'shell' || all[index + 1]?.kind === 'exec'),
  );
}

/** A shell-form ENTRYPOINT ignores CMD; in exec form it would get CMD appended as arguments. */
function entrypointWithCmd(instruction: InstructionModel): boolean {
  return instruction.keyword === 'ENTRYPOINT' && (instruction.stage?.instructions.some((other) => other.keyword === 'CMD') ?? false);
}

const SHELL_NAMES: Record<ShellKind, string> = { bash: 'bash', busybox: "BusyBox's sh", dash: 'dash' };

/** The program the shell runs last, as written, for the message. */
function programName(instruction: InstructionModel): string {
  const invocations = instruction.command?.invocations ?? [];
  const last = invocations[invocations.length - 1];
  return last ? last.program : 'the command';
}

export const cmdExecForm = defineRule({
  code: 'FDL001',
  name: 'cmd-exec-form',
  severity: 'error',
  summary: 'CMD and ENTRYPOINT use the exec form, so the server is PID 1 and gets SIGTERM',
  fixable: 'safe',
  messages: {
    shellForm: '{{keyword}} in shell form runs `{{program}}` under /bin/sh, which does not pass on SIGTERM. Use the exec form: {{keyword}} {{execForm}}.',
    shellFormNeedsShell:
      '{{keyword}} in shell form runs `{{program}}` under /bin/sh, which does not pass on SIGTERM. It needs the shell ({{why}}): {{remedy}}.',
    entrypointWithCmd:
      'ENTRYPOINT in shell form runs `{{program}}` as a child of /bin/sh and ignores CMD. The exec form would append CMD as arguments: decide which you mean.',
    jsonNotFound: '{{keyword}} is not JSON ({{why}}), so /bin/sh looks for a program `{{program}}`: the container exits with "not found". {{remedy}}.',
    jsonTestCommand: '{{keyword}} is not JSON ({{why}}), so /bin/sh runs its `[` test command and the container exits. {{remedy}}.',
    jsonNotStrings: '{{keyword}} is a JSON array holding more than strings, which BuildKit refuses to build. {{remedy}}.',
    handsOver: '{{shell}} runs `{{program}}` in its own place, so it gets SIGTERM. The exec form does not depend on that: {{keyword}} {{execForm}}.',
    execAlready: '`exec` already makes `{{program}}` PID 1; the exec form does the same without needing /bin/sh in the image: {{keyword}} {{execForm}}.',
  },
  docs: {
    description:
      'Reports CMD and ENTRYPOINT written in shell form, or written as something that looks like a JSON array but is not JSON: single quotes, a comma after the last string, a `# comment` after the `]` (Dockerfile comments are lines of their own), a missing bracket. Docker runs such a line through `/bin/sh -c` as text, so `/bin/sh` looks for a program named after its first word, `[uvicorn,`, and the container exits at once with "not found" (with a space after the bracket, `[` is the shell\'s test command, which fails just the same). The message says which of these it is and what the line was meant to be; rules about the server (FDL006, FDL007 and the others) judge that intended command too, so fixing the quotes brings no surprise. A JSON array holding a number (`["--port", 8000]`) is JSON, but BuildKit refuses to build it: that is reported too. A shell form that starts its program with `exec` (`CMD exec uvicorn main:app --port $PORT`) is not an error: the shell replaces itself with the program, which is PID 1 and receives SIGTERM. When such a line needs no shell at all, an info note offers the exec form, which does the same without needing `/bin/sh` in the image.\n\nOnly a CMD or ENTRYPOINT that some container runs is judged: the one in effect in the final stage, in a stage that a Compose service builds with `build.target`, or in a stage no other stage uses (built with `--target`). One that a later stage replaces, or in a stage that others only build on or copy from, runs nowhere.\n\nWhich shell runs the line matters, and the rule tells it this way: a `SHELL` instruction names it; otherwise it is the base image\'s `/bin/sh`, which is dash on the official `python:3.x` and `-slim` images (Debian) and BusyBox on the `-alpine` ones. bash and BusyBox hand their process over to the last simple command of the line (no pipe, `&`, subshell, compound command, redirection of it or `trap`), so that command is PID 1 and gets SIGTERM: then the finding is only an info note offering the exec form, or nothing when the line needs the shell. dash never hands over, so on Debian-based images the error stands. On a base image whose shell is unknown (an organisation\'s own image, an ARG), the rule keeps the error: most such images are Debian or Ubuntu based, whose `/bin/sh` is dash, and the exec form is right on every image; if yours is Alpine-based, the finding is still the cheapest way to stop depending on it.',
    why: 'In shell form Docker starts `/bin/sh -c "<your command>"`. The shell becomes PID 1 and your server its child. `docker stop` sends SIGTERM to PID 1 only; `sh` does not forward it, so Uvicorn never hears it, FastAPI\'s lifespan shutdown (closing database pools, flushing queues) never runs, and after 10 seconds Docker kills the container. With Docker Compose every `docker compose stop` or redeploy hangs for those 10 seconds.\n\nWhen the command needs the shell (`$PORT`, `&&`, a redirection), start the server with `exec`, so the shell hands PID 1 over to it: `CMD alembic upgrade head && exec uvicorn main:app --host 0.0.0.0 --port $PORT`. `exec` does not help inside a pipeline (`uvicorn ... | tee log`) or in the background (`&`): there, move the command into an entrypoint script that ends with `exec`.\n\nUnlike BuildKit\'s `JSONArgsRecommended` check, this rule still looks at a stage that sets `SHELL` (usually there for `RUN`\'s `pipefail`): with `SHELL ["/bin/bash", "-c"]` a plain line is handed over to the server, so only the info note remains; a line that keeps bash as the parent (a pipe, a redirection) is still an error.',
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety:
      "Safe. The fix rewrites the arguments as a JSON array only when the command uses no shell syntax at all (no `&&`, `;`, pipes, redirections, `$VARIABLES`, globs, `~`, subshells, `VAR=value` prefixes or the `time` and `!` keywords), so the same program runs with the same arguments, only without the shell in front. A leading `exec` or `command` is dropped, since in exec form the program is started directly; the array never starts with a shell builtin or keyword (`exec`, `eval`, `cd`, `export`, `source`, `.`, `set`, `if`, ...), which no container could run. Otherwise there is no fix: start the server with `exec`, or write an entrypoint script that ends with `exec` and run it in exec form. A JSON-like array is rewritten as JSON when what it was meant to hold is clear: strings in single quotes or double quotes, with at most a comma after the last one and a comment after the `]`, which moves to a line of its own above the instruction; a number in a JSON array is quoted. The container could not start before, and runs what the line says after. There is no fix when a string in single quotes holds a backslash, or a bracket or quote is missing: what was meant is a guess. Nor is an ENTRYPOINT in a stage that also has a CMD, whose exec form would append the CMD that the shell form ignored, or an array whose first word is a shell builtin (`['eval', ...]`). Nor is an ENTRYPOINT in a stage that also has a CMD: the shell form ignores CMD, the exec form appends it, so the rewrite would change the command.",
    guideItems: [4],
    references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form'],
  },
  check({ model, project, report }) {
    // The server the container starts, found once (only a shell form needs it).
    let server: ReturnType<typeof serverCommand> | null = null;
    // A CMD that a later stage replaces, or of a stage only built on, runs in no container.
    const run = commandsRun(model, project?.composeTargets);
    for (const instruction of model.instructions) {
      if ((instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') || !run.has(instruction)) continue;
      const command = instruction.command;
      if (!command || command.form === 'exec' || instruction.body.text === '') continue;
      const range = { start: instruction.body.offsets[0], end: instruction.body.offsets[instruction.body.text.length] };
      const keyword = instruction.keyword;
      if (command.form === 'json-like-invalid' || !command.script) {
        report(jsonLikeReport(instruction, range, model.source.eol));
        continue;
      }
      const script = command.script;
      const program = programName(instruction);
      const argv = plainArgv(script);
      // In a pipeline, in the background or in a subshell, an `exec` replaces a child, not the shell.
      const forks = script.features.has('pipe') || script.features.has('background') || script.features.has('subshell');
      if (!forks && script.commands.some(handsOverWithExec)) {
        // The program replaces the shell and is PID 1: nothing is wrong. Without any shell syntax,
        // the exec form does the same and needs no /bin/sh.
        const inner = argv && readWrapper(WRAPPERS.exec, argv.slice(1));
        if (!argv || !inner || argv.length - 1 !== inner.program.length || isShellOnlyName(inner.program[0].value) || entrypointWithCmd(instruction)) continue;
        const execForm = jsonArray(inner.program);
        report({
          messageId: 'execAlready',
          data: { keyword, program, execForm },
          range,
          severity: 'info',
          fix: { title: `Drop \`exec\`: write ${keyword} in exec form`, edits: [{ ...range, text: execForm }] },
        });
        continue;
      }
      // `command uvicorn ...` runs uvicorn, bypassing shell functions; exec form has none.
      let programArgv = argv;
      if (argv?.[0]?.value === 'command' && !argv[0].quoted) programArgv = argv.length > 1 && !argv[1].value.startsWith('-') ? argv.slice(1) : undefined;
      if (programArgv && (programArgv.length === 0 || isShellOnlyName(programArgv[0].value))) programArgv = undefined;
      const shell = shellFormShell(instruction);
      // The shell must hand over to the server (or, when no server is known here, to its only command).
      if (server === null) server = serverCommand(model);
      const target = server?.instruction === instruction ? server.invocation.command : script.commands.length === 1 ? script.commands[0] : undefined;
      const handsOver = shell !== undefined && target !== undefined && handsOverTo(shell, script, target);
      if (entrypointWithCmd(instruction) && script.features.size === 0) {
        report({ messageId: 'entrypointWithCmd', data: { program }, range });
      } else if (handsOver && shell) {
        // bash or BusyBox replaces itself with the last command: the server is PID 1 already.
        if (!programArgv) continue;
        const execForm = jsonArray(programArgv);
        report({
          messageId: 'handsOver',
          data: { shell: SHELL_NAMES[shell], keyword, program, execForm },
          range,
          severity: 'info',
          fix: { title: `Write ${keyword} in exec form`, edits: [{ ...range, text: execForm }] },
        });
      } else if (programArgv) {
        const execForm = jsonArray(programArgv);
        report({
          messageId: 'shellForm',
          data: { keyword, program, execForm },
          range,
          fix: { title: `Write ${keyword} in exec form`, edits: [{ ...range, text: execForm }] },
        });
      } else {
        const features = describeFeatures(script.features);
        const builtin = script.commands.find((found) => found.argv[0] && isShellOnlyName(found.argv[0].value));
        const why =
          features !== '' ? `it uses ${features}` : builtin ? `\`${builtin.argv[0].value}\` is a shell builtin` : 'it sets variables or redirects output';
        const remedy =
          script.features.has('pipe') || script.features.has('background')
            ? 'move it into an entrypoint script that ends with `exec`'
            : script.features.size === 1 && script.features.has('keyword')
              ? 'drop it and use the exec form'
              : `start \`${program}\` with \`exec\``;
        report({ messageId: 'shellFormNeedsShell', data: { keyword, program, why, remedy }, range });
      }
    }
  },
});
