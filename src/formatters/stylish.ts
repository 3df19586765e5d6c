/** `--format stylish`: findings grouped by file, as ESLint's default formatter shows them. */
import type { ChalkInstance } from 'chalk';
import type { Severity } from '../rule.js';
import { countBySeverity, type Formatter } from './types.js';
import { visible } from './visible.js';

type Style = (text: string) => string;

interface Styles {
  severity: Record<Severity, Style>;
  summary: Record<Severity, Style>;
  dim: Style;
  underline: Style;
}

const plain: Style = (text) => text;
const PLAIN: Styles = { severity: { error: plain, warning: plain, info: plain }, summary: { error: plain, warning: plain, info: plain }, dim: plain, underline: plain };

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

export const formatStylish: Formatter = (results, context) => {
  const style = stylesOf(context.chalk);
  const lines: string[] = [];
  const all = results.flatMap((result) => result.findings);
  for (const result of results) {
    if (result.findings.length === 0) continue;
    // File names and quoted Dockerfile words come from the repository: no escape sequence reaches the terminal.
    lines.push(style.underline(visible(result.filePath)));
    const positions = result.findings.map((finding) => `${finding.line}:${finding.column}`);
    // A loop, not Math.max(...): 130,000 findings overflow the call stack as arguments.
    let width = 0;
    for (const position of positions) width = Math.max(width, position.length);
    result.findings.forEach((finding, index) => {
      const severity = style.severity[finding.severity](finding.severity.padEnd(7));
      const rule = style.dim(`${finding.ruleId} ${finding.ruleName}`);
      lines.push(`  ${style.dim(positions[index].padEnd(width))}  ${severity}  ${visible(finding.message)}  ${rule}`);
    });
    lines.push('');
  }
  if (all.length === 0) return '';
  const { errorCount, warningCount, infoCount } = countBySeverity(all);
  const worst: Severity = errorCount > 0 ? 'error' : warningCount > 0 ? 'warning' : 'info';
  lines.push(style.summary[worst](`✖ ${plural(all.length, 'problem')} (${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}, ${infoCount} info)`));
  const fixable = all.filter((finding) => finding.fixable).length;
  if (fixable > 0) lines.push(`  ${plural(fixable, 'problem')} can be fixed with the \`--fix\` option.`);
  return lines.join('\n') + '\n';
};
