/**
 * A set of rules, looked up by code or name: what the engine runs, what config validation and
 * formatters are told about. The engine receives one; it never imports the registry.
 */
import { counterpartOf, isOtherLinterCode, OTHER_LINTER_NAMES } from './other-linters.js';
import type { Rule } from './rule.js';
import { nearest } from './suggest.js';

export class RuleSet {
  private readonly byKey = new Map<string, Rule>();

  constructor(readonly rules: readonly Rule[]) {
    for (const rule of rules) {
      this.byKey.set(rule.code.toLowerCase(), rule);
      this.byKey.set(rule.name.toLowerCase(), rule);
    }
  }

  /** The rule with this code or name (case-insensitive). */
  find(codeOrName: string): Rule | undefined {
    return this.byKey.get(codeOrName.trim().toLowerCase());
  }

  /**
   * The code of the rule nearest to a misspelt code or name, if one is close enough. Another
   * linter's code (`DL3025`) is no misspelling of ours (FDL025): nothing is suggested for it.
   */
  suggest(codeOrName: string): string | undefined {
    if (isOtherLinterCode(codeOrName)) return undefined;
    const key = nearest(codeOrName, this.byKey.keys());
    return key === undefined ? undefined : this.byKey.get(key)?.code;
  }

  /** "unknown rule 'FDL04' (did you mean FDL004?); run --list-rules to see them", for every place that takes rule names. */
  describeUnknown(codeOrName: string): string {
    const other = this.describeOtherLinterCode(codeOrName);
    if (other) return `unknown rule '${codeOrName}': ${other}`;
    const suggestion = this.suggest(codeOrName);
    return `unknown rule '${codeOrName}'${suggestion ? ` (did you mean ${suggestion}?)` : ''}; run --list-rules to see them`;
  }

  /**
   * What another linter's code is to us: "it is hadolint's DL3025, which FDL001 covers", or
   * "it is hadolint's, and no rule here covers it"; `undefined` for a word that is no such code.
   */
  describeOtherLinterCode(code: string): string | undefined {
    const known = counterpartOf(code);
    if (known) {
      const covering = known.rules.filter((rule) => this.find(rule) !== undefined);
      const whose = `${OTHER_LINTER_NAMES[known.counterpart.linter]} ${known.counterpart.code}`;
      if (covering.length > 0) return `it is ${whose}, which ${covering.join(' and ')} ${covering.length > 1 ? 'cover' : 'covers'} (docs/hadolint.md)`;
    }
    if (!isOtherLinterCode(code)) return undefined;
    return `it is another linter's code (${code.trim()}), and no rule here covers it (docs/hadolint.md lists those that do)`;
  }
}
