/**
 * The users a Dockerfile creates (`useradd`, `adduser`) and their home directories, so that `~`
 * and pip's cache under `USER app` mean `/home/app`, not root's home.
 */
import { resolvePath } from './build.js';
import { basename } from './invocation.js';
import type { ShellWord } from './shell.js';
import { stageLineage } from './stages.js';
import type { InstructionModel, Stage } from './types.js';
import { substitute } from './variables.js';

export interface CreatedUser {
  name: string;
  uid: string | undefined;
  /** The home directory /etc/passwd will hold, `undefined` when the command does not settle it. */
  home: string | undefined;
  /** Where the creating command is, for "created before this instruction". */
  at: number;
}

/** useradd's options that take a value (shadow-utils). */
const USERADD_VALUES = new Set([
  '-b',
  '--base-dir',
  '-c',
  '--comment',
  '-d',
  '--home-dir',
  '-e',
  '--expiredate',
  '-f',
  '--inactive',
  '-g',
  '--gid',
  '-G',
  '--groups',
  '-k',
  '--skel',
  '-K',
  '--key',
  '-p',
  '--password',
  '-R',
  '--root',
  '-P',
  '--prefix',
  '-s',
  '--shell',
  '-u',
  '--uid',
  '-Z',
  '--selinux-user',
  '--btrfs-subvolume-home',
]);
/** adduser's options that take a value: Debian's long ones and BusyBox's short ones. */
const ADDUSER_VALUES = new Set([
  '--home',
  '--shell',
  '--uid',
  '--gid',
  '--ingroup',
  '--gecos',
  '--comment',
  '--firstuid',
  '--lastuid',
  '--conf',
  '--add-extra-groups',
  '-h',
  '-g',
  '-s',
  '-G',
  '-u',
  '-k',
]);

/** `--name value`, `--name=value` and `-nVALUE` read from the words, in order. */
function readOptions(words: string[], takesValue: Set<string>): { options: Map<string, string | undefined>; positionals: string[] } {
  const options = new Map<string, string | undefined>();
  const positionals: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const value = words[index];
    if (!value.startsWith('-') || value === '-') {
      positionals.push(value);
      continue;
    }
    const eq = value.indexOf('=');
    if (value.startsWith('--') && eq !== -1) options.set(value.slice(0, eq), value.slice(eq + 1));
    else if (takesValue.has(value)) options.set(value, words[++index]);
    else if (!value.startsWith('--') && value.length > 2 && takesValue.has(value.slice(0, 2))) options.set(value.slice(0, 2), value.slice(2));
    else options.set(value, undefined);
  }
  return { options, positionals };
}

/**
 * The user one `useradd` or `adduser` invocation creates, if it names one we can read: its words
 * with the ARG and ENV values of the RUN substituted (`useradd -m $USER_NAME`).
 */
function readUserCreation(program: string, words: ShellWord[], instruction: InstructionModel): CreatedUser | undefined {
  const args: string[] = [];
  for (const word of words) {
    const value = word.expands ? substitute(word.value, instruction.buildScope) : word.value;
    if (value === undefined || value.includes('$') || value.includes('`')) return undefined;
    args.push(value);
  }
  const at = instruction.range.start;
  if (program === 'useradd') {
    const { options, positionals } = readOptions(args, USERADD_VALUES);
    const name = positionals[positionals.length - 1];
    if (!name) return undefined;
    const explicit = options.get('-d') ?? options.get('--home-dir');
    const base = options.get('-b') ?? options.get('--base-dir') ?? '/home';
    // Without -d the passwd entry says BASE/NAME, created or not (-m, -M, -r change only that).
    const home = explicit !== undefined ? absolute(explicit) : absolute(`${base.replace(/\/+$/, '')}/${name}`);
    return { name, uid: options.get('-u') ?? options.get('--uid'), home, at };
  }
  if (program === 'adduser') {
    const { options, positionals } = readOptions(args, ADDUSER_VALUES);
    // Debian's `adduser USER GROUP` adds a user to a group; BusyBox's takes `USER [GROUP]` too.
    const name = positionals[0];
    if (!name) return undefined;
    const explicit = options.get('--home') ?? options.get('-h');
    // Debian gives a system user /nonexistent unless told otherwise; not settled here.
    const system = options.has('--system') || options.has('-S');
    const home = explicit !== undefined ? absolute(explicit) : system ? undefined : `/home/${name}`;
    return { name, uid: options.get('--uid') ?? options.get('-u'), home, at };
  }
  return undefined;
}

function absolute(path: string): string | undefined {
  return path.startsWith('/') ? resolvePath('/', path) : undefined;
}

const usersByStage = new WeakMap<Stage, CreatedUser[]>();

/** The users a stage's own RUNs create, in order (found once per stage). */
function usersCreatedIn(stage: Stage): CreatedUser[] {
  let found = usersByStage.get(stage);
  if (!found) {
    found = [];
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const invocation of instruction.command?.invocations ?? []) {
        const program = basename(invocation.program);
        if (program !== 'useradd' && program !== 'adduser') continue;
        const user = readUserCreation(program, invocation.args, instruction);
        if (user) found.push(user);
      }
    }
    usersByStage.set(stage, found);
  }
  return found;
}

/**
 * The user a `USER` value names (`app`, `app:app`, `10001`), as created by the Dockerfile before
 * `instruction`, in its stage or a stage it is built FROM; the last creation wins.
 */
export function createdUser(instruction: InstructionModel, user: string): CreatedUser | undefined {
  const wanted = user.split(':')[0].trim();
  if (wanted === '') return undefined;
  let match: CreatedUser | undefined;
  for (const stage of stageLineage(instruction.stage)) {
    for (const created of usersCreatedIn(stage)) {
      if (created.at >= instruction.range.start && stage === instruction.stage) continue;
      if (created.name === wanted || created.uid === wanted) match = created;
    }
  }
  return match;
}
