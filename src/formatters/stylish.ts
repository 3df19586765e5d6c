/** `--format stylish`: findings grouped by file, as ESLint's default formatter shows them. */
import { Chalk } from 'chalk';
import { countBySeverity, type Formatter } from './types.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export const formatStylish: Formatter = (results, context) => {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  const paint = { error: chalk.red, warning: chalk.yellow, info: chalk.blue };
  const lines: string[] = [];
  const all = results.flatMap((result) => result.findings);
  for (const result of results) {
    if (result.findings.length === 0) continue;
    lines.push(chalk.underline(result.filePath));
    const positions = result.findings.map((finding) => `${finding.line}:${finding.column}`);
    const width = Math.max(...positions.map((position) => position.length));
    result.findings.forEach((finding, index) => {
      const severity = paint[finding.severity](finding.severity.padEnd(7));
      const rule = chalk.dim(`${finding.ruleId} ${finding.ruleName}`);
      lines.push(`  ${chalk.dim(positions[index].padEnd(width))}  ${severity}  ${finding.message}  ${rule}`);
    });
    lines.push('');
  }
  if (all.length === 0) return '';
  const { errorCount, warningCount, infoCount } = countBySeverity(all);
  const summaryColor = errorCount > 0 ? chalk.red.bold : warningCount > 0 ? chalk.yellow.bold : chalk.blue.bold;
  lines.push(
    summaryColor(
      `✖ ${plural(all.length, 'problem')} (${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}, ${infoCount} info)`,
    ),
  );
  const fixable = all.filter((finding) => finding.fixable).length;
  if (fixable > 0) lines.push(`  ${plural(fixable, 'problem')} can be fixed with the \`--fix\` option.`);
  return lines.join('\n') + '\n';
};
