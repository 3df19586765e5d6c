/**
 * What a rule module declares and what it may do: read the model, report findings with exact
 * ranges and, where safe, a fix as text edits. Rules never format output, read config or apply
 * fixes; the engine (lint.ts) does.
 */
import type { DockerfileModel } from './model/types.js';
import type { OffsetRange } from './model/source.js';
import type { ContextFile } from './context/build-context.js';
import type { Project } from './context/project.js';
import type { RuleFacts } from './facts.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export type DeployTarget = 'kubernetes' | 'compose' | 'server';
export const DEPLOY_TARGETS: readonly DeployTarget[] = ['kubernetes', 'compose', 'server'];

export interface RuleDocs {
  /** What it does, in a sentence or two (the summary says it in one line). */
  description: string;
  /** Why is this bad? */
  why: string;
  /** A Dockerfile the rule reports. */
  bad: string;
  /** The same Dockerfile written the way the rule wants. */
  good: string;
  /** What the fix does and why it is safe, or why there is none. */
  fixSafety: string;
  /** The guide items it comes from (`../shared/seeds/README.md`), e.g. `[4]`. */
  guideItems: number[];
  /** Options that change what it reports. */
  options?: string;
  references?: string[];
}

export interface TextEdit {
  /** Offsets into the model's `source.text`. */
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  edits: TextEdit[];
  /** What the fix does, for an editor's code action and the playground's button: "Rewrite CMD in exec form". */
  title: string;
  /**
   * `safe` (the default): the image does the same, only right; `--fix` applies it. `unsafe`: it
   * may change what the image does; applied only with `--unsafe-fixes`, as ruff does.
   */
  applicability?: 'safe' | 'unsafe';
}

export type FixAvailability = false | 'safe' | 'unsafe' | 'safe and unsafe';

/** Whether a rule that declares `available` may offer a fix of this applicability. */
export function offersFix(available: FixAvailability, applicability: Fix['applicability']): boolean {
  return available !== false && (available === 'safe and unsafe' || available === (applicability ?? 'safe'));
}

export interface Report<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  range: OffsetRange;
  fix?: Fix;
  /** A level other than the rule's default for this finding (used when config does not set one). */
  severity?: Severity;
  /** The file the range points into, when it is not the Dockerfile (a requirements file). */
  file?: ContextFile;
  /**
   * Other places in the Dockerfile the finding is about (the RUN an FDL002 finding names besides
   * its COPY): an ignore comment above the instruction holding any of them silences it too.
   */
  related?: OffsetRange[];
}

/** The options rules may read. */
export interface RuleOptions {
  behindProxy: boolean;
  deployTarget: DeployTarget | undefined;
  /** The date rules compare support windows against (FDL010). */
  today: Date;
}

export interface RuleContext<MessageId extends string = string> {
  model: DockerfileModel;
  /** The project around the Dockerfile, when its build context is known. */
  project: Project | undefined;
  options: RuleOptions;
  /** What rules ask about the Dockerfile and its project, answered once per lint (see facts.ts). */
  facts: RuleFacts;
  report(report: Report<MessageId>): void;
  /** Whether a code or name belongs to a rule (for rules that read other rules' names). */
  isKnownRule(codeOrName: string): boolean;
  /** The code of the rule whose code or name is nearest to a misspelt one. */
  suggestRule(codeOrName: string): string | undefined;
}

/**
 * How a rule's default level rises once the image is known to be deployed: `any` for every deploy
 * target, or one target by name (which wins over `any`).
 */
export type TargetSeverity = Partial<Record<DeployTarget | 'any', Severity>>;

export interface Rule<MessageId extends string = string> {
  code: string;
  name: string;
  /** The default level, without a deploy target (and with one, unless `targetSeverity` says otherwise). */
  severity: Severity;
  /** The default level with a deploy target, when it differs from `severity`. */
  targetSeverity?: TargetSeverity;
  /** One line for tables and `--list-rules`. */
  summary: string;
  /**
   * The fixes the rule can offer, by applicability (see `Fix`): `safe`, `unsafe`, both, or none
   * (`false`). The engine refuses a fix whose applicability is not declared here.
   */
  fixable: FixAvailability;
  /** Message templates; `{{name}}` is replaced with `data.name`. */
  messages: Record<MessageId, string>;
  docs: RuleDocs;
  check(context: RuleContext<MessageId>): void;
}

/**
 * Declares a rule with its message IDs checked: `report({ messageId })` type-checks only with
 * an ID of the rule's own `messages`, as ESLint's typed rule helpers do. At run time it is the
 * rule itself.
 */
export function defineRule<const Messages extends Record<string, string>>(rule: Rule<Extract<keyof Messages, string>> & { messages: Messages }): Rule {
  return rule as unknown as Rule;
}

/** The level a rule's findings get by default (no config, no per-finding level) for a deploy target. */
export function defaultSeverity(rule: Pick<Rule, 'severity' | 'targetSeverity'>, deployTarget: DeployTarget | undefined): Severity {
  if (deployTarget === undefined || !rule.targetSeverity) return rule.severity;
  return rule.targetSeverity[deployTarget] ?? rule.targetSeverity.any ?? rule.severity;
}

/**
 * The default level in words, for the rules table and `--list-rules`: `warning`, or
 * `info (warning with a deploy target, error on kubernetes)`.
 */
export function describeSeverity(rule: Pick<Rule, 'severity' | 'targetSeverity'>): string {
  const policy = rule.targetSeverity;
  if (!policy) return rule.severity;
  const parts: string[] = [];
  if (policy.any !== undefined && policy.any !== rule.severity) parts.push(`${policy.any} with a deploy target`);
  const withAny = policy.any ?? rule.severity;
  for (const target of DEPLOY_TARGETS) {
    const level = policy[target];
    if (level !== undefined && level !== withAny) parts.push(`${level} on ${target}`);
  }
  return parts.length === 0 ? rule.severity : `${rule.severity} (${parts.join(', ')})`;
}

/** The longest text a message quotes from the file; longer values are cut with an ellipsis. */
export const MAX_QUOTE_LENGTH = 60;
/** The longest value any placeholder takes (a phrase a rule composed around quotes). */
export const MAX_VALUE_LENGTH = 120;

/**
 * Fills `{{name}}` placeholders. Values are the file's own words, so each is kept to one line
 * and capped: a value the template quotes (inside backticks, or `"{{name}}"`) at MAX_QUOTE_LENGTH,
 * any other value at MAX_VALUE_LENGTH, with the backtick-quoted spans inside it at
 * MAX_QUOTE_LENGTH. No rule can then paste a 680 KB requirement specifier into a message.
 */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string, offset: number) => {
    if (!(key in data)) return match;
    const value = String(data[key]).replace(/\s*[\r\n]+\s*/g, ' ');
    const insideBackticks = (template.slice(0, offset).match(/`/g)?.length ?? 0) % 2 === 1;
    const insideQuotes = template[offset - 1] === '"' && template[offset + match.length] === '"';
    if (insideBackticks || insideQuotes) return truncate(value, MAX_QUOTE_LENGTH);
    return truncate(
      value.replace(/`([^`]*)`/g, (_quote, inner: string) => `\`${truncate(inner, MAX_QUOTE_LENGTH)}\``),
      MAX_VALUE_LENGTH,
    );
  });
}

/** `text` cut to at most `max` characters, the last being an ellipsis, never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
  return `${text.slice(0, end)}…`;
}
