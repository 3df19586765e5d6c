/**
 * System packages a RUN installs and removes with apt (Debian, Ubuntu) or apk (Alpine), so rules
 * can ask "does the image get curl?" or "are compilers left in the final stage?".
 */
import { basename, type Invocation } from './invocation.js';
import type { ShellWord } from './shell.js';
import type { InstructionModel } from './types.js';

export interface SystemPackage {
  /** The package name without a version or architecture (`gcc`, `libpq-dev`). */
  name: string;
  word: ShellWord;
  /** apk `--virtual NAME`: the group the package was added under. */
  virtual: string | undefined;
}

export interface SystemPackageCommand {
  manager: 'apt' | 'apk';
  action: 'install' | 'remove';
  invocation: Invocation;
  packages: SystemPackage[];
}

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const APT_INSTALL = new Set(['install']);
const APT_REMOVE = new Set(['remove', 'purge', 'autoremove']);
/** apt options that take a separate value. */
const APT_WITH_VALUE = new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file']);
/** apk options that take a separate value. */
const APK_WITH_VALUE = new Set(['-t', '--virtual', '-X', '--repository', '--root', '-p', '--arch', '--cache-dir', '--keys-dir', '--repositories-file']);

function packageName(word: string): string {
  // `curl=8.5.0-2`, `gcc:amd64`, `curl>8`, `curl~8`, `gcc<14`.
  return word.split(/[=:<>~]/)[0].toLowerCase();
}

/** The apt or apk install or removal an invocation performs, if it is one. */
export function systemPackageCommand(invocation: Invocation): SystemPackageCommand | undefined {
  const program = basename(invocation.program);
  const manager = APT.has(program) ? 'apt' : program === 'apk' ? 'apk' : undefined;
  if (!manager) return undefined;
  const withValue = manager === 'apt' ? APT_WITH_VALUE : APK_WITH_VALUE;
  let action: SystemPackageCommand['action'] | undefined;
  let virtual: string | undefined;
  const packages: SystemPackage[] = [];
  const args = invocation.args;
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    const value = word.value;
    if (value.startsWith('-')) {
      const eq = value.indexOf('=');
      const name = eq === -1 ? value : value.slice(0, eq);
      const optionValue = eq === -1 ? (withValue.has(name) ? args[++index]?.value : undefined) : value.slice(eq + 1);
      if (manager === 'apk' && (name === '-t' || name === '--virtual')) virtual = optionValue;
      continue;
    }
    if (action === undefined) {
      if (manager === 'apt') action = APT_INSTALL.has(value) ? 'install' : APT_REMOVE.has(value) ? 'remove' : undefined;
      else action = value === 'add' ? 'install' : value === 'del' ? 'remove' : undefined;
      if (action === undefined) return undefined;
      continue;
    }
    if (word.expands) continue;
    packages.push({ name: packageName(value), word, virtual });
  }
  if (action === undefined) return undefined;
  // `apk add --virtual .deps gcc make`: every package joins the group `apk del .deps` removes.
  if (manager === 'apk' && action === 'install' && virtual !== undefined) {
    for (const found of packages) found.virtual = virtual;
  }
  return { manager, action, invocation, packages };
}

/** The packages a RUN installs and does not remove again in the same RUN. */
export function packagesKept(instruction: InstructionModel): SystemPackage[] {
  const commands = (instruction.command?.invocations ?? []).map(systemPackageCommand).filter((found) => found !== undefined);
  const removed = new Set(
    commands.filter((found) => found.action === 'remove').flatMap((found) => found.packages.map((removedPackage) => removedPackage.name)),
  );
  return commands
    .filter((found) => found.action === 'install')
    .flatMap((found) => found.packages)
    .filter((kept) => !removed.has(kept.name) && !(kept.virtual !== undefined && removed.has(kept.virtual.toLowerCase())));
}
