/**
 * The configuration keys, in one place: the validator that gives one-line errors, and the JSON
 * Schema published for editors (docs/fastapi-docker-lint.schema.json), both come from here.
 */
import { DEPLOY_TARGETS, SEVERITIES, type DeployTarget, type Severity } from '../rule.js';
import { nearest } from '../suggest.js';
import type { RuleSet } from '../rule-set.js';
import type { RuleSetting } from '../lint.js';
import { PRESET_NAMES, presetRules } from './presets.js';

export type FailureThreshold = Severity | 'none';
export const FAILURE_THRESHOLDS: readonly FailureThreshold[] = [...SEVERITIES, 'none'];
export const RULE_SETTINGS: readonly RuleSetting[] = [...SEVERITIES, 'off'];

/** Configuration as read from a file, with kebab-case keys turned into options. */
export interface Config {
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  failureThreshold?: FailureThreshold;
  behindProxy?: boolean;
  deployTarget?: DeployTarget;
  /** The build context, resolved against the config file's directory. */
  context?: string;
  reportUnusedIgnores?: boolean;
  /** The largest Dockerfile linted, in bytes. */
  maxFileSize?: number;
  /** Presets the config starts from (`with-hadolint`); their settings are already merged into `rules`. */
  extends?: string[];
  /** Settings for some Dockerfiles only, later entries winning (see `applyOverrides`). */
  overrides?: ConfigOverride[];
}

/** One `overrides` entry: globs relative to the config file's directory, and the settings for the files they match. */
export interface ConfigOverride {
  files: string[];
  config: Config;
}

/** The keys an `overrides` entry may set besides `files`: what can differ between Dockerfiles of one project. */
export const OVERRIDE_KEYS = ['rules', 'ignore', 'extends', 'failure-threshold', 'behind-proxy', 'deploy-target', 'report-unused-ignores'] as const;

export class ConfigError extends Error {}

interface KeySpec {
  option: keyof Config | undefined;
  description: string;
  schema: Record<string, unknown>;
  /** Checks a value and returns it converted, or throws a ConfigError message (without the file). */
  read: (value: unknown, key: string) => unknown;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: unknown, key: string): T => {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const suggestion = typeof value === 'string' ? nearest(value, allowed) : undefined;
    throw new ConfigError(`${key}: ${describeValue(value)} is not allowed${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; use ${allowed.join(', ')}`);
  };
}

function ruleKey(value: string, key: string, ruleSet: RuleSet): string {
  const known = ruleSet.find(value);
  if (known) return known.code;
  throw new ConfigError(`${key}: ${ruleSet.describeUnknown(value)}`);
}

function boolean(value: unknown, key: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new ConfigError(`${key}: expected true or false, got ${describeValue(value)}`);
}

/** The keys and how each is read, for the rules that can be named (the engine's rule set). */
export function configKeys(ruleSet: RuleSet): Record<string, KeySpec> {
  const RULE_NAMES = ruleSet.rules.flatMap((rule) => [rule.code, rule.name]);
  const keys: Record<string, KeySpec> = {
    $schema: { option: undefined, description: 'The JSON Schema of this file, for editors.', schema: { type: 'string' }, read: (value) => value },
    rules: {
      option: 'rules',
      description: 'Severity per rule, by code or name: error, warning, info, or off.',
      schema: {
        type: 'object',
        propertyNames: { enum: RULE_NAMES },
        additionalProperties: { enum: RULE_SETTINGS },
      },
      read: (value, key) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw new ConfigError(`${key}: expected a table of rule = severity, got ${describeValue(value)}`);
        }
        const settings: Record<string, RuleSetting> = Object.create(null) as Record<string, RuleSetting>;
        for (const [name, setting] of Object.entries(value)) {
          const code = ruleKey(name, key, ruleSet);
          settings[code] = oneOf(RULE_SETTINGS)(setting, `${key}.${name}`);
        }
        return settings;
      },
    },
    ignore: {
      option: 'ignore',
      description: 'Rules to turn off, by code or name.',
      schema: { type: 'array', items: { enum: RULE_NAMES } },
      read: (value, key) => {
        if (!Array.isArray(value)) throw new ConfigError(`${key}: expected a list of rules, got ${describeValue(value)}`);
        return value.map((entry, index) => {
          if (typeof entry !== 'string') throw new ConfigError(`${key}[${index}]: expected a rule code or name, got ${describeValue(entry)}`);
          return ruleKey(entry, key, ruleSet);
        });
      },
    },
    extends: {
      option: 'extends',
      description: 'Presets to start from, overridden by rules and ignore: with-hadolint turns off the rules hadolint already covers (docs/hadolint.md).',
      schema: { anyOf: [{ enum: PRESET_NAMES }, { type: 'array', items: { enum: PRESET_NAMES } }] },
      read: (value, key) => {
        const names = typeof value === 'string' ? [value] : value;
        if (!Array.isArray(names)) throw new ConfigError(`${key}: expected a preset name or a list of them, got ${describeValue(value)}`);
        return names.map((name, index) => oneOf(PRESET_NAMES)(name, Array.isArray(value) ? `${key}[${index}]` : key));
      },
    },
    'failure-threshold': {
      option: 'failureThreshold',
      description: 'Exit 1 when a finding is at or above this level (none: never).',
      schema: { enum: FAILURE_THRESHOLDS },
      read: oneOf(FAILURE_THRESHOLDS),
    },
    'behind-proxy': {
      option: 'behindProxy',
      description: 'The app is served behind a TLS-terminating proxy (FDL005).',
      schema: { type: 'boolean' },
      read: boolean,
    },
    'deploy-target': {
      option: 'deployTarget',
      description: 'Where the image runs: kubernetes enables FDL009.',
      schema: { enum: DEPLOY_TARGETS },
      read: oneOf(DEPLOY_TARGETS),
    },
    context: {
      option: 'context',
      description: "The build context directory, relative to this file's directory.",
      schema: { type: 'string' },
      read: (value, key) => {
        if (typeof value !== 'string' || value === '') throw new ConfigError(`${key}: expected a directory path, got ${describeValue(value)}`);
        return value;
      },
    },
    'report-unused-ignores': {
      option: 'reportUnusedIgnores',
      description: 'Report ignore comments that silence nothing (FDL090).',
      schema: { type: 'boolean' },
      read: boolean,
    },
    'max-file-size': {
      option: 'maxFileSize',
      description: 'The largest Dockerfile to lint, in bytes (default 5 MiB); larger files are skipped with an error.',
      schema: { type: 'integer', minimum: 1 },
      read: (value, key) => {
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
        throw new ConfigError(`${key}: expected a positive whole number of bytes, got ${describeValue(value)}`);
      },
    },
  };
  keys.overrides = {
    option: 'overrides',
    description:
      "Settings for some Dockerfiles only: each entry's files are globs relative to this file's directory (a pattern without / matches the file name in any folder), and it may set rules, ignore, extends, failure-threshold, behind-proxy, deploy-target and report-unused-ignores. Entries that match apply in order over the file's settings, the later winning; a rule an entry sets is on again even where the file's ignore turned it off.",
    schema: {
      type: 'array',
      items: {
        type: 'object',
        required: ['files'],
        additionalProperties: false,
        properties: {
          files: {
            description: 'Globs of the Dockerfiles this entry is for, relative to this file.',
            type: 'array',
            items: { type: 'string', minLength: 1 },
            minItems: 1,
          },
          ...Object.fromEntries(OVERRIDE_KEYS.map((name) => [name, { description: keys[name].description, ...keys[name].schema }])),
        },
      },
    },
    read: (value, key) => {
      if (!Array.isArray(value)) throw new ConfigError(`${key}: expected a list of { files, ... } entries, got ${describeValue(value)}`);
      return value.map((entry: unknown, index): ConfigOverride => {
        const where = `${key}[${index}]`;
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
          throw new ConfigError(`${where}: expected a table with files and settings, got ${describeValue(entry)}`);
        const { files, ...settings } = entry as Record<string, unknown>;
        if (!Array.isArray(files) || files.length === 0 || files.some((pattern) => typeof pattern !== 'string' || pattern === '')) {
          throw new ConfigError(`${where}.files: expected a list of globs (relative to this file), got ${describeValue(files)}`);
        }
        return { files: files as string[], config: readKeys(settings, ruleSet, OVERRIDE_KEYS, `${where}.`) };
      });
    },
  };
  return keys;
}

/** Validates a parsed config object; the error names the key and what it allows. */
export function readConfig(document: unknown, ruleSet: RuleSet): Config {
  return readKeys(document, ruleSet, undefined, '');
}

/**
 * Reads the keys of a config table, or of an `overrides` entry (`allowed`, with `prefix` before
 * each key in messages: `overrides[0].rules`).
 */
function readKeys(document: unknown, ruleSet: RuleSet, allowed: readonly string[] | undefined, prefix: string): Config {
  const CONFIG_KEYS = configKeys(ruleSet);
  const names = (allowed ?? Object.keys(CONFIG_KEYS)).filter((name) => name !== '$schema');
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document)) throw new ConfigError(`expected a table of settings, got ${describeValue(document)}`);
  const config: Config = {};
  for (const [key, value] of Object.entries(document)) {
    // Own keys only: `constructor`, `toString` or `__proto__` are config keys like any other typo.
    const known = Object.hasOwn(CONFIG_KEYS, key);
    const spec = known && (allowed === undefined || allowed.includes(key)) ? CONFIG_KEYS[key] : undefined;
    if (!spec) {
      const suggestion = known ? undefined : nearest(key, names);
      const what = known ? `'${key}' cannot be set in an overrides entry` : `unknown key '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
      throw new ConfigError(`${prefix}${what}; allowed: ${allowed ? 'files, ' : ''}${names.join(', ')}`);
    }
    const converted = spec.read(value, `${prefix}${key}`);
    if (spec.option) (config as Record<string, unknown>)[spec.option] = converted;
  }
  // A preset's settings come first, so the config's own `rules` (and `ignore`, applied later) win.
  if (config.extends) config.rules = { ...presetRules(config.extends), ...config.rules };
  return config;
}

/**
 * A file's settings with the `overrides` entries that match it applied in order: each entry's
 * rules (its preset's, then its own, then its ignore as `off`) over what is set so far, the
 * file's `ignore` included, so an entry can turn on again a rule the file turned off.
 */
export function applyOverrides(config: Config, matched: readonly ConfigOverride[]): Config {
  if (matched.length === 0) return config;
  const { overrides: _overrides, ignore, ...effective } = config;
  const rules: Record<string, RuleSetting> = { ...config.rules };
  for (const name of ignore ?? []) rules[name] = 'off';
  for (const { config: entry } of matched) {
    Object.assign(rules, entry.rules);
    for (const name of entry.ignore ?? []) rules[name] = 'off';
    if (entry.failureThreshold !== undefined) effective.failureThreshold = entry.failureThreshold;
    if (entry.behindProxy !== undefined) effective.behindProxy = entry.behindProxy;
    if (entry.deployTarget !== undefined) effective.deployTarget = entry.deployTarget;
    if (entry.reportUnusedIgnores !== undefined) effective.reportUnusedIgnores = entry.reportUnusedIgnores;
  }
  return { ...effective, rules };
}

/** The JSON Schema of the config file, for editors (YAML and JSON; pyproject's table has the same keys). */
export function configJsonSchema(ruleSet: RuleSet): Record<string, unknown> {
  const CONFIG_KEYS = configKeys(ruleSet);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/fastapi-docker-lint/fastapi-docker-lint/blob/main/docs/fastapi-docker-lint.schema.json',
    title: 'fastapi-docker-lint configuration',
    description: 'Configuration of fastapi-docker-lint (.fastapi-docker-lint.yaml, .json, or [tool.fastapi-docker-lint] in pyproject.toml).',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(CONFIG_KEYS).map(([key, spec]) => [key, { description: spec.description, ...spec.schema }])),
  };
}
