/**
 * PEP 440 version specifiers, as far as the rules need them: the clauses of `>=0.113,<0.114`,
 * whether they cap the version, and the highest release they allow. One module, so that
 * requirements files, pyproject.toml and the server check read bounds the same way.
 *
 * Why not `@renovatebot/pep440`: it answers "does this version satisfy this specifier" for
 * versions you already have, while we ask "what is the highest release allowed" with no list
 * of releases; it would also add ~13 ms to start-up for four operators' worth of reading.
 */

export type SpecifierOperator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export interface SpecifierClause {
  operator: SpecifierOperator;
  /** The version as written after the operator (`0.115.0`, `1.*`, `v2`). */
  version: string;
}

const CLAUSE = /^(~=|===|==|!=|<=|>=|<(?!>)|>)\s*(.*)$/;

/** The clauses of a specifier (`>=1.2, <2` gives two); text that is no clause is skipped. */
export function specifierClauses(specifier: string): SpecifierClause[] {
  const clauses: SpecifierClause[] = [];
  for (const part of specifier.split(',')) {
    const match = CLAUSE.exec(part.trim());
    if (match) clauses.push({ operator: match[1] as SpecifierOperator, version: match[2].trim() });
  }
  return clauses;
}

/** Whether a specifier caps the version: `<`, `<=`, `==` (also `==1.*`), `~=`, `===`. */
export function hasUpperBound(specifier: string): boolean {
  return specifierClauses(specifier).some((clause) => clause.operator !== '>=' && clause.operator !== '>' && clause.operator !== '!=');
}

/** The release segment of a version (`v0.115.2rc1` → [0, 115, 2]), or undefined. */
function release(version: string): number[] | undefined {
  const match = /^v?(\d+(?:\.\d+)*)/i.exec(version);
  return match ? match[1].split('.').map(Number) : undefined;
}

/**
 * The highest `[major, minor]` a specifier allows, when it sets a bound: `<0.112` and
 * `<0.112.0` allow 0.111 at most, `~=0.111` any 0.x from 0.111 on (`[0, MAX]`), `~=0.111.2` and
 * `==0.111.*` 0.111. The lowest bound among the clauses wins.
 */
export function highestMinor(specifier: string): [number, number] | undefined {
  let highest: [number, number] | undefined;
  for (const clause of specifierClauses(specifier)) {
    if (clause.operator !== '<' && clause.operator !== '<=' && clause.operator !== '==' && clause.operator !== '===' && clause.operator !== '~=') continue;
    const parts = release(clause.version);
    if (!parts || parts.length < 2) continue;
    let bound: [number, number] = [parts[0], parts[1]];
    if (clause.operator === '<' && (parts[2] === undefined || parts[2] === 0)) bound = [bound[0], bound[1] - 1];
    if (clause.operator === '~=' && parts.length === 2) bound = [bound[0], Number.MAX_SAFE_INTEGER];
    if (!highest || bound[0] < highest[0] || (bound[0] === highest[0] && bound[1] < highest[1])) highest = bound;
  }
  return highest;
}
