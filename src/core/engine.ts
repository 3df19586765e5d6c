/**
 * The engine: builds the model, runs the rules it is given, applies severities from options,
 * honours inline ignore comments, sorts, and applies fixes. It knows nothing of files, terminals
 * or formats, and imports no rule: the CLI, the language server and the browser page hand it
 * theirs (src/core/lint.ts binds the built-in ones).
 */
import type { RuleSet } from './rule-set.js';
import { applyFixes } from './fix.js';
import { buildModel } from './model/build.js';
import type { BuildContext, ContextFile } from './context/build-context.js';
import { Project } from './context/project.js';
import { contextContainers } from './context/kubernetes-evidence.js';
import type { DockerfileModel, Pragma, PragmaRule } from './model/types.js';
import { hadolintCovers } from './other-linters.js';
import type { OffsetRange } from './model/source.js';
import {
  defaultSeverity,
  formatMessage,
  offersFix,
  SEVERITY_RANK,
  type DeployTarget,
  type Fix,
  type Rule,
  type RuleContext,
  type RuleOptions,
  type Severity,
} from './rule.js';
import { RuleFacts } from './facts.js';

export type RuleSetting = Severity | 'off';

export interface LintOptions {
  /** The app is served behind a TLS-terminating proxy (FDL005). */
  behindProxy?: boolean;
  /** Where the image runs (FDL009). */
  deployTarget?: DeployTarget;
  /** The date to judge support windows by (FDL010): a Date or `YYYY-MM-DD`. Defaults to now. */
  today?: Date | string;
  /** Severity per rule code or name, or `off`. */
  rules?: Record<string, RuleSetting>;
  /** Rule codes or names to turn off. */
  ignore?: string[];
  /** Report ignore comments that silence nothing (FDL090). */
  reportUnusedIgnores?: boolean;
  /** The build context, for the rules that check the Dockerfile against the project (FDL020-FDL025). */
  buildContext?: BuildContext;
  /** Also apply the fixes marked unsafe (they may change what the image does); `lintAndFix` only. */
  unsafeFixes?: boolean;
  /**
   * Called when a rule throws, instead of failing the whole lint: the other rules still report
   * (the language server logs it and keeps serving). Without it, the error propagates.
   */
  onRuleError?: (rule: Rule, error: unknown) => void;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  message: string;
  /** 1-based line and column of the first character. */
  line: number;
  column: number;
  /** 1-based line and column just past the last character. */
  endLine: number;
  endColumn: number;
  fixable: boolean;
  /** Set when the fix is unsafe: it may change what the image does, and only `--unsafe-fixes` applies it. */
  unsafeFix?: true;
  /** The fix, as edits on the text without its BOM (absent when not fixable). */
  fix?: Fix;
  /** The absolute path of the file the finding is in, when it is not the Dockerfile. */
  filePath?: string;
  /** The fix's edits with 1-based positions (end exclusive), for formats that carry fixes (SARIF). */
  fixEdits?: PositionedEdit[];
}

export interface PositionedEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export class OptionsError extends Error {}

interface RawFinding {
  rule: Rule;
  messageId: string;
  file: ContextFile | undefined;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fix: Fix | undefined;
  /** Other places the finding names: an ignore comment above any of them silences it too. */
  related: OffsetRange[] | undefined;
}

export class Engine {
  /**
   * The last options' rule settings (and date string), resolved: a run hands the same option
   * objects for file after file, and resolving them is per-run work, not per-file work.
   */
  private resolved:
    | { rules: LintOptions['rules']; ignore: LintOptions['ignore']; settings: Map<string, RuleSetting>; today: string | undefined; date: Date | undefined }
    | undefined;

  constructor(readonly ruleSet: RuleSet) {}

  /** Lints one Dockerfile's text. */
  lint(text: string, options: LintOptions = {}): Finding[] {
    return this.lintModel(buildModel(text), options);
  }

  /** Lints and applies every fix (the safe ones, unless `unsafeFixes`), repeating while fixes apply (at most ten passes). */
  lintAndFix(text: string, options: LintOptions = {}): FixResult {
    let model = buildModel(text);
    let findings = this.lintModel(model, options);
    let fixed = false;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixes = findings.flatMap((finding) => (finding.fix && (finding.fix.applicability !== 'unsafe' || options.unsafeFixes) ? [finding.fix] : []));
      if (fixes.length === 0) break;
      const result = applyFixes(model.source.text, fixes);
      if (result.applied === 0 || result.text === model.source.text) break;
      fixed = true;
      model = buildModel((model.source.hasBom ? '\ufeff' : '') + result.text);
      findings = this.lintModel(model, options);
    }
    return { output: (model.source.hasBom ? '\ufeff' : '') + model.source.text, fixed, findings };
  }

  lintModel(model: DockerfileModel, options: LintOptions = {}): Finding[] {
    const ruleSet = this.ruleSet;
    const { settings, date } = this.resolve(options);
    // Manifests in the repository that run this image say where it is deployed, when no option does.
    const deployTarget = options.deployTarget ?? (options.buildContext && contextContainers(options.buildContext).length > 0 ? 'kubernetes' : undefined);
    const ruleOptions: RuleOptions = {
      behindProxy: options.behindProxy ?? false,
      deployTarget,
      today: date,
    };
    const raw: RawFinding[] = [];
    const project = options.buildContext ? new Project(model, options.buildContext) : undefined;
    const facts = new RuleFacts(model, project);
    for (const rule of ruleSet.rules) {
      const configured = settings.get(rule.code);
      const byDefault = defaultSeverity(rule, deployTarget);
      if (configured === 'off') continue;
      // A file that is evidently not a Dockerfile gets FDL000's one verdict and nothing else.
      if (!model.isDockerfile && rule.code !== 'FDL000') continue;
      const context: RuleContext = {
        model,
        project,
        options: ruleOptions,
        facts,
        isKnownRule: (codeOrName) => ruleSet.find(codeOrName) !== undefined,
        suggestRule: (codeOrName) => ruleSet.suggest(codeOrName),
        report(report) {
          const template = rule.messages[report.messageId];
          if (template === undefined) throw new Error(`${rule.code} reported an unknown messageId '${report.messageId}'`);
          if (report.fix && !offersFix(rule.fixable, report.fix.applicability)) {
            throw new Error(
              `${rule.code} reported a${report.fix.applicability === 'unsafe' ? 'n unsafe' : ' safe'} fix but does not declare one (fixable: ${String(rule.fixable)})`,
            );
          }
          raw.push({
            rule,
            messageId: report.messageId,
            file: report.file,
            severity: configured ?? report.severity ?? byDefault,
            message: formatMessage(template, report.data),
            start: report.range.start,
            end: Math.max(report.range.start, report.range.end),
            fix: report.fix,
            related: report.related,
          });
        },
      };
      if (!options.onRuleError) {
        rule.check(context);
        continue;
      }
      const reported = raw.length;
      try {
        rule.check(context);
      } catch (error) {
        // What a failing rule reported before it failed is dropped: it may be half a story.
        raw.length = reported;
        options.onRuleError(rule, error);
      }
    }
    const kept = applyPragmas(ruleSet, model, raw, settings, options.reportUnusedIgnores ?? false);
    return kept.map((finding) => toFinding(model, finding)).sort(compareFindings);
  }

  private resolve(options: LintOptions): { settings: Map<string, RuleSetting>; date: Date } {
    let last = this.resolved;
    if (!last || last.rules !== options.rules || last.ignore !== options.ignore) {
      last = this.resolved = {
        rules: options.rules,
        ignore: options.ignore,
        settings: resolveSettings(this.ruleSet, options),
        today: undefined,
        date: undefined,
      };
    }
    // "Now" is read per file (a language server lives for days); a date string is parsed once.
    if (typeof options.today !== 'string') return { settings: last.settings, date: resolveToday(options.today) };
    if (last.today !== options.today || !last.date) {
      last.date = resolveToday(options.today);
      last.today = options.today;
    }
    return { settings: last.settings, date: last.date };
  }
}

function resolveSettings(ruleSet: RuleSet, options: LintOptions): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const [key, value] of Object.entries(options.rules ?? {})) {
    const rule = ruleSet.find(key);
    if (!rule) throw new OptionsError(`unknown rule '${key}' in rules${hint(ruleSet, key)}`);
    if (!['error', 'warning', 'info', 'off'].includes(value)) {
      throw new OptionsError(`rule ${rule.code}: '${value}' is not a severity (use error, warning, info or off)`);
    }
    settings.set(rule.code, value);
  }
  for (const key of options.ignore ?? []) {
    const rule = ruleSet.find(key);
    if (!rule) throw new OptionsError(`unknown rule '${key}' in ignore${hint(ruleSet, key)}`);
    settings.set(rule.code, 'off');
  }
  return settings;
}

function hint(ruleSet: RuleSet, key: string): string {
  const suggestion = ruleSet.suggest(key);
  return suggestion ? ` (did you mean ${suggestion}?)` : '';
}

function resolveToday(today: Date | string | undefined): Date {
  if (today === undefined) return new Date();
  if (today instanceof Date) return today;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== today) {
    throw new OptionsError(`'${today}' is not a date (use YYYY-MM-DD)`);
  }
  return date;
}

/**
 * Drops findings silenced by `# fastapi-docker-lint ignore=...` comments, and by `# hadolint
 * ignore=DLxxxx` comments for the findings of ours that answer to that hadolint rule, and, when
 * asked, reports the rules in our comments that silenced nothing. A `next` comment silences a
 * finding that starts in the instruction below it, or that names that instruction among its
 * related places (FDL002 names its COPY and its RUN).
 */
function applyPragmas(ruleSet: RuleSet, model: DockerfileModel, raw: RawFinding[], settings: Map<string, RuleSetting>, reportUnused: boolean): RawFinding[] {
  if (model.pragmas.length === 0 && model.hadolintPragmas.length === 0) return raw;
  const used = new Set<PragmaRule>();
  const inTarget = (pragma: Pragma, offset: number) => pragma.target !== undefined && offset >= pragma.target.range.start && offset <= pragma.target.range.end;
  const applies = (pragma: Pragma, finding: RawFinding) =>
    pragma.scope === 'global' || inTarget(pragma, finding.start) || (finding.related ?? []).some((range) => inTarget(pragma, range.start));
  const kept = raw.filter((finding) => {
    // Ignore comments speak for the Dockerfile, not for the requirements files it reads.
    if (finding.file) return true;
    for (const pragma of model.pragmas) {
      if (!applies(pragma, finding)) continue;
      const entry = pragma.rules.find((candidate) => ruleSet.find(candidate.text) === finding.rule);
      if (entry) {
        used.add(entry);
        return false;
      }
    }
    for (const pragma of model.hadolintPragmas) {
      if (applies(pragma, finding) && pragma.rules.some((entry) => hadolintCovers(entry.text, finding.rule.code, finding.messageId))) return false;
    }
    return true;
  });
  const meta = ruleSet.find('FDL090');
  if (meta && reportUnused && settings.get(meta.code) !== 'off') {
    for (const pragma of model.pragmas) {
      for (const entry of pragma.rules) {
        if (used.has(entry) || !ruleSet.find(entry.text)) continue;
        kept.push({
          rule: meta,
          messageId: 'unused',
          file: undefined,
          severity: (settings.get(meta.code) as Severity | undefined) ?? meta.severity,
          message: formatMessage(meta.messages.unused, { rule: entry.text }),
          start: entry.range.start,
          end: entry.range.end,
          fix: undefined,
          related: undefined,
        });
      }
    }
  }
  return kept;
}

function toFinding(model: DockerfileModel, finding: RawFinding): Finding {
  const source = finding.file?.source ?? model.source;
  const start = source.positionAt(finding.start);
  const end = source.positionAt(finding.end);
  const result: Finding = {
    ruleId: finding.rule.code,
    ruleName: finding.rule.name,
    severity: finding.severity,
    message: finding.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    fixable: finding.fix !== undefined,
  };
  if (finding.fix && !finding.file) {
    result.fix = finding.fix;
    if (finding.fix.applicability === 'unsafe') result.unsafeFix = true;
    result.fixEdits = finding.fix.edits.map((edit) => {
      const editStart = source.positionAt(edit.start);
      const editEnd = source.positionAt(edit.end);
      return { line: editStart.line + 1, column: editStart.character + 1, endLine: editEnd.line + 1, endColumn: editEnd.character + 1, text: edit.text };
    });
  }
  if (finding.file) {
    result.filePath = finding.file.absolutePath;
    result.fixable = false;
  }
  return result;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (a.filePath ?? '').localeCompare(b.filePath ?? '') || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

export interface FixResult {
  /** The fixed text (with the BOM the input had). */
  output: string;
  /** Whether any fix was applied. */
  fixed: boolean;
  /** What is still reported after fixing. */
  findings: Finding[];
}

const MAX_FIX_PASSES = 10;

/** A severity at or above a threshold. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
