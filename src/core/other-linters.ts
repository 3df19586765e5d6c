/**
 * Which rules of the other Dockerfile linters and scanners report what one of ours reports: the
 * one table behind docs/hadolint.md's overlap table (written by `npm run docs`), `--explain
 * DL3025`, `# hadolint ignore=DL3025` comments and the `with-hadolint` preset.
 */

export type OtherLinter = 'hadolint' | 'buildkit' | 'trivy' | 'checkov';

export const OTHER_LINTER_NAMES: Record<OtherLinter, string> = {
  hadolint: 'hadolint',
  buildkit: 'BuildKit check',
  trivy: 'Trivy',
  checkov: 'Checkov',
};

export interface Counterpart {
  linter: OtherLinter;
  /** Their code: `DL3025`, `JSONArgsRecommended`, `DS002`, `CKV_DOCKER_3`. */
  code: string;
  /** Other names of the same check (Trivy's `AVD-DS-0002`). */
  aliases?: string[];
  /** What it checks, when the code alone does not say: `no tag`. */
  note?: string;
  /**
   * The findings of ours that answer to it, by message ID, when it matches only some of them
   * (DL3002 is only an explicit `USER root`): a `# hadolint ignore=` comment silences those alone.
   */
  messages?: string[];
}

export interface Overlap {
  /** Our rule's code. */
  rule: string;
  counterparts: Counterpart[];
  /** The table's last column: how far the overlap goes. */
  extent: string;
  /** hadolint reports every line ours does, so the `with-hadolint` preset turns ours off. */
  coveredByHadolint: boolean;
}

export const OVERLAPS: readonly Overlap[] = [
  {
    rule: 'FDL001',
    counterparts: [
      { linter: 'hadolint', code: 'DL3025' },
      { linter: 'buildkit', code: 'JSONArgsRecommended' },
    ],
    extent: 'Same lines. Ours fixes it, and knows when a shell form is needed (pipes, `&&`), where FDL012 then asks for `exec`.',
    coveredByHadolint: true,
  },
  {
    rule: 'FDL004',
    counterparts: [{ linter: 'hadolint', code: 'DL3042' }],
    extent: 'Same lines. Ours also accepts a pip cache mount, `PIP_NO_CACHE_DIR` and a cache emptied in the same RUN, and fixes it.',
    coveredByHadolint: true,
  },
  {
    rule: 'FDL011',
    counterparts: [
      { linter: 'hadolint', code: 'DL3006', note: 'no tag', messages: ['untagged'] },
      { linter: 'hadolint', code: 'DL3007', note: '`latest`', messages: ['latest'] },
      { linter: 'trivy', code: 'DS001', aliases: ['AVD-DS-0001'] },
      { linter: 'checkov', code: 'CKV_DOCKER_7' },
    ],
    extent: 'Same lines.',
    coveredByHadolint: true,
  },
  {
    rule: 'FDL014',
    counterparts: [
      { linter: 'hadolint', code: 'DL3002', note: 'only an explicit `USER root`/`0`', messages: ['rootUser'] },
      { linter: 'trivy', code: 'DS002', aliases: ['AVD-DS-0002'] },
      { linter: 'checkov', code: 'CKV_DOCKER_3', note: 'no user created', messages: ['noUser'] },
      { linter: 'checkov', code: 'CKV_DOCKER_8', note: 'last USER is root', messages: ['rootUser'] },
    ],
    extent:
      'hadolint: partial, it does not report a missing USER. Trivy and Checkov report every image without USER (a failed check); ours reports it as info without a deploy target (warning with one, error on kubernetes), and only for base images known to start as root.',
    coveredByHadolint: false,
  },
  {
    rule: 'FDL015',
    counterparts: [
      { linter: 'hadolint', code: 'DL3057', messages: ['noHealthcheck'] },
      { linter: 'trivy', code: 'DS026', aliases: ['AVD-DS-0026'], messages: ['noHealthcheck'] },
      { linter: 'checkov', code: 'CKV_DOCKER_2', messages: ['noHealthcheck'] },
    ],
    extent:
      'Partial: ours reports a missing HEALTHCHECK only with `deploy-target: compose` or `server`. The main check (curl or wget missing from the image) has no counterpart.',
    coveredByHadolint: false,
  },
  {
    rule: 'FDL017',
    counterparts: [{ linter: 'buildkit', code: 'SecretsUsedInArgOrEnv' }],
    extent:
      'Partial: BuildKit judges the name alone (it also warns on `ARG GITHUB_TOKEN` with no value); ours needs a literal value, reads passwords in `*_URL`, follows an ARG default into a secret ENV, and reports a placeholder left in ENV as a warning.',
    coveredByHadolint: false,
  },
  {
    rule: 'FDL021',
    counterparts: [{ linter: 'buildkit', code: 'CopyIgnoredFile' }],
    extent: 'Partial: BuildKit reports a source excluded by .dockerignore; ours also a source missing from the context.',
    coveredByHadolint: false,
  },
];

/** A code of another linter, as written in `--explain` or an ignore comment, matched in any case. */
function matches(counterpart: Counterpart, code: string): boolean {
  const wanted = code.toLowerCase();
  return counterpart.code.toLowerCase() === wanted || (counterpart.aliases ?? []).some((alias) => alias.toLowerCase() === wanted);
}

/** What another linter's code is, and which of our rules cover it; `undefined` for a code the table does not know. */
export function counterpartOf(code: string): { counterpart: Counterpart; rules: string[] } | undefined {
  let found: Counterpart | undefined;
  const rules: string[] = [];
  for (const overlap of OVERLAPS) {
    const counterpart = overlap.counterparts.find((candidate) => matches(candidate, code));
    if (!counterpart) continue;
    found ??= counterpart;
    rules.push(overlap.rule);
  }
  return found ? { counterpart: found, rules } : undefined;
}

/** Whether a hadolint rule code (`DL3025`) answers to this finding of ours: `# hadolint ignore=DL3025` then silences it. */
export function hadolintCovers(hadolintCode: string, ruleCode: string, messageId: string): boolean {
  const overlap = OVERLAPS.find((candidate) => candidate.rule === ruleCode);
  const counterpart = overlap?.counterparts.find((candidate) => candidate.linter === 'hadolint' && matches(candidate, hadolintCode));
  return counterpart !== undefined && (counterpart.messages === undefined || counterpart.messages.includes(messageId));
}

/**
 * Whether a word is written like another linter's code: hadolint's and ShellCheck's (`DL3025`,
 * `SC2086`), Trivy's (`DS002`, `AVD-DS-0002`), Checkov's (`CKV_DOCKER_3`), or a check of the table.
 */
export function isOtherLinterCode(text: string): boolean {
  const trimmed = text.trim();
  return /^(?:DL|SC|DS)\d+$|^AVD-DS-\d+$|^CKV2?_DOCKER_\d+$/i.test(trimmed) || counterpartOf(trimmed) !== undefined;
}
