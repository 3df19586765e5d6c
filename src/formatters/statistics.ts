/**
 * `--statistics`: instead of the findings, how many each rule reported, most first (then by
 * code), as ruff's `--statistics` prints them. `[*]` marks a rule whose findings `--fix` can fix
 * (some of them at least). Text, or JSON with `--format json`.
 */
import type { StreamingFormatter } from './types.js';

export interface RuleCount {
  code: string;
  name: string;
  count: number;
  /** Whether `--fix` fixes some of them (a safe fix). */
  fixable: boolean;
}

function counter(onEnd: (counts: RuleCount[]) => string): StreamingFormatter {
  return () => {
    const counts = new Map<string, RuleCount>();
    return {
      file(result) {
        for (const finding of result.findings) {
          let count = counts.get(finding.ruleId);
          if (!count) counts.set(finding.ruleId, (count = { code: finding.ruleId, name: finding.ruleName, count: 0, fixable: false }));
          count.count++;
          if (finding.fixable && !finding.unsafeFix) count.fixable = true;
        }
        return '';
      },
      end: () => onEnd([...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))),
    };
  };
}

/** One line per rule: count, code, `[*]` when fixable, name. Nothing when there is no finding. */
export const streamStatistics: StreamingFormatter = counter((counts) => {
  const width = Math.max(0, ...counts.map((count) => String(count.count).length));
  const codeWidth = Math.max(0, ...counts.map((count) => count.code.length));
  return counts
    .map((count) => `${String(count.count).padStart(width)}  ${count.code.padEnd(codeWidth)}  ${count.fixable ? '[*] ' : '    '}${count.name}\n`)
    .join('');
});

/** The same as a JSON array of `{ code, name, count, fixable }`, as ruff's JSON statistics. */
export const streamStatisticsJson: StreamingFormatter = counter((counts) => `${JSON.stringify(counts, null, 2)}\n`);
