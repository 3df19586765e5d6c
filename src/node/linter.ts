/**
 * The Node API: the one path from a Dockerfile on disk (or an editor's unsaved text for a path)
 * to its findings, shared by the CLI, the language server and the GitHub Action.
 *
 * It owns what the pure engine must not know: finding each file's configuration, finding its
 * build context, writing fixes back, and the caches of what was read from disk. The caches live
 * in a session as long as the Linter (one CLI run, or a language server's life) and are dropped
 * with `invalidate()` when the disk changes.
 */
import path from 'node:path';
import { builtinEngine, type Engine, type Finding, type FixResult, type LintOptions, type RuleSetting } from '../core/lint.js';
import type { BuildContext } from '../core/context/build-context.js';
import { applyOverrides, type Config, type ConfigOverride } from '../core/config/schema.js';
import { picomatch } from '../core/lazy-dependencies.cjs';
import { ConfigFinder, loadConfigFile, type ConfigCandidate, type LoadedConfig, type ShowPath } from './config-load.js';
import type { DeployTarget } from '../core/rule.js';
import { nodeBuildContext } from './context-file-system.js';
import { locateContext } from './locate.js';
import { repositoryRoot } from './repository.js';
import { NodeSession } from './session.js';

/** Settings that override every config file (command-line flags, an editor's settings). */
export interface LinterOverrides {
  rules?: Record<string, RuleSetting>;
  behindProxy?: boolean;
  deployTarget?: DeployTarget;
  reportUnusedIgnores?: boolean;
  unsafeFixes?: boolean;
  today?: Date | string;
}

export interface LinterOptions {
  /** The directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** A config file to use instead of looking for one; `false` to use none. */
  config?: string | false;
  /**
   * The build context for every file, overriding the config's: a directory, or `false` for
   * none. Default: the config's `context`, else found per file (Compose, else the Dockerfile's
   * directory).
   */
  context?: string | false;
  overrides?: LinterOverrides;
  /** The engine with its rules (default: the built-in rules). */
  engine?: Engine;
  /** How paths are shown in error messages (default: as given). */
  showPath?: ShowPath;
  /** Record what each build context is asked (for the lint cache, `src/node/cache.ts`). */
  recordContextQueries?: boolean;
  /** Outside a repository, the folders a build context may not leave (default: the working directory; see contextBoundary). */
  workspaceFolders?: string[];
}

/** Everything needed to lint one file, found from where it lives. */
export interface FileSetup {
  /** The nearest config (or the one given), and where it came from. */
  loaded: LoadedConfig;
  /** Its settings for this file: with the `overrides` entries that match the file applied. */
  config: Config;
  options: LintOptions;
  /** The build context, when one is read (its notes are what the user should be told once). */
  buildContext: BuildContext | undefined;
  /** Why the config's `context` was not read (it leaves the repository), to be said once. */
  contextRefused: string | undefined;
}

export class Linter {
  readonly cwd: string;
  readonly engine: Engine;
  /** What this Linter has read of the disk; replaced by `invalidate()`. */
  session!: NodeSession;
  private finder: ConfigFinder | undefined;
  private explicitConfig: LoadedConfig | undefined;
  /** Per config, and per set of its `overrides` entries that match (by index): the settings the files share. */
  private settingsByConfig = new WeakMap<LoadedConfig, Map<string, { config: Config; options: LintOptions }>>();
  /** Each `overrides` entry's matcher, made once. */
  private matchers = new WeakMap<ConfigOverride, (relativePath: string) => boolean>();

  constructor(private readonly options: LinterOptions = {}) {
    this.cwd = path.resolve(options.cwd ?? process.cwd());
    this.engine = options.engine ?? builtinEngine;
    this.invalidate();
  }

  /** Forget every file read so far: the next lint reads config and build context anew. */
  invalidate(): void {
    const show = this.options.showPath ?? ((file: string) => file);
    this.session = new NodeSession(this.cwd);
    this.settingsByConfig = new WeakMap();
    this.matchers = new WeakMap();
    this.session.recordContextQueries = this.options.recordContextQueries === true;
    this.session.workspaceFolders = (this.options.workspaceFolders ?? [this.cwd]).map((folder) => path.resolve(folder));
    this.explicitConfig =
      typeof this.options.config === 'string' ? loadConfigFile(path.resolve(this.cwd, this.options.config), show, this.engine.ruleSet) : undefined;
    this.finder = this.options.config === false ? undefined : new ConfigFinder(show, this.engine.ruleSet, this.session);
  }

  /** The configuration for a file (`undefined`: anonymous text, placed in the working directory). */
  configFor(filePath: string | undefined): LoadedConfig {
    if (this.explicitConfig) return this.explicitConfig;
    if (!this.finder) return { file: undefined, config: {} };
    return this.finder.find(filePath === undefined ? this.cwd : path.dirname(path.resolve(this.cwd, filePath)));
  }

  /** The config files the search for a file's config came upon, used and skipped (`--print-config`). */
  configCandidates(filePath: string | undefined): ConfigCandidate[] {
    if (this.explicitConfig) return this.explicitConfig.file ? [{ file: this.explicitConfig.file }] : [];
    if (!this.finder) return [];
    return this.finder.candidates(filePath === undefined ? this.cwd : path.dirname(path.resolve(this.cwd, filePath)));
  }

  /**
   * Config, lint options and build context for a file. `filePath` places the text in its project;
   * `hasContext: false` (standard input) reads a build context only when one is given.
   */
  setup(filePath: string | undefined, { hasContext = filePath !== undefined } = {}): FileSetup {
    const absolute = filePath === undefined ? undefined : path.resolve(this.cwd, filePath);
    const loaded = this.configFor(absolute);
    const { contextRefused } = loaded;
    // The files under one config, with the same overrides, share its merged settings (and the engine's resolution of them).
    const matched = this.overridesFor(loaded, absolute);
    const key = matched.map((entry) => loaded.config.overrides!.indexOf(entry)).join(',');
    let byOverrides = this.settingsByConfig.get(loaded);
    if (!byOverrides) this.settingsByConfig.set(loaded, (byOverrides = new Map()));
    let shared = byOverrides.get(key);
    if (!shared) {
      const effective = applyOverrides(loaded.config, matched);
      shared = { config: effective, options: mergeSettings(effective, this.options.overrides ?? {}) };
      byOverrides.set(key, shared);
    }
    const config = shared.config;
    const options: LintOptions = { ...shared.options };
    const fromOptions = this.options.context !== undefined;
    const refused = fromOptions ? undefined : contextRefused;
    const buildContext = refused ? undefined : this.contextFor(hasContext ? absolute : undefined, fromOptions ? this.options.context : config.context);
    // A context outside the repository is not read: the rules see none, as with --no-context.
    options.buildContext = buildContext?.refused ? undefined : buildContext;
    return { loaded, config, options, buildContext, contextRefused: refused };
  }

  /**
   * The config's `overrides` entries whose globs match the file, by its path relative to the
   * config file's directory (a pattern without `/` matches the file name in any folder).
   */
  private overridesFor(loaded: LoadedConfig, absolute: string | undefined): ConfigOverride[] {
    const entries = loaded.config.overrides;
    if (!entries?.length || absolute === undefined || loaded.file === undefined) return [];
    const relative = path.relative(path.dirname(loaded.file), absolute).split(path.sep).join('/');
    if (relative.startsWith('../') || path.isAbsolute(relative)) return [];
    return entries.filter((entry) => {
      let matches = this.matchers.get(entry);
      if (!matches)
        this.matchers.set(
          entry,
          (matches = picomatch()(
            entry.files.map((pattern) => (pattern.includes('/') ? pattern : `**/${pattern}`)),
            { dot: true },
          )),
        );
      return matches(relative);
    });
  }

  lintText(text: string, target: { filePath?: string } = {}): Finding[] {
    return this.engine.lint(text, this.setup(target.filePath).options);
  }

  fixText(text: string, target: { filePath?: string } = {}): FixResult {
    return this.engine.lintAndFix(text, this.setup(target.filePath).options);
  }

  /** The directories a fix may write through a symbolic link into: the working directory and the file's repository. */
  writableRoots(filePath: string): string[] {
    const absolute = path.resolve(this.cwd, filePath);
    return [this.cwd, repositoryRoot(path.dirname(absolute), this.session) ?? this.cwd];
  }

  private contextFor(dockerfilePath: string | undefined, option: string | false | undefined): BuildContext | undefined {
    if (option === false) return undefined;
    const explicit = typeof option === 'string' ? path.resolve(this.cwd, option) : undefined;
    if (dockerfilePath === undefined) return explicit === undefined ? undefined : nodeBuildContext(explicit, undefined, 'option', undefined, this.session);
    return locateContext(dockerfilePath, { context: explicit, session: this.session });
  }
}

/** Config file, then overrides: the later wins. */
export function mergeSettings(config: Config, overrides: LinterOverrides): LintOptions {
  const rules: Record<string, RuleSetting> = Object.create(null);
  Object.assign(rules, config.rules);
  for (const name of config.ignore ?? []) rules[name] = 'off';
  Object.assign(rules, overrides.rules);
  return {
    rules,
    behindProxy: overrides.behindProxy ?? config.behindProxy,
    deployTarget: overrides.deployTarget ?? config.deployTarget,
    reportUnusedIgnores: overrides.reportUnusedIgnores ?? config.reportUnusedIgnores,
    unsafeFixes: overrides.unsafeFixes,
    today: overrides.today,
  };
}
