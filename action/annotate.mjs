// Prints a SARIF report's results as GitHub workflow commands (annotations), so the action lints
// once (`--format sarif`) and still annotates the pull request. Self-contained: it runs from the
// action's checkout with no dependency and no build. Usage: node annotate.mjs report.sarif
import { readFileSync } from 'node:fs';

const COMMAND = { error: 'error', warning: 'warning', note: 'notice', none: 'notice' };

/** Control characters other than CR and LF as visible \xNN: the log viewer obeys ANSI escapes. */
function visible(value) {
  return String(value).replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function escapeData(value) {
  return visible(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value) {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** SARIF's artifact URIs are percent-encoded relative paths. */
function pathOf(uri) {
  return uri.split('/').map(decodeURIComponent).join('/');
}

const sarif = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let out = '';
for (const run of sarif.runs ?? []) {
  const rules = run.tool?.driver?.rules ?? [];
  for (const result of run.results ?? []) {
    const physical = result.locations?.[0]?.physicalLocation;
    if (!physical?.artifactLocation?.uri) continue;
    const region = physical.region ?? {};
    const line = region.startLine ?? 1;
    const column = region.startColumn ?? 1;
    const name = rules[result.ruleIndex]?.name;
    // GitHub's endColumn is the last column of the range; SARIF's is the one after it.
    const properties = [
      `file=${escapeProperty(pathOf(physical.artifactLocation.uri))}`,
      `line=${line}`,
      `col=${column}`,
      `endLine=${region.endLine ?? line}`,
      `endColumn=${Math.max(column, (region.endColumn ?? column + 1) - 1)}`,
      `title=${escapeProperty(name ? `${result.ruleId} ${name}` : result.ruleId)}`,
    ];
    out += `::${COMMAND[result.level ?? 'warning'] ?? 'warning'} ${properties.join(',')}::${escapeData(result.message?.text ?? '')}\n`;
  }
}
process.stdout.write(out);
