/**
 * Inline expectations, shared by the fixture runners (test/fixtures.test.ts,
 * test/repositories.test.ts):
 *
 *   # expect: FDL001 FDL004      findings on the next line that is not a marker or blank
 *                                (in a Dockerfile: the instruction it belongs to)
 *   # expect-here: FDL000        a finding on this very line
 *
 * Each expectation reads `CODE@line`, prefixed with the file it is in when asked.
 */
import { buildModel } from '../../src/core/model/build.js';

/** `# expect:` lines of one file: `CODE@line`, the line being the one (or instruction) they precede. */
export function expectationsIn(text: string, lineOwner: (line: number) => number, prefix: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  const expected: string[] = [];
  lines.forEach((line, index) => {
    const here = /^#\s*expect-here:\s*(.*)$/.exec(line.trim());
    if (here) {
      for (const code of here[1].trim().split(/\s+/)) expected.push(`${prefix}${code}@${lineOwner(index + 1)}`);
      return;
    }
    const match = /^#\s*expect:\s*(.*)$/.exec(line.trim());
    if (!match) return;
    let target = index + 1;
    while (target < lines.length && (/^#\s*expect:/.test(lines[target].trim()) || lines[target].trim() === '')) target++;
    for (const code of match[1].trim().split(/\s+/)) expected.push(`${prefix}${code}@${lineOwner(target + 1)}`);
  });
  return expected;
}

/** Maps a line inside a multi-line instruction to the instruction's first line. */
export function instructionLines(text: string): (line: number) => number {
  const model = buildModel(text);
  const spans = model.instructions.map((instruction) => ({
    first: model.source.positionAt(instruction.range.start).line + 1,
    last: model.source.positionAt(instruction.range.end).line + 1,
  }));
  return (line) => spans.find((span) => line >= span.first && line <= span.last)?.first ?? line;
}

/**
 * FDL014's note that an image runs as root (info, with no deploy target) is true of almost every
 * fixture, which are written on the official images without a USER. Only FDL014's own fixtures
 * (`fixtures/non-root-user/`) state it; the other runners leave that one note out, so a fixture
 * keeps showing the one thing it is about. A USER root, or FDL014 at warning or error, counts.
 */
export function isRootNote(finding: { ruleId: string; severity: string }): boolean {
  return finding.ruleId === 'FDL014' && finding.severity === 'info';
}
