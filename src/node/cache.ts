/**
 * `--cache`: the findings of each Dockerfile kept between runs, so a run over unchanged files
 * lints nothing. (Where the file is kept, how it is signed, bounded and written, and the replay
 * of a whole run: src/node/cache-file.ts.)
 *
 * An entry is used only when everything its lint depended on is unchanged:
 * - the run (`runKey`): this build and version, the rule set, the day, the working directory and
 *   every flag that changes a lint;
 * - the file: its path and the SHA-256 of its text;
 * - the facts of the disk its setup rested on (NodeSession.capture: the entries of the
 *   directories where config and Compose files were looked for, the texts read, repository
 *   roots, real paths) and every question its build context was asked, with its answer
 *   (NodeContextFileSystem.queries: kinds, listings, texts).
 * Each is asked again, except that a directory listed or a file read whose stat signature (`s:`
 * facts) is unchanged and trusted is not read again: the Dockerfile is not even hashed. Repository
 * roots and real paths are always resolved again (a stat each).
 *
 * Behind its signature the file is still checked against a schema: bounded sizes and counts,
 * findings of rules that exist, and, when used, paths inside the file's repository only. Fix
 * edits are kept only to be shown (SARIF): `--fix` never takes an entry that has a fix to apply.
 */
import path from 'node:path';
import * as v from 'valibot';
import type { Finding } from '../core/engine.js';
import type { RuleSet } from '../core/rule-set.js';
import type { ContextNote } from '../core/context/build-context.js';
import { FAILURE_THRESHOLDS, type FailureThreshold } from '../core/config/schema.js';
import type { FileSetup } from './linter.js';
import { contextBoundary, NodeContextFileSystem, sharedContext } from './context-file-system.js';
import { readRegularFile } from './read-limited.js';
import { statSignature, type NodeSession } from './session.js';
import { askAgain, compactFacts } from './facts.js';
import { BUILD, placeholder, readCacheFile, signaturesHold, trusted, writeSealed } from './cache-file.js';
import { sha256 } from './sha256.js';
import { isInside } from './is-inside.js';

const FORMAT = 'fastapi-docker-lint-cache';
const VERSION = 3;
/** The most files a cache keeps. */
export const MAX_CACHE_ENTRIES = 100_000;

// ---------------------------------------------------------------------------------- schema

const cleanText = (max: number) => v.pipe(v.string(), v.maxLength(max), v.regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'a control character'));
const filePath = v.pipe(cleanText(4096), v.check(path.isAbsolute, 'a relative path'));
const position = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000));
const range = { line: position, column: position, endLine: position, endColumn: position };
type Range = { line: number; column: number; endLine: number; endColumn: number };
const ordered = <T extends Range>() =>
  v.check<T, string>((r) => r.endLine > r.line || (r.endLine === r.line && r.endColumn >= r.column), 'a range ends before it starts');
const edit = v.pipe(v.strictObject({ ...range, text: v.pipe(v.string(), v.maxLength(100_000)) }), ordered());
/** `n:`, `N:`, `g:`, `p:`, `c:`, `C:`, `y:`, `Y:`, `s:` or `tLIMIT:` (a read of at most 99,999,999 bytes) and an absolute path. */
const factKey = v.pipe(v.string(), v.maxLength(4112), v.regex(/^(?:[nNgpcCsyY]|t\d{1,8}):\/[^\0]*$/, 'a malformed fact'));
/** `e:`, or `k:`, `l:`, `i:` (ignored by .gitignore), `rLIMIT:` and a context path as the build context normalises them (relative, no `.`, `..` or empty segment). */
const queryKey = v.pipe(
  v.string(),
  v.maxLength(4112),
  v.regex(/^(?:e:$|(?:k|l|i|r\d{1,8}):(?:$|(?!\.\.?(?:\/|$))[^/\0]+(?:\/(?!\.\.?(?:\/|$))[^/\0]+)*$))/, 'a malformed context question'),
);

function documentSchema(ruleSet: RuleSet) {
  const finding = v.pipe(
    v.strictObject({
      ruleId: v.string(),
      ruleName: v.string(),
      severity: v.picklist(['error', 'warning', 'info']),
      message: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
      ...range,
      fixable: v.boolean(),
      filePath: v.optional(filePath),
      fixEdits: v.optional(v.pipe(v.array(edit), v.maxLength(1000))),
      unsafeFix: v.optional(v.literal(true)),
    }),
    ordered(),
    v.check((value) => {
      const rule = ruleSet.find(value.ruleId);
      return (
        rule?.code === value.ruleId &&
        rule.name === value.ruleName &&
        (!value.fixable || rule.fixable !== false) &&
        (value.fixEdits === undefined || value.fixable) &&
        (!value.unsafeFix || value.fixable)
      );
    }, 'a finding names a rule that does not exist, or not as it is'),
  );
  const entry = v.strictObject({
    /** When the run that stored it started (its signatures were taken after). */
    at: v.number(),
    text: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
    maxFileSize: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    failureThreshold: v.nullable(v.picklist(FAILURE_THRESHOLDS)),
    configFile: v.nullable(filePath),
    allRulesOff: v.boolean(),
    contextRefused: v.nullable(v.pipe(cleanText(2000), v.minLength(1))),
    /** Whether a finding had a fix that --fix would apply (such an entry never serves --fix). */
    fixes: v.boolean(),
    findings: v.pipe(v.array(finding), v.maxLength(10_000)),
    notes: v.pipe(v.array(v.strictObject({ path: filePath, message: v.pipe(cleanText(2000), v.minLength(1)) })), v.maxLength(1000)),
    facts: v.record(factKey, v.pipe(v.string(), v.maxLength(4096))),
    context: v.nullable(v.strictObject({ root: filePath, readable: v.boolean(), queries: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
  });
  return v.strictObject({
    format: v.literal(FORMAT),
    version: v.literal(VERSION),
    run: v.string(),
    contexts: v.pipe(v.array(v.record(queryKey, v.pipe(v.string(), v.maxLength(80)))), v.maxLength(MAX_CACHE_ENTRIES)),
    entries: v.pipe(
      v.record(filePath, entry),
      v.check((entries) => Object.keys(entries).length <= MAX_CACHE_ENTRIES, 'too many entries'),
    ),
  });
}

type Document = v.InferOutput<ReturnType<typeof documentSchema>>;
type StoredEntry = Document['entries'][string];
type Entry = Omit<StoredEntry, 'context'> & { context: { root: string; readable: boolean; queries: Record<string, string> } | null };
// ---------------------------------------------------------------------------------- the store

/** What a cached lint gives back: what run.ts would have had from the setup and the lint. */
export interface CachedLint {
  findings: Finding[];
  notes: ContextNote[];
  contextRefused: string | undefined;
  failureThreshold: FailureThreshold | undefined;
  contextRoot: string | undefined;
  configFile: string | undefined;
  allRulesOff: boolean;
}

export interface CacheOptions {
  file: string;
  /** The user's signing key (src/node/user-cache.ts). */
  key: Buffer;
  cwd: string;
  /** runKey() of this run. */
  run: string;
  ruleSet: RuleSet;
  /** --unsafe-fixes: whether an unsafe fix counts as one --fix applies. */
  unsafeFixes: boolean;
  /** Directories an entry's build context may lie in besides its Dockerfile's repository (--context). */
  allowedRoots: readonly string[];
  /** A one-line note on stderr (the cache never fails a run). */
  warn: (message: string) => void;
  show: (file: string) => string;
}

/** What the results of every file depend on beyond the file, its facts and its context: `settings` is the JSON of every flag that changes a lint. */
export function runKey(version: string, ruleSet: RuleSet, today: Date | string | undefined, cwd: string, settings: string): string {
  const day = today === undefined ? new Date().toISOString().slice(0, 10) : today instanceof Date ? today.toISOString() : today;
  const rules = ruleSet.rules.map((rule) => [rule.code, rule.name, rule.severity, rule.fixable]);
  return sha256(JSON.stringify({ format: VERSION, build: BUILD, version, rules, day, cwd, settings }));
}

export class LintCache {
  hits = 0;
  misses = 0;
  private readonly started = Date.now();
  private entries = new Map<string, Entry>();
  private readonly seen = new Set<string>();
  /** Entries stored this run, with the context whose questions (and signatures) they take when saved. */
  private readonly fresh = new Map<string, NodeContextFileSystem | undefined>();
  /** The Dockerfiles' signatures, taken before they were read this run. */
  private readonly before = new Map<string, string>();
  private readonly signatures = new Map<string, string>();
  private readonly factsFound = new Map<string, string>();
  private readonly queriesChecked = new Map<Record<string, string>, boolean>();
  private writable = true;
  private dirty = false;

  /** The cache file, and the key it is signed with. */
  get file(): string {
    return this.options.file;
  }
  get key(): Buffer {
    return this.options.key;
  }

  constructor(private readonly options: CacheOptions) {
    const { file, warn, show } = options;
    const read = readCacheFile(file, options.key);
    if ('absent' in read) {
      this.dirty = true;
      placeholder(file, options.cwd);
    } else if ('unusable' in read) {
      this.writable = false;
      warn(`${show(file)}${read.unusable}`);
    } else {
      const invalid = 'invalid' in read ? read.invalid : this.load(read.document);
      if (invalid !== undefined) {
        this.dirty = true;
        warn(`${show(file)}: not a valid cache (${invalid}), so it is ignored and will be rewritten`);
      }
    }
  }

  /** The entries of a document of this run; why it is not a valid cache, if it is not. */
  private load(document: unknown): string | undefined {
    const head = document as Partial<Document> | null;
    if (head?.format !== FORMAT) return 'not a fastapi-docker-lint cache';
    // Another version of the cache, or another run key (build, rules, day, directory): start afresh.
    if (head.version !== VERSION || head.run !== this.options.run) return void (this.dirty = true);
    const parsed = v.safeParse(documentSchema(this.options.ruleSet), document);
    if (!parsed.success) return parsed.issues[0].message;
    const { contexts, entries } = parsed.output;
    for (const [file, entry] of Object.entries(entries)) {
      if (entry.context && entry.context.queries >= contexts.length) return 'an entry names a context that is not there';
      this.entries.set(file, { ...entry, context: entry.context && { ...entry.context, queries: contexts[entry.context.queries] } });
    }
    return undefined;
  }

  /**
   * The cached lint of a file when nothing it depends on changed, before its setup is found.
   * `fixing`: --fix or --fix-dry-run, which need the lint itself when a fix could apply.
   */
  lookup(absolutePath: string, session: NodeSession, { fixing = false } = {}): CachedLint | undefined {
    this.seen.add(absolutePath);
    // Taken before the file is read (here or by the lint), so a later change always shows.
    this.before.set(absolutePath, statSignature(absolutePath));
    const entry = this.entries.get(absolutePath);
    if (entry === undefined || (fixing && entry.fixes) || !this.holds(entry, absolutePath, session)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return {
      findings: entry.findings,
      notes: entry.notes,
      contextRefused: entry.contextRefused ?? undefined,
      failureThreshold: entry.failureThreshold ?? undefined,
      contextRoot: entry.context?.root,
      configFile: entry.configFile ?? undefined,
      allRulesOff: entry.allRulesOff,
    };
  }

  /**
   * Keeps the lint of a file: `text` is its text on disk now (`asRead`: as it was read, not as
   * --fix wrote it), `facts` what its setup rested on (NodeSession.capture around Linter.setup).
   */
  store(
    absolutePath: string,
    text: string,
    asRead: boolean,
    setup: FileSetup,
    facts: ReadonlyMap<string, string>,
    maxFileSize: number,
    findings: Finding[],
    notes: readonly ContextNote[],
    allRulesOff: boolean,
  ): void {
    this.seen.add(absolutePath);
    this.dirty = true;
    const fileSystem = setup.buildContext?.fileSystem;
    const context = fileSystem instanceof NodeContextFileSystem && fileSystem.queries ? fileSystem : undefined;
    // A context the cache cannot question again is not cached; notes go to stderr, escaped.
    if (setup.buildContext && !context) {
      this.entries.delete(absolutePath);
      return;
    }
    const kept = compactFacts(facts);
    // The file's signature (taken before it was read) stands for the text linted, not for what
    // --fix wrote; it is kept only when the other signatures cover all that was read (see save).
    const signature = asRead ? this.before.get(absolutePath) : undefined;
    if (signature !== undefined && Object.entries(kept).every(([fact, value]) => fact[0] !== 's' || (value !== '' && value !== '-')))
      kept[`s:${absolutePath}`] = signature;
    this.entries.set(absolutePath, {
      at: this.started,
      text: sha256(text),
      maxFileSize,
      failureThreshold: setup.config.failureThreshold ?? null,
      configFile: setup.loaded.file ?? null,
      allRulesOff,
      contextRefused: setup.contextRefused ?? null,
      fixes: findings.some((finding) => finding.fix !== undefined && (finding.fix.applicability !== 'unsafe' || this.options.unsafeFixes)),
      // What a formatter shows: no `fix` (edits on offsets) is kept.
      findings: findings.map(({ fix: _fix, ...shown }) => shown),
      notes: notes.map((note) => ({ path: note.path, message: note.message })),
      facts: kept,
      context: context ? { root: context.root, readable: context.readable, queries: {} } : null,
    });
    this.fresh.set(absolutePath, context);
  }

  /** Writes the cache, entries of deleted files dropped, when it changed. */
  save(): void {
    if (!this.writable) return;
    for (const file of this.entries.keys()) {
      if (!this.seen.has(file) && statSignature(file) === '-') {
        this.entries.delete(file);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    // Every context's questions and signatures are taken now, at the end: an entry then carries
    // all that any Dockerfile of its context asked, a superset of its own (one set per context).
    const snapshots = new Map<NodeContextFileSystem, Record<string, string>>();
    for (const [file, fileSystem] of this.fresh) {
      const entry = this.entries.get(file);
      if (!entry?.context || !fileSystem) continue;
      let snapshot = snapshots.get(fileSystem);
      if (!snapshot) snapshots.set(fileSystem, (snapshot = Object.fromEntries(fileSystem.queries ?? [])));
      entry.context.queries = snapshot;
      for (const [real, signature] of fileSystem.signatures) entry.facts[`s:${real}`] = signature;
      // A link followed, or a signature missing: the answers rest on more than the signatures.
      if (fileSystem.followedLink || [...fileSystem.signatures.values()].some((signature) => signature === '' || signature === '-'))
        delete entry.facts[`s:${file}`];
    }
    const contexts: Record<string, string>[] = [];
    const indices = new Map<Record<string, string>, number>();
    const entries: Record<string, StoredEntry> = {};
    for (const [file, entry] of this.entries) {
      let context: StoredEntry['context'] = null;
      if (entry.context) {
        let index = indices.get(entry.context.queries);
        if (index === undefined) indices.set(entry.context.queries, (index = contexts.push(entry.context.queries) - 1));
        context = { ...entry.context, queries: index };
      }
      entries[file] = { ...entry, context };
    }
    const document: Document = { format: FORMAT, version: VERSION, run: this.options.run, contexts, entries };
    const failed = writeSealed(this.options.file, this.options.key, Buffer.from(JSON.stringify(document)), this.options.cwd);
    if (failed !== undefined) this.options.warn(`${this.options.show(this.options.file)}${failed}`);
  }

  /**
   * What the launcher must check to give back a run over these files (src/cli/warm.ts): the
   * stat signatures, repository roots and real paths of their entries, and the cache file's own
   * signature (a cache changed or removed takes the replay along); `undefined` unless every
   * entry has trusted signatures for all it read.
   */
  replayChecks(files: readonly string[]): Map<string, string> | undefined {
    const checks = new Map<string, string>();
    for (const file of files) {
      const entry = this.entries.get(file);
      if (entry?.facts[`s:${file}`] === undefined) return undefined;
      for (const [fact, value] of Object.entries(entry.facts)) {
        if (fact[0] === 's' && !trusted(value, entry.at)) return undefined;
        if (fact[0] === 's' || fact[0] === 'g' || fact[0] === 'p') checks.set(fact, value);
      }
    }
    return checks.set(`s:${this.options.file}`, statSignature(this.options.file));
  }

  private holds(entry: Entry, absolutePath: string, session: NodeSession): boolean {
    // Only what lies in the file's repository (or the working directory) is ever looked at: an
    // entry that names other paths was not written by a run of ours over this file.
    const boundary = contextBoundary(absolutePath, session);
    const inside = (file: string) => isInside(file, boundary) || this.options.allowedRoots.some((root) => isInside(file, root));
    if ((entry.context && !inside(entry.context.root)) || (entry.configFile !== null && !inside(entry.configFile))) return false;
    for (const fact in entry.facts) if (!inside(fact.slice(fact.indexOf(':') + 1))) return false;
    // Unchanged and trusted signatures: what was listed and read there need not be again.
    const sign = (file: string) => (file === absolutePath ? (this.before.get(file) as string) : statSignature(file));
    const fast = entry.facts[`s:${absolutePath}`] !== undefined && signaturesHold(entry.facts, entry.at, this.signatures, sign);
    for (const fact in entry.facts) {
      if (fact[0] === 's' || (fast && fact[0] !== 'g' && fact[0] !== 'p')) continue;
      if (!this.factHolds(fact, entry.facts[fact], session)) return false;
    }
    const context = entry.context;
    if (!fast) {
      if (context) {
        const shared = sharedContext(context.root, context.readable, session).fileSystem;
        if (!(shared instanceof NodeContextFileSystem) || !shared.queries) return false;
        let same = this.queriesChecked.get(context.queries);
        if (same === undefined)
          this.queriesChecked.set(context.queries, (same = Object.entries(context.queries).every(([query, answer]) => shared.answer(query) === answer)));
        if (!same) return false;
      }
      const bytes = readRegularFile(absolutePath, entry.maxFileSize);
      // The SHA-256 of valid UTF-8 bytes is that of the text they decode to.
      if (bytes.kind !== 'bytes' || sha256(bytes.buffer) !== entry.text) return false;
      this.refresh(entry, absolutePath, session);
    }
    // A finding in another file must be in a file its context read, or one its setup read (a
    // Compose file, a Kubernetes manifest: a `t` fact, checked above).
    const read = new Set<string>();
    for (const query in context?.queries)
      if (query[0] === 'r' && context.queries[query].startsWith('text:')) read.add(path.join(context.root, query.slice(query.indexOf(':') + 1)));
    for (const fact in entry.facts) if (fact[0] === 't' && entry.facts[fact].startsWith('text:')) read.add(fact.slice(fact.indexOf(':') + 1));
    return entry.findings.every((finding) => finding.filePath === undefined || (read.has(finding.filePath) && !finding.fixEdits?.length));
  }

  /** After a hit that read everything again: the signatures taken this run (before the reads), so the next one need not. */
  private refresh(entry: Entry, absolutePath: string, session: NodeSession): void {
    const now = new Map<string, string | undefined>();
    for (const fact in entry.facts)
      if (fact[0] === 's') now.set(fact, fact.slice(2) === absolutePath ? this.before.get(absolutePath) : session.signatures.get(fact.slice(2)));
    if (!now.has(`s:${absolutePath}`) || [...now.values()].some((signature) => signature === undefined || signature === '' || signature === '-')) return;
    // Rewritten only when a signature changed, or one that was too recent to trust now is not.
    if (
      ![...now].some(
        ([fact, signature]) => signature !== entry.facts[fact] || (!trusted(signature as string, entry.at) && trusted(signature as string, this.started)),
      )
    )
      return;
    for (const [fact, signature] of now) entry.facts[fact] = signature as string;
    entry.at = this.started;
    this.dirty = true;
  }

  /** Asks again what a fact recorded, once per run. */
  private factHolds(fact: string, expected: string, session: NodeSession): boolean {
    // `N:` facts of one directory can name different sets of names: each set is its own question.
    const memo = fact[0] === 'N' ? `${fact}\0${expected}` : fact;
    let found = this.factsFound.get(memo);
    if (found === undefined) this.factsFound.set(memo, (found = askAgain(fact, expected, session)));
    return found === expected;
  }
}
