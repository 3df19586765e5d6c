/**
 * `--cache`: the findings of each Dockerfile kept between runs, so a run over unchanged files
 * lints nothing.
 *
 * An entry is used only when everything its lint depended on is unchanged:
 * - the run: the tool's version, the rule set (codes, names, default severities), the day (for
 *   the support-window rules, unless --today fixes it), the working directory, every flag that
 *   changes a lint (--rule, --ignore, --deploy-target, --behind-proxy, --unsafe-fixes, --context,
 *   -c and that file's settings, --no-config);
 * - the file: its absolute path and the SHA-256 of its text;
 * - the facts of the disk its setup rested on (which config file applies, which Compose file
 *   names its context, where the context is): the entries looked for in each directory (config
 *   and Compose file names), the text of each config and Compose file read, repository roots
 *   and real paths. Checking them again costs a directory listing, not a YAML parse;
 * - its build context: every question the lint asked of it (does `app/main.py` exist, what is in
 *   `app/`, what does `requirements.txt` say) with its answer (a kind, the SHA-256 of a listing
 *   or of a file's text). They are asked again, and each answer must be the same.
 * Content is always compared, never sizes or times: reading these small files costs about what
 * a stat does, and a hash cannot be fooled by a clock.
 *
 * The cache is data we do not trust: a file anyone could have written (a repository can commit
 * one, a CI cache can restore one). It is JSON, read with a size limit, never through a
 * symbolic link, and checked field by field (every finding's rule exists, its positions lie in
 * the file, its fix edits too); anything wrong and the whole file is ignored, said once on
 * stderr, and rewritten. Fix edits are kept only to be shown (SARIF), never applied: `--fix`
 * never takes an entry that has a fix to apply. It is written to a temporary file beside it and
 * renamed over it.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../core/engine.js';
import type { RuleSet } from '../core/rule-set.js';
import type { ContextNote } from '../core/context/build-context.js';
import type { FileSetup } from './linter.js';
import { NodeContextFileSystem, sharedContext } from './context-file-system.js';
import { repositoryRoot } from './repository.js';
import { readRegularFile, readTextLimited } from './read-limited.js';
import { sha256 } from './sha256.js';
import { replaceAtomically } from './atomic-write.js';
import { textAnswer, type NodeSession } from './session.js';
import { FAILURE_THRESHOLDS, type FailureThreshold } from '../core/config/schema.js';
import { seal, unseal } from './signed-file.js';
import { privateDirectory, signingKey, userCacheDirectory } from './user-cache.js';
import { refusedWritePlace } from './write-place.js';
import { contextBoundary } from './context-file-system.js';

/** The cache file's name: in the working directory, or in the directory --cache-location names. */
export const CACHE_FILE_NAME = '.fdlcache';
/** A cache file larger than this is not read (and is rewritten). */
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;
/**
 * The most objects, arrays, members and elements a cache may hold (counted as the bytes `{[,:`
 * before it is parsed: JSON.parse of 21 million empty entries exhausts the heap). A cache of
 * 10,000 Dockerfiles holds about a million.
 */
export const MAX_CACHE_TOKENS = 3_000_000;
/** The most entries (files) a cache keeps. */
export const MAX_CACHE_ENTRIES = 100_000;

const FORMAT = 'fastapi-docker-lint-cache';
const FORMAT_VERSION = 1;
const MAX_MESSAGE_LENGTH = 2000;
const MAX_NOTE_LENGTH = 2000;
const MAX_PATH_LENGTH = 4096;
const MAX_POSITION = 10_000_000;
const MAX_FINDINGS = 10_000;
const MAX_EDIT_TEXT = 100_000;
const SEVERITIES = new Set(['error', 'warning', 'info']);
const HASH = /^[0-9a-f]{64}$/;
const QUERY = /^(e|k|l|r\d{1,10}):/;
const FACT = /^(n|N|g|p|t\d{1,10}):/;
// eslint-disable-next-line no-control-regex
/** The largest read a fact or a question may ask for (config and Compose files stop at 1 MiB, context files at 5 MiB). */
const MAX_READ_LIMIT = 64 * 1024 * 1024;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What a cached lint gives back: what run.ts would have had from the setup and the lint. */
export interface CachedLint {
  findings: Finding[];
  /** The notes about its build context. */
  notes: ContextNote[];
  /** Why the config's `context` was not read, said once. */
  contextRefused: string | undefined;
  /** The config's `failure-threshold`. */
  failureThreshold: FailureThreshold | undefined;
  /** The root of the build context it was linted with (the report groups shared files by it). */
  contextRoot: string | undefined;
  /** The config file that applied, and whether every rule is off under it (see run.ts's gate notices). */
  configFile: string | undefined;
  allRulesOff: boolean;
}

interface Entry {
  /** SHA-256 of the file's text. */
  text: string;
  /** The largest Dockerfile the file's config allowed (its text is read with this limit). */
  maxFileSize: number;
  failureThreshold: FailureThreshold | null;
  configFile: string | null;
  allRulesOff: boolean;
  contextRefused: string | null;
  /** Whether a finding had a fix that --fix would apply (such an entry never serves --fix). */
  fixes: boolean;
  findings: Finding[];
  notes: ContextNote[];
  /** The facts of the disk the setup rested on (NodeSession.fact). */
  facts: Record<string, string>;
  /** The build context read, if any: its root, whether it was refused, its questions and answers (shared by the entries of one context). */
  context: { root: string; readable: boolean; queries: Record<string, string> } | null;
}


/** The cache's place holds something other than a file now: it is left alone. */
class NotReplaced extends Error {}

/**
 * The bytes of a regular file of at most `limit` bytes (else `undefined`), read as the lint reads
 * files. The SHA-256 of valid UTF-8 bytes is that of the text they decode to, so they compare
 * with the hash of a text the lint read; bytes that are not valid UTF-8 simply do not match.
 */
function readBytes(file: string, limit: number): Buffer | undefined {
  const read = readRegularFile(file, limit);
  return read.kind === 'bytes' ? read.buffer : undefined;
}

/** `--cache-location`: a directory (existing, or written with a trailing slash) holds `.fdlcache`. */
export function cacheFilePath(location: string, cwd: string): string {
  const resolved = path.resolve(cwd, location);
  if (/[\\/]$/.test(location)) return path.join(resolved, CACHE_FILE_NAME);
  try {
    if (statSync(resolved).isDirectory()) return path.join(resolved, CACHE_FILE_NAME);
  } catch {
    // Not there yet: a file.
  }
  return resolved;
}

/**
 * The cache of a run, or why there is none: the user's signing key must be usable, and without
 * `--cache-location` the cache is kept in the user's cache directory, one file per working
 * directory (`lint-<hash of its path>.json`), never in the checkout.
 */
export function openLintCache(location: string | undefined, options: Omit<CacheOptions, 'file' | 'key'>, env: Record<string, string | undefined>): LintCache | { refused: string } {
  const directory = userCacheDirectory(env);
  if (directory === undefined) return { refused: 'no cache directory (set HOME or XDG_CACHE_HOME)' };
  const own = privateDirectory(directory, options.cwd, true);
  if ('refused' in own) return own;
  const key = signingKey(directory);
  if ('refused' in key) return key;
  const file = location === undefined ? path.join(directory, `lint-${sha256(options.cwd).slice(0, 32)}.json`) : cacheFilePath(location, options.cwd);
  return new LintCache({ ...options, file, key: key.key });
}

/**
 * What the results of every file of this run depend on beyond the file, its setup's facts and
 * its context: `settings` is the JSON of every flag that changes a lint (and the -c file's settings).
 */
export function runKey(version: string, ruleSet: RuleSet, today: Date | string | undefined, cwd: string, settings: string): string {
  const day = today === undefined ? new Date().toISOString().slice(0, 10) : today instanceof Date ? today.toISOString() : today;
  const rules = ruleSet.rules.map((rule) => [rule.code, rule.name, rule.severity, rule.fixable === true]);
  return sha256(JSON.stringify({ format: FORMAT_VERSION, version, rules, day, cwd, settings }));
}

/** Asks a context the question a key names; the answer is what the context recorded. */
function answer(fileSystem: NodeContextFileSystem, query: string): string | undefined {
  const known = fileSystem.queries?.get(query);
  if (known !== undefined) return known;
  const colon = query.indexOf(':');
  const op = query.slice(0, colon);
  const relative = query.slice(colon + 1);
  if (op === 'e') fileSystem.rootExists();
  else if (op === 'k') fileSystem.kind(relative);
  else if (op === 'l') fileSystem.list(relative);
  else fileSystem.read(relative, Number(op.slice(1)));
  return fileSystem.queries?.get(query);
}

/**
 * The facts as kept: the names found absent from one directory (most of them: the config and
 * Compose file names looked for) become one fact, `N:DIR` with the names joined by `/`.
 */
function compactFacts(facts: ReadonlyMap<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  const absent = new Map<string, string[]>();
  for (const [fact, result] of facts) {
    const slash = fact.lastIndexOf('/');
    if (fact.startsWith('n:') && result === 'absent' && slash > 2) {
      const directory = fact.slice(2, slash);
      if (!absent.has(directory)) absent.set(directory, []);
      (absent.get(directory) as string[]).push(fact.slice(slash + 1));
    } else kept[fact] = result;
  }
  for (const [directory, names] of absent) kept[`N:${directory}`] = names.join('/');
  return kept;
}

class Invalid extends Error {}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Invalid(what);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(value)) check(allowed.includes(key), `${what} has an unknown field`);
}

function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_POSITION;
}

function isCleanString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max && !CONTROL.test(value);
}

function readRange(value: Record<string, unknown>, what: string): void {
  check(isPosition(value.line) && isPosition(value.column) && isPosition(value.endLine) && isPosition(value.endColumn), `${what}: a position is not a line or column number`);
  check(value.endLine > value.line || (value.endLine === value.line && value.endColumn >= value.column), `${what}: it ends before it starts`);
}

const FINDING_KEYS = ['ruleId', 'ruleName', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable', 'filePath', 'fixEdits'] as const;

/** A finding as the engine makes it (same fields, same order), from unchecked data. */
function readFinding(value: unknown, ruleSet: RuleSet): Finding {
  check(isRecord(value), 'a finding is not an object');
  onlyKeys(value, FINDING_KEYS, 'a finding');
  const rule = typeof value.ruleId === 'string' ? ruleSet.find(value.ruleId) : undefined;
  check(rule !== undefined && rule.code === value.ruleId, 'a finding names a rule that does not exist');
  check(value.ruleName === rule.name, `a finding of ${rule.code} has the wrong rule name`);
  check(typeof value.severity === 'string' && SEVERITIES.has(value.severity), `a finding of ${rule.code} has an unknown severity`);
  check(typeof value.message === 'string' && value.message.length > 0 && value.message.length <= MAX_MESSAGE_LENGTH, `a finding of ${rule.code} has no message or one too long`);
  readRange(value, `a finding of ${rule.code}`);
  check(typeof value.fixable === 'boolean' && (!value.fixable || rule.fixable === true), `a finding of ${rule.code} is wrongly fixable`);
  if (value.filePath !== undefined) {
    check(isCleanString(value.filePath, MAX_PATH_LENGTH) && path.isAbsolute(value.filePath), `a finding of ${rule.code} has a bad file path`);
  }
  if (value.fixEdits !== undefined) {
    check(value.fixable && Array.isArray(value.fixEdits) && value.fixEdits.length <= 1000, `a finding of ${rule.code} has bad fix edits`);
    for (const edit of value.fixEdits as unknown[]) {
      check(isRecord(edit), 'a fix edit is not an object');
      onlyKeys(edit, ['line', 'column', 'endLine', 'endColumn', 'text'], 'a fix edit');
      readRange(edit, 'a fix edit');
      check(typeof edit.text === 'string' && edit.text.length <= MAX_EDIT_TEXT, 'a fix edit has no text or one too long');
    }
  }
  // Every field checked, and no other: the object itself is the finding (parsed data, no prototype tricks: JSON.parse makes plain objects).
  return value as unknown as Finding;
}

function readNote(value: unknown): ContextNote {
  check(isRecord(value), 'a note is not an object');
  onlyKeys(value, ['path', 'message'], 'a note');
  // Notes are written to stderr as they are: no control character may come from the cache.
  check(isCleanString(value.path, MAX_PATH_LENGTH) && path.isAbsolute(value.path), 'a note has a bad path');
  check(isCleanString(value.message, MAX_NOTE_LENGTH) && value.message.length > 0, 'a note has a bad message');
  return { path: value.path, message: value.message };
}

function readFacts(value: unknown): Record<string, string> {
  check(isRecord(value), 'the facts of an entry are not an object');
  for (const fact in value) {
    const result = value[fact];
    check(FACT.test(fact) && fact.length <= MAX_PATH_LENGTH + 16 && !fact.includes('\0') && path.isAbsolute(fact.slice(fact.indexOf(':') + 1)), 'a fact is malformed');
    // A read as large as it likes would be a way to make us allocate gigabytes.
    check(fact[0] !== 't' || Number(fact.slice(1, fact.indexOf(':'))) <= MAX_READ_LIMIT, 'a fact asks for too large a read');
    check(typeof result === 'string' && result.length <= MAX_PATH_LENGTH, 'the answer of a fact is malformed');
  }
  return value as Record<string, string>;
}

function readQueries(value: unknown): Record<string, string> {
  check(isRecord(value), 'a context is not an object');
  const queries: Record<string, string> = Object.create(null);
  for (const [query, result] of Object.entries(value)) {
    check(QUERY.test(query) && query.length <= MAX_PATH_LENGTH + 16, 'a context question is malformed');
    check(query[0] !== 'r' || Number(query.slice(1, query.indexOf(':'))) <= MAX_READ_LIMIT, 'a context question asks for too large a read');
    const relative = query.slice(query.indexOf(':') + 1);
    // Paths as the build context normalises them: relative, no `.` or `..`, no empty segment.
    check(query.startsWith('e:') ? relative === '' : relative === '' || relative.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !segment.includes('\0')), 'a context path is malformed');
    check(typeof result === 'string' && result.length <= 80, 'a context answer is malformed');
    queries[query] = result;
  }
  return queries;
}

/** The bytes `{`, `[`, `,` and `:` in a text: at least as many as the objects, arrays, members and elements it holds. */
function countTokens(body: Buffer): number {
  let count = 0;
  for (let index = 0; index < body.length; index++) {
    const byte = body[index];
    if (byte === 0x7b || byte === 0x5b || byte === 0x2c || byte === 0x3a) count++;
  }
  return count;
}

function isInside(file: string, directory: string): boolean {
  return file === directory || file.startsWith(directory.endsWith(path.sep) ? directory : directory + path.sep);
}

function readEntry(value: unknown, ruleSet: RuleSet, contexts: Record<string, string>[]): Entry {
  check(isRecord(value), 'an entry is not an object');
  onlyKeys(value, ['text', 'maxFileSize', 'failureThreshold', 'configFile', 'allRulesOff', 'contextRefused', 'fixes', 'findings', 'notes', 'facts', 'context'], 'an entry');
  check(typeof value.text === 'string' && HASH.test(value.text), 'an entry has a bad hash');
  check(typeof value.maxFileSize === 'number' && Number.isSafeInteger(value.maxFileSize) && value.maxFileSize >= 0, 'an entry has a bad max-file-size');
  check(value.failureThreshold === null || (FAILURE_THRESHOLDS as readonly unknown[]).includes(value.failureThreshold), 'an entry has a bad failure-threshold');
  check(value.contextRefused === null || (isCleanString(value.contextRefused, MAX_NOTE_LENGTH) && value.contextRefused.length > 0), 'an entry has a bad note');
  check(typeof value.fixes === 'boolean', 'an entry has a bad fixes field');
  check(value.configFile === null || (isCleanString(value.configFile, MAX_PATH_LENGTH) && path.isAbsolute(value.configFile)), 'an entry has a bad config file');
  check(typeof value.allRulesOff === 'boolean', 'an entry has a bad allRulesOff field');
  check(Array.isArray(value.findings) && value.findings.length <= MAX_FINDINGS, 'an entry has no list of findings');
  check(Array.isArray(value.notes) && value.notes.length <= 1000, 'an entry has no list of notes');
  let context: Entry['context'] = null;
  if (value.context !== null) {
    check(isRecord(value.context), 'an entry has a bad context');
    onlyKeys(value.context, ['root', 'readable', 'queries'], 'a context');
    const { root, readable, queries } = value.context;
    check(isCleanString(root, MAX_PATH_LENGTH) && path.isAbsolute(root) && typeof readable === 'boolean', 'an entry has a bad context');
    check(Number.isInteger(queries) && (queries as number) >= 0 && (queries as number) < contexts.length, 'an entry names a context that is not there');
    context = { root, readable, queries: contexts[queries as number] };
  }
  return {
    text: value.text,
    maxFileSize: value.maxFileSize,
    failureThreshold: value.failureThreshold as FailureThreshold | null,
    configFile: value.configFile as string | null,
    allRulesOff: value.allRulesOff,
    contextRefused: value.contextRefused,
    fixes: value.fixes,
    findings: value.findings.map((finding) => readFinding(finding, ruleSet)),
    notes: value.notes.map(readNote),
    facts: readFacts(value.facts),
    context,
  };
}

/** Line lengths of a text, in UTF-16 units (as the engine's columns count). */
function lineLengths(text: string): number[] {
  return text.split('\n').map((line) => line.length);
}

/** Whether a range lies inside the text (columns 1 past the end of a line allowed, and the line after the last). */
function rangeFits(range: { line: number; column: number; endLine: number; endColumn: number }, lengths: number[]): boolean {
  const fits = (line: number, column: number) => (line <= lengths.length ? column <= lengths[line - 1] + 2 : line === lengths.length + 1 && column === 1);
  return fits(range.line, range.column) && fits(range.endLine, range.endColumn);
}

export interface CacheOptions {
  /** The cache file (see cacheFilePath). */
  file: string;
  /** The user's signing key: an entry is trusted only from a file signed with it. */
  key: Buffer;
  /** The working directory. */
  cwd: string;
  /** Directories an entry's build context may lie in besides its Dockerfile's repository (--context). */
  allowedRoots: readonly string[];
  /** runKey() of this run. */
  run: string;
  ruleSet: RuleSet;
  /** --unsafe-fixes: whether an unsafe fix counts as one --fix applies. */
  unsafeFixes: boolean;
  /** A one-line note on stderr (the cache never fails a run). */
  warn: (message: string) => void;
  /** How the cache file is named in notes. */
  show: (file: string) => string;
}

export class LintCache {
  /** Entries served from the cache, and files linted, in this run. */
  hits = 0;
  misses = 0;
  private readonly entries = new Map<string, Entry>();
  /** Files looked up or stored this run: the others are kept, if they still exist. */
  private readonly seen = new Set<string>();
  /** Entries stored this run, with the context whose questions they take when saved. */
  private readonly fresh = new Map<string, NodeContextFileSystem>();
  /** Facts and question sets already checked this run (entries of one context share one set). */
  private readonly factsFound = new Map<string, string>();
  private readonly queriesChecked = new Map<Record<string, string>, boolean>();
  /** `false` when the cache file must not be written (a symbolic link, not a regular file). */
  private writable = true;
  private dirty = false;

  constructor(private readonly options: CacheOptions) {
    this.load();
  }

  /**
   * The cached lint of a file when nothing it depends on changed, before its setup is found:
   * a hit reads the file and checks facts, and parses nothing. `fixing`: --fix or --fix-dry-run,
   * which need the lint itself when a fix could apply.
   */
  lookup(absolutePath: string, session: NodeSession, { fixing = false } = {}): CachedLint | undefined {
    this.seen.add(absolutePath);
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
   * Keeps the lint of a file: `text` is its text on disk now, `facts` what its setup rested on
   * (NodeSession.capture around Linter.setup), `maxFileSize` the limit it was read with.
   */
  store(absolutePath: string, text: string, setup: FileSetup, facts: ReadonlyMap<string, string>, maxFileSize: number, findings: Finding[], notes: readonly ContextNote[], allRulesOff: boolean): void {
    this.seen.add(absolutePath);
    this.dirty = true;
    const fileSystem = setup.buildContext?.fileSystem;
    const context = fileSystem instanceof NodeContextFileSystem && fileSystem.queries ? fileSystem : undefined;
    const cleanNote = (note: ContextNote) => isCleanString(note.path, MAX_PATH_LENGTH) && path.isAbsolute(note.path) && isCleanString(note.message, MAX_NOTE_LENGTH) && note.message.length > 0;
    const refused = setup.contextRefused;
    // A context the cache cannot question again, or a note it could not give back unchanged
    // (notes go to stderr as they are): not cached.
    if ((setup.buildContext && !context) || !notes.every(cleanNote) || (refused !== undefined && !(isCleanString(refused, MAX_NOTE_LENGTH) && refused.length > 0))) {
      this.entries.delete(absolutePath);
      return;
    }
    this.entries.set(absolutePath, {
      text: sha256(text),
      maxFileSize,
      failureThreshold: setup.loaded.config.failureThreshold ?? null,
      configFile: setup.loaded.file ?? null,
      allRulesOff,
      contextRefused: refused ?? null,
      fixes: findings.some((finding) => finding.fix !== undefined && (finding.fix.applicability !== 'unsafe' || this.options.unsafeFixes)),
      // What a formatter shows: no `fix` (edits on offsets) is kept.
      findings: findings.map(({ fix: _fix, ...shown }) => shown),
      notes: notes.map((note) => ({ path: note.path, message: note.message })),
      facts: compactFacts(facts),
      context: context ? { root: context.root, readable: context.readable, queries: {} } : null,
    });
    if (context) this.fresh.set(absolutePath, context);
  }

  /** Writes the cache, dropping the entries of files that no longer exist. */
  save(): void {
    if (!this.writable) return;
    for (const file of this.entries.keys()) {
      if (this.seen.has(file)) continue;
      try {
        lstatSync(file);
      } catch {
        this.entries.delete(file);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    // Every context's questions are taken now, at the end: an entry then carries all that any
    // Dockerfile of its context asked, a superset of its own (safe, and one set per context).
    const snapshots = new Map<NodeContextFileSystem, Record<string, string>>();
    for (const [file, fileSystem] of this.fresh) {
      const entry = this.entries.get(file);
      if (!entry?.context) continue;
      let snapshot = snapshots.get(fileSystem);
      if (!snapshot) snapshots.set(fileSystem, (snapshot = Object.fromEntries(fileSystem.queries ?? [])));
      entry.context.queries = snapshot;
    }
    const contexts: Record<string, string>[] = [];
    const indices = new Map<Record<string, string>, number>();
    const entries: Record<string, unknown> = {};
    for (const [file, entry] of this.entries) {
      let context: { root: string; readable: boolean; queries: number } | null = null;
      if (entry.context) {
        let index = indices.get(entry.context.queries);
        if (index === undefined) {
          indices.set(entry.context.queries, (index = contexts.length));
          contexts.push(entry.context.queries);
        }
        context = { root: entry.context.root, readable: entry.context.readable, queries: index };
      }
      entries[file] = { ...entry, context };
    }
    this.write(JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, run: this.options.run, contexts, entries }));
  }

  private holds(entry: Entry, absolutePath: string, session: NodeSession): boolean {
    // Only what lies in the file's repository (or the working directory) is ever looked at: an
    // entry that names other paths was not written by a run of ours over this file.
    const boundary = contextBoundary(absolutePath, session);
    const inside = (file: string) => isInside(file, boundary) || this.options.allowedRoots.some((root) => isInside(file, root));
    if (entry.context && !inside(entry.context.root)) return false;
    for (const fact in entry.facts) if (!inside(fact.slice(fact.indexOf(':') + 1))) return false;
    if (entry.configFile !== null && !inside(entry.configFile)) return false;
    for (const fact in entry.facts) if (!this.factHolds(fact, entry.facts[fact], session)) return false;
    const context = entry.context;
    let fileSystem: NodeContextFileSystem | undefined;
    if (context) {
      const shared = sharedContext(context.root, context.readable, session).fileSystem;
      if (!(shared instanceof NodeContextFileSystem) || !shared.queries) return false;
      fileSystem = shared;
      let same = this.queriesChecked.get(context.queries);
      if (same === undefined) {
        same = true;
        for (const query in context.queries) {
          if (answer(shared, query) !== context.queries[query]) {
            same = false;
            break;
          }
        }
        this.queriesChecked.set(context.queries, same);
      }
      if (!same) return false;
    }
    const bytes = readBytes(absolutePath, entry.maxFileSize);
    if (bytes === undefined || sha256(bytes) !== entry.text) return false;
    // Positions must lie in the file they point into: in the Dockerfile, or in a context file
    // the lint read (whose text is unchanged, as its answer above says).
    let lengths: number[] | undefined;
    let readFiles: Set<string> | undefined;
    for (const finding of entry.findings) {
      if (finding.filePath === undefined) {
        const known = (lengths ??= lineLengths(bytes.toString('utf8').replace(/^\ufeff/, '')));
        if (!rangeFits(finding, known) || !(finding.fixEdits ?? []).every((edit) => rangeFits(edit, known))) return false;
        continue;
      }
      if (!readFiles) {
        readFiles = new Set();
        for (const query in context?.queries ?? {}) {
          if (query.startsWith('r') && context?.queries[query].startsWith('text:')) readFiles.add(path.join(context.root, query.slice(query.indexOf(':') + 1)));
        }
      }
      if (!readFiles.has(finding.filePath) || (finding.fixEdits !== undefined && finding.fixEdits.length > 0)) return false;
    }
    return fileSystem !== undefined || context === null;
  }

  /** Asks again what a fact recorded, once per run. */
  private factHolds(fact: string, expected: string, session: NodeSession): boolean {
    // `N:` facts of one directory can name different sets of names: each set is its own question.
    const memo = fact.startsWith('N:') ? `${fact}\0${expected}` : fact;
    const known = this.factsFound.get(memo);
    if (known !== undefined) return known === expected;
    const colon = fact.indexOf(':');
    const op = fact.slice(0, colon);
    const target = fact.slice(colon + 1);
    let found: string;
    if (op === 'n') {
      const slash = target.lastIndexOf('/');
      found = session.entryType(slash === 0 ? '/' : target.slice(0, slash), target.slice(slash + 1));
    } else if (op === 'N') {
      // Names absent from a directory: still absent (an unlistable directory answers `nodir`).
      found = expected.split('/').every((name) => name !== '' && session.entryType(target, name) === 'absent') ? expected : 'changed';
    } else if (op === 'g') found = repositoryRoot(target, session) ?? '';
    else if (op === 'p') found = session.realPath(target) ?? 'absent';
    else {
      // Compared as bytes: text the same as before has the same SHA-256 (see readBytes).
      const bytes = readBytes(target, Number(op.slice(1)));
      found = bytes === undefined ? 'unread' : `text:${sha256(bytes)}`;
      if (found !== expected) found = textAnswer(readTextLimited(target, Number(op.slice(1))));
    }
    this.factsFound.set(memo, found);
    return found === expected;
  }

  private load(): void {
    const { file, warn, show } = this.options;
    let descriptor: number | undefined;
    let data: Buffer;
    try {
      try {
        descriptor = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          this.placeholder();
          return;
        }
        if (code === 'ELOOP' || code === 'EMLINK') {
          this.writable = false;
          warn(`${show(file)} is a symbolic link: the cache is not used (remove it or choose another --cache-location)`);
          return;
        }
        if (code === 'EISDIR') throw new Invalid('is a directory');
        throw error;
      }
      const stats = fstatSync(descriptor);
      if (!stats.isFile()) {
        this.writable = false;
        warn(`${show(file)} is not a regular file: the cache is not used`);
        return;
      }
      if (stats.size > MAX_CACHE_BYTES) throw new Invalid('it is larger than 32 MiB');
      // The placeholder of a first run (see placeholder()), or of one that was interrupted.
      if (stats.size === 0) return;
      data = Buffer.allocUnsafe(stats.size);
      let total = 0;
      while (total < data.length) {
        const count = readSync(descriptor, data, total, data.length - total, null);
        if (count === 0) break;
        total += count;
      }
      // Only a file this user's runs signed is parsed at all.
      const body = unseal(this.options.key, data.subarray(0, total));
      if (body === undefined) throw new Invalid("it is not signed with this user's key");
      check(countTokens(body) <= MAX_CACHE_TOKENS, 'it holds too many items');
      this.parse(body.toString('utf8'));
    } catch (error) {
      this.entries.clear();
      this.dirty = true;
      if (error instanceof Invalid) warn(`${show(file)}: not a valid cache (${error.message}), so it is ignored and will be rewritten`);
      else {
        const code = (error as NodeJS.ErrnoException).code;
        this.writable = code !== 'EISDIR';
        warn(`${show(file)}: the cache cannot be read (${code ?? (error as Error).message}), so it is ignored`);
      }
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }

  private parse(text: string): void {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new Invalid('not JSON');
    }
    check(isRecord(document) && document.format === FORMAT, 'not a fastapi-docker-lint cache');
    // Another version of the cache, or another run key (version, rules, day, directory): start afresh.
    if (document.version !== FORMAT_VERSION || document.run !== this.options.run) {
      this.dirty = true;
      return;
    }
    onlyKeys(document, ['format', 'version', 'run', 'contexts', 'entries'], 'the cache');
    check(Array.isArray(document.contexts) && isRecord(document.entries), 'the cache has no contexts or entries');
    check(document.contexts.length <= MAX_CACHE_ENTRIES && Object.keys(document.entries).length <= MAX_CACHE_ENTRIES, 'it holds too many entries');
    const contexts = document.contexts.map(readQueries);
    for (const [file, entry] of Object.entries(document.entries)) {
      check(file.length <= MAX_PATH_LENGTH && path.isAbsolute(file) && !file.includes('\0'), 'an entry has a bad path');
      this.entries.set(file, readEntry(entry, this.options.ruleSet, contexts));
    }
  }

  /**
   * A first run creates an empty cache file before it lints: the cache usually sits in a build
   * context (the project's root), and a lint that lists the context must see the same names
   * on the next run, or no entry would ever be used. (Empty reads as no cache.)
   */
  private placeholder(): void {
    if (refusedWritePlace(this.options.file, this.options.cwd) !== undefined) return;
    try {
      mkdirSync(path.dirname(this.options.file), { recursive: true });
      closeSync(openSync(this.options.file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644));
      this.dirty = true;
    } catch {
      // Not possible here: save() says why.
    }
  }

  /** Temporary file and rename in the cache's directory (src/node/atomic-write.ts), never through a symbolic link. */
  private write(text: string): void {
    const { file, warn, show } = this.options;
    const refused = refusedWritePlace(file, this.options.cwd);
    if (refused !== undefined) {
      warn(`${show(file)}: the cache is not written: ${refused}`);
      return;
    }
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      replaceAtomically(file, seal(this.options.key, Buffer.from(text, 'utf8')), undefined, undefined, () => {
        // A link (or directory) put in the cache's place since it was read is not replaced.
        const now = lstatSync(file, { throwIfNoEntry: false });
        if (now && !now.isFile()) throw new NotReplaced();
      });
    } catch (error) {
      if (error instanceof NotReplaced) warn(`${show(file)} is not a regular file: the cache is not written`);
      else warn(`${show(file)}: the cache could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
}
