/**
 * A set of rules, looked up by code or name: what the engine runs, what config validation and
 * formatters are told about. The engine receives one; it never imports the registry.
 */
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

  /** The code of the rule nearest to a misspelt code or name, if one is close enough. */
  suggest(codeOrName: string): string | undefined {
    const key = nearest(codeOrName, this.byKey.keys());
    return key === undefined ? undefined : this.byKey.get(key)?.code;
  }

  /** "unknown rule 'FDL04' (did you mean FDL004?); run --list-rules to see them", for every place that takes rule names. */
  describeUnknown(codeOrName: string): string {
    const suggestion = this.suggest(codeOrName);
    return `unknown rule '${codeOrName}'${suggestion ? ` (did you mean ${suggestion}?)` : ''}; run --list-rules to see them`;
  }
}
