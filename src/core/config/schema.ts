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
}

export class ConfigError extends Error {}

interface KeySpec {
  option: keyof Config | undefined;
  description: string;
  schema: Record<string, unknown>;
  /** Checks a value and returns it converted, or throws a ConfigError message (without the file). */
  read: (value: unknown, key: string) => unknown;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
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
  return {
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
}

/** Validates a parsed config object; the error names the key and what it allows. */
export function readConfig(document: unknown, ruleSet: RuleSet): Config {
  const CONFIG_KEYS = configKeys(ruleSet);
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document)) throw new ConfigError(`expected a table of settings, got ${describeValue(document)}`);
  const config: Config = {};
  for (const [key, value] of Object.entries(document)) {
    // Own keys only: `constructor`, `toString` or `__proto__` are config keys like any other typo.
    const spec = Object.hasOwn(CONFIG_KEYS, key) ? CONFIG_KEYS[key] : undefined;
    if (!spec) {
      const suggestion = nearest(key, Object.keys(CONFIG_KEYS).filter((name) => name !== '$schema'));
      throw new ConfigError(
        `unknown key '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; allowed: ${Object.keys(CONFIG_KEYS).filter((name) => name !== '$schema').join(', ')}`,
      );
    }
    const converted = spec.read(value, key);
    if (spec.option) (config as Record<string, unknown>)[spec.option] = converted;
  }
  // A preset's settings come first, so the config's own `rules` (and `ignore`, applied later) win.
  if (config.extends) config.rules = { ...presetRules(config.extends), ...config.rules };
  return config;
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
