import type { Rule } from '../src/rule.js';
import type { InstructionModel } from '../src/model/types.js';
import { describeFeatures } from '../src/model/shell.js';

const SIGNALS =
  'the server is not PID 1, never receives SIGTERM, FastAPI\'s lifespan shutdown never runs, and `docker stop` or `docker compose stop` waits 10 s and then kills it';

/** The exec-form array for a shell-form command that a shell is not needed for, or undefined. */
function execFormFor(instruction: InstructionModel): string | undefined {
  const command = instruction.command;
  // A shell-form ENTRYPOINT ignores CMD; in exec form it would get CMD appended as arguments.
  if (instruction.keyword === 'ENTRYPOINT' && instruction.stage?.instructions.some((other) => other.keyword === 'CMD')) return undefined;
  if (!command || command.form !== 'shell' || !command.script) return undefined;
  const { script } = command;
  if (script.features.size > 0 || script.commands.length !== 1) return undefined;
  const [only] = script.commands;
  if (only.assignments.length > 0 || only.redirects.length > 0) return undefined;
  if (only.argv.some((word) => word.expands || word.globs)) return undefined;
  return `[${only.argv.map((word) => JSON.stringify(word.value)).join(', ')}]`;
}

export const cmdExecForm: Rule = {
  code: 'FDL001',
  name: 'cmd-exec-form',
  severity: 'error',
  summary: 'CMD and ENTRYPOINT use the exec form, so the server is PID 1 and gets SIGTERM',
  fixable: true,
  messages: {
    shellForm: `{{keyword}} uses the shell form, so Docker runs it through /bin/sh -c: ${SIGNALS}. Write it in exec form: {{keyword}} {{execForm}}.`,
    shellFormNeedsShell: `{{keyword}} uses the shell form, so Docker runs it through /bin/sh -c: ${SIGNALS}. The command needs the shell ({{why}}): move it into an entrypoint script that ends with \`exec <server command>\` and run that script in exec form.`,
    entrypointWithCmd: `ENTRYPOINT uses the shell form, so Docker runs it through /bin/sh -c: ${SIGNALS}. Write it in exec form, but note that this stage also has a CMD, which a shell-form ENTRYPOINT ignores and an exec-form one receives as arguments: move those arguments where they belong first.`,
    jsonInvalid: `{{keyword}} looks like exec form but is not a valid JSON array of strings ({{why}}), so Docker silently runs it through /bin/sh -c: ${SIGNALS}. Write a JSON array of double-quoted strings, e.g. {{keyword}} ["fastapi", "run", "app/main.py"].`,
  },
  docs: {
    description:
      'Reports CMD and ENTRYPOINT written in shell form, or written as something that looks like a JSON array but is not one (single quotes, a trailing comma, a number), which Docker also runs through `/bin/sh -c`.',
    why:
      'In shell form Docker starts `/bin/sh -c "<your command>"`. The shell becomes PID 1 and your server its child. `docker stop` sends SIGTERM to PID 1 only; `sh` does not forward it, so Uvicorn never hears it, FastAPI\'s lifespan shutdown (closing database pools, flushing queues) never runs, and after 10 seconds Docker kills the container. With Docker Compose every `docker compose stop` or redeploy hangs for those 10 seconds.\n\nUnlike BuildKit\'s `JSONArgsRecommended` check, this rule still fires when the stage sets `SHELL`: that is usually there for `RUN`\'s `pipefail`, and the server is still wrapped in a shell.',
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety:
      'Safe. The fix rewrites the arguments as a JSON array only when the command uses no shell syntax at all (no `&&`, `;`, pipes, redirections, `$VARIABLES`, globs, `~`, subshells or `VAR=value` prefixes), so the same program runs with the same arguments, only without the shell in front. Otherwise there is no fix: write an entrypoint script that ends with `exec` and run it in exec form. A JSON-like array that is invalid (e.g. single quotes) is not rewritten either, since what it was meant to say is a guess. Nor is an ENTRYPOINT in a stage that also has a CMD: the shell form ignores CMD, the exec form appends it, so the rewrite would change the command.',
    guideItems: [4],
    references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form'],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
      const command = instruction.command;
      if (!command || command.form === 'exec' || instruction.body.text === '') continue;
      const range = { start: instruction.body.offsets[0], end: instruction.body.offsets[instruction.body.text.length] };
      const keyword = instruction.keyword;
      if (command.form === 'json-like-invalid') {
        const why = instruction.body.text.includes("'") ? 'JSON strings need double quotes' : 'it does not parse as JSON';
        report({ messageId: 'jsonInvalid', data: { keyword, why }, range });
        continue;
      }
      const execForm = execFormFor(instruction);
      if (execForm) {
        report({ messageId: 'shellForm', data: { keyword, execForm }, range, fix: { edits: [{ ...range, text: execForm }] } });
      } else if (keyword === 'ENTRYPOINT' && instruction.stage?.instructions.some((other) => other.keyword === 'CMD') && command.script?.features.size === 0) {
        report({ messageId: 'entrypointWithCmd', data: { keyword }, range });
      } else {
        const features = describeFeatures(command.script?.features ?? []);
        const why = features !== '' ? `it uses ${features}` : 'it sets variables or redirects output';
        report({ messageId: 'shellFormNeedsShell', data: { keyword, why }, range });
      }
    }
  },
};
