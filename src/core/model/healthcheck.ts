/**
 * HEALTHCHECK instructions: whether a stage has one in effect (inherited from the stages it is
 * built FROM), and which programs its command runs.
 */
import { parseExecForm } from './exec-form.js';
import { argvInvocations, scriptInvocations, type Invocation } from './invocation.js';
import { parseShell } from './shell.js';
import type { MappedText } from './source.js';
import type { InstructionModel, Stage } from './types.js';

export interface HealthcheckModel {
  instruction: InstructionModel;
  /** `HEALTHCHECK NONE`: turns off a check inherited from the base image. */
  disabled: boolean;
  /** The programs `HEALTHCHECK CMD ...` runs (through `sh -c`, which Docker adds for the shell form). */
  invocations: Invocation[];
}

export function readHealthcheck(instruction: InstructionModel): HealthcheckModel {
  const body = instruction.body;
  const keyword = /^(\S+)/.exec(body.text)?.[1]?.toUpperCase();
  if (keyword !== 'CMD') return { instruction, disabled: keyword === 'NONE', invocations: [] };
  const start = body.text.slice(3).search(/\S/);
  if (start === -1) return { instruction, disabled: false, invocations: [] };
  const args: MappedText = { text: body.text.slice(3 + start), offsets: body.offsets.slice(3 + start) };
  const exec = parseExecForm(args);
  const invocations =
    exec.form === 'exec'
      ? argvInvocations({ assignments: [], argv: exec.words, redirects: [], heredocs: [], isLast: true })
      : scriptInvocations(parseShell(args));
  return { instruction, disabled: false, invocations };
}

/** The HEALTHCHECK in effect at the end of a stage (its own last one, else its base stage's). */
export function effectiveHealthcheck(stage: Stage | undefined): HealthcheckModel | undefined {
  for (let current = stage; current; current = current.baseStage) {
    const last = current.instructions.filter((instruction) => instruction.keyword === 'HEALTHCHECK').pop();
    if (last) return readHealthcheck(last);
  }
  return undefined;
}
