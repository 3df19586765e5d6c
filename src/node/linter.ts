/**
 * The Node API: the one path from a Dockerfile on disk (or an editor's unsaved text for a path)
 * to its findings, shared by the CLI, the language server and the GitHub Action.
 *
 * It owns what the pure engine must not know: finding each file's configuration, finding its
 * build context, and the caches of what was read from disk, which live as long as the Linter
 * (one CLI run, or a language server's lifetime) and can be dropped with `invalidate()`.
 */
import path from 'node:path';
import { lint, lintAndFix, type Finding, type FixResult, type LintOptions, type RuleSetting } from '../lint.js';
import { BuildContext } from '../context/build-context.js';
import { locateContext } from '../context/locate.js';
import type { Config } from '../config/schema.js';
import { ConfigFinder, loadConfigFile, type LoadedConfig, type ShowPath } from '../config/load.js';
import type { DeployTarget } from '../rule.js';

/** Settings that override every config file (command-line flags, an editor's settings). */
export interface LinterOverrides {
  rules?: Record<string, RuleSetting>;
  behindProxy?: boolean;
  deployTarget?: DeployTarget;
  reportUnusedIgnores?: boolean;
  today?: Date | string;
}

export interface LinterOptions {
  /** The directory relative paths are resolved against. */
  cwd?: string;
  /** A config file to use instead of looking for one; `false` to use none. */
  config?: string | false;
  /** The build context for every file; `false` for none. Default: found per file, as documented. */
  context?: string | false;
  overrides?: LinterOverrides;
  /** How paths are shown in error messages. */
  showPath?: ShowPath;
}

export interface TextTarget {
  /** Where the text lives (or would): places it in its project. `undefined` for anonymous text. */
  filePath?: string;
}

export class Linter {
  private readonly cwd: string;
  private finder: ConfigFinder | undefined;
  private explicitConfig: LoadedConfig | undefined;

  constructor(private readonly options: LinterOptions = {}) {
    this.cwd = options.cwd ?? process.cwd();
    this.reset();
  }

  /** The configuration that applies to a file (or to the working directory for anonymous text). */
  configFor(filePath: string | undefined): LoadedConfig {
    if (this.explicitConfig) return this.explicitConfig;
    if (!this.finder) return { file: undefined, config: {} };
    return this.finder.find(filePath === undefined ? this.cwd : path.dirname(path.resolve(this.cwd, filePath)));
  }

  /** The lint options for a file: its config, then the overrides, and its build context. */
  lintOptionsFor(filePath: string | undefined): LintOptions {
    const { config } = this.configFor(filePath);
    const options = mergeSettings(config, this.options.overrides ?? {});
    options.buildContext = this.contextFor(filePath, config);
    return options;
  }

  lintText(text: string, target: TextTarget = {}): Finding[] {
    return lint(text, this.lintOptionsFor(absolute(this.cwd, target.filePath)));
  }

  fixText(text: string, target: TextTarget = {}): FixResult {
    return lintAndFix(text, this.lintOptionsFor(absolute(this.cwd, target.filePath)));
  }

  /** Forget every file read so far: the next lint reads config and build context anew. */
  invalidate(): void {
    this.reset();
  }

  private reset(): void {
    const show = this.options.showPath ?? ((file: string) => file);
    this.explicitConfig = typeof this.options.config === 'string' ? loadConfigFile(path.resolve(this.cwd, this.options.config), show) : undefined;
    this.finder = this.options.config === false ? undefined : new ConfigFinder(show);
  }

  private contextFor(filePath: string | undefined, config: Config): BuildContext | undefined {
    const option = this.options.context !== undefined ? this.options.context : config.context;
    if (option === false) return undefined;
    const explicit = typeof option === 'string' ? path.resolve(this.cwd, option) : undefined;
    if (filePath === undefined) return explicit === undefined ? undefined : new BuildContext(explicit, undefined, 'option');
    return locateContext(filePath, { context: explicit });
  }
}

function absolute(cwd: string, filePath: string | undefined): string | undefined {
  return filePath === undefined ? undefined : path.resolve(cwd, filePath);
}

/** Config file, then overrides: the later wins. */
export function mergeSettings(config: Config, overrides: LinterOverrides): LintOptions {
  const rules: Record<string, RuleSetting> = { ...config.rules };
  for (const name of config.ignore ?? []) rules[name] = 'off';
  return {
    rules: { ...rules, ...overrides.rules },
    behindProxy: overrides.behindProxy ?? config.behindProxy,
    deployTarget: overrides.deployTarget ?? config.deployTarget,
    reportUnusedIgnores: overrides.reportUnusedIgnores ?? config.reportUnusedIgnores,
    today: overrides.today,
  };
}
