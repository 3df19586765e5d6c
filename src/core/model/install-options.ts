/**
 * The options of a package install or export, read by each tool's grammar as `WrapperGrammar`
 * reads wrappers: which options take a value (`--only main`, `--only=main`, `-E x`), which are
 * flags, which names are aliases of one another (uv's `-n` and `--no-cache-dir` are
 * `--no-cache`), and where the options end (`--`). Rules ask `has('--locked')` or
 * `values('--without')` instead of matching words themselves, and so do not take the value of
 * `--package --locked` for a flag, or miss `--no-group=dev`.
 */
import type { ShellWord } from './shell.js';

export interface InstallGrammar {
  /** Options that take a value, in the next word or attached (`--opt=value`, `-Evalue`). */
  valueOptions: readonly string[];
  /** Other names for an option, mapped to the name rules ask for. */
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedOption {
  /** The name as rules ask for it (aliases resolved): `--no-cache`, `--only`. */
  name: string;
  /** The word that holds the option (for `-qr x`, the whole cluster). */
  word: ShellWord;
  /** The option's value (an attached one as the slice of its word), for options that take one. */
  value: ShellWord | undefined;
}

export interface InstallOptions {
  readonly options: readonly ParsedOption[];
  /** Whether any of the options is given (a flag, or an option with a value). */
  has(...names: string[]): boolean;
  /** The first of the options given, by the word that holds it. */
  find(...names: string[]): ParsedOption | undefined;
  /** Every value given to an option, split at commas (`--without=dev,test`, `--without docs`). */
  values(name: string): string[];
}

/** pip's (and uv pip's) options whose value is the next word, apart from the files they read. */
export const PIP_VALUE_OPTION_NAMES = [
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--python',
  '-p',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--src',
  '--upgrade-strategy',
  '--progress-bar',
  '--trusted-host',
  '--cache-dir',
  '--log',
  '--proxy',
  '--timeout',
  '--retries',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--index-strategy',
  '--resolution',
  '--prerelease',
  '--config-settings',
  '-C',
  '--global-option',
  '--no-binary',
  '--only-binary',
  '--keyring-provider',
  '--root-user-action',
  '--report',
  '--index',
];

const PIP_VALUE_OPTIONS = [...PIP_VALUE_OPTION_NAMES, '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-w', '--wheel-dir', '-d', '--dest'];

/** uv's options shared by `sync`, `export`, `pip` and the top level (`uv --directory x sync`). */
const UV_VALUE_OPTIONS = [
  '--directory',
  '--project',
  '--cache-dir',
  '--config-file',
  '--color',
  '--python',
  '-p',
  '--allow-insecure-host',
  '--extra',
  '--no-extra',
  '--group',
  '--no-group',
  '--only-group',
  '--package',
  '--index',
  '--default-index',
  '--index-url',
  '-i',
  '--extra-index-url',
  '--find-links',
  '-f',
  '--index-strategy',
  '--keyring-provider',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--link-mode',
  '--config-setting',
  '-C',
  '--python-platform',
  '--no-install-package',
  '--refresh-package',
  '--upgrade-package',
  '-P',
  '--reinstall-package',
  '--no-binary-package',
  '--only-binary-package',
  '--fork-strategy',
  '--output-file',
  '-o',
  '--format',
  '--prune',
  '--script',
  '--emit-index-url',
  '--no-emit-package',
  '--target',
  '--prefix',
];
const UV_ALIASES = { '-n': '--no-cache', '--no-cache-dir': '--no-cache' } as const;

/** Each tool's grammar; `uv pip` is uv's (its global options) plus pip's. */
export const INSTALL_GRAMMARS: Readonly<Record<'pip' | 'uv' | 'uv pip' | 'poetry' | 'pipenv' | 'pdm', InstallGrammar>> = {
  pip: { valueOptions: PIP_VALUE_OPTIONS, aliases: { '-r': '--requirement', '-c': '--constraint', '-e': '--editable', '-U': '--upgrade' } },
  uv: { valueOptions: UV_VALUE_OPTIONS, aliases: UV_ALIASES },
  'uv pip': {
    valueOptions: [...UV_VALUE_OPTIONS, ...PIP_VALUE_OPTIONS],
    aliases: { ...UV_ALIASES, '-r': '--requirement', '-c': '--constraint', '-e': '--editable' },
  },
  poetry: {
    valueOptions: ['--only', '--with', '--without', '-E', '--extras', '-C', '--directory', '-P', '--project', '-f', '--format', '-o', '--output', '--source'],
  },
  pipenv: { valueOptions: ['--python', '--pypi-mirror', '--categories', '-r', '--requirements', '--extra-pip-args'] },
  pdm: { valueOptions: ['-G', '--group', '-p', '--project', '-L', '--lockfile', '--venv', '-o', '--output', '-f', '--format'], aliases: { '-G': '--group' } },
};

function slice(word: ShellWord, from: number): ShellWord {
  return { ...word, value: word.value.slice(from), valueOffsets: word.valueOffsets.slice(from), start: word.valueOffsets[from] ?? word.start };
}

/**
 * The options among `words` (everything after the program's name: global options, subcommand
 * and its arguments), read by `grammar`. Words that are no option (the subcommand, packages,
 * paths) are skipped; a `--` ends the options.
 */
export function parseInstallOptions(words: readonly ShellWord[], grammar: InstallGrammar): InstallOptions {
  const takesValue = new Set(grammar.valueOptions);
  const canonical = (name: string) => grammar.aliases?.[name] ?? name;
  const options: ParsedOption[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    const text = word.value;
    if (text === '--') break;
    if (!text.startsWith('-') || text === '-') continue;
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq === -1 ? text : text.slice(0, eq);
      if (eq !== -1) options.push({ name: canonical(name), word, value: slice(word, eq + 1) });
      else if (takesValue.has(name)) options.push({ name: canonical(name), word, value: words[++index] });
      else options.push({ name: canonical(name), word, value: undefined });
      continue;
    }
    // Short options cluster (`-qr file`, `-Edev`); one that takes a value ends the cluster.
    for (let at = 1; at < text.length; at++) {
      const name = `-${text[at]}`;
      if (!takesValue.has(name)) {
        options.push({ name: canonical(name), word, value: undefined });
        continue;
      }
      options.push({ name: canonical(name), word, value: at + 1 < text.length ? slice(word, at + 1) : words[++index] });
      break;
    }
  }
  return {
    options,
    has: (...names) => options.some((option) => names.includes(option.name)),
    find: (...names) => options.find((option) => names.includes(option.name)),
    values: (name) =>
      options
        .filter((option) => option.name === name && option.value !== undefined)
        .flatMap((option) => (option.value as ShellWord).value.split(',').map((part) => part.trim())),
  };
}
