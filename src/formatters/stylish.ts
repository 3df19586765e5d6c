/** `--format stylish`: findings grouped by file, as ESLint's default formatter shows them. */
import type { ChalkInstance } from 'chalk';
import type { Severity } from '../core/rule.js';
import { countBySeverity, renderAll, type Formatter, type StreamingFormatter } from './types.js';
import { visible } from './visible.js';

type Style = (text: string) => string;

interface Styles {
  severity: Record<Severity, Style>;
  summary: Record<Severity, Style>;
  dim: Style;
  underline: Style;
}

const plain: Style = (text) => text;
const PLAIN: Styles = {
  severity: { error: plain, warning: plain, info: plain },
  summary: { error: plain, warning: plain, info: plain },
  dim: plain,
  underline: plain,
};

function stylesOf(chalk: ChalkInstance | undefined): Styles {
  if (!chalk) return PLAIN;
  return {
    severity: { error: chalk.red, warning: chalk.yellow, info: chalk.blue },
    summary: { error: chalk.red.bold, warning: chalk.yellow.bold, info: chalk.blue.bold },
    dim: chalk.dim,
    underline: chalk.underline,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Each file's block as soon as the file is linted; the summary line ("N problems (…)") at the
 * end, from counts kept as the files go by.
 */
export const streamStylish: StreamingFormatter = (context) => {
  const style = stylesOf(context.chalk);
  let total = 0;
  let fixable = 0;
  /** Findings whose fix only --unsafe-fixes applies. */
  let unsafeFixable = 0;
  const counts = { errorCount: 0, warningCount: 0, infoCount: 0 };
  return {
    file(result) {
      if (result.findings.length === 0) return '';
      const fileCounts = countBySeverity(result.findings);
      counts.errorCount += fileCounts.errorCount;
      counts.warningCount += fileCounts.warningCount;
      counts.infoCount += fileCounts.infoCount;
      total += result.findings.length;
      // File names and quoted Dockerfile words come from the repository: no escape sequence reaches the terminal.
      const lines = [style.underline(visible(result.filePath))];
      const positions = result.findings.map((finding) => `${finding.line}:${finding.column}`);
      // A loop, not Math.max(...): 130,000 findings overflow the call stack as arguments.
      let width = 0;
      for (const position of positions) width = Math.max(width, position.length);
      result.findings.forEach((finding, index) => {
        if (finding.fixable && finding.unsafeFix) unsafeFixable++;
        else if (finding.fixable) fixable++;
        const severity = style.severity[finding.severity](finding.severity.padEnd(7));
        const rule = style.dim(`${finding.ruleId} ${finding.ruleName}`);
        lines.push(`  ${style.dim(positions[index].padEnd(width))}  ${severity}  ${visible(finding.message)}  ${rule}`);
      });
      return `${lines.join('\n')}\n\n`;
    },
    end() {
      if (total === 0) return '';
      const { errorCount, warningCount, infoCount } = counts;
      const worst: Severity = errorCount > 0 ? 'error' : warningCount > 0 ? 'warning' : 'info';
      let text = `${style.summary[worst](`✖ ${plural(total, 'problem')} (${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}, ${infoCount} info)`)}\n`;
      if (fixable > 0) text += `  ${plural(fixable, 'problem')} can be fixed with the \`--fix\` option.\n`;
      if (unsafeFixable > 0)
        text += `  ${plural(unsafeFixable, 'problem')} can be fixed with \`--fix --unsafe-fixes\`, which may change what the image does.\n`;
      return text;
    },
  };
};

export const formatStylish: Formatter = renderAll(streamStylish);
