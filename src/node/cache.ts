/**
 * `--cache`: the findings of each Dockerfile kept between runs, so a run over unchanged files
 * lints nothing.
 *
 * An entry is used only when everything its lint depended on is unchanged:
 * - the run: the tool's version, the rule set (codes, names, default severities), the day (for
 *   the support-window rules, unless --today fixes it), the working directory;
 * - the file: its absolute path and the SHA-256 of its text;
 * - its setup, found afresh on every run: the config file and its settings, every override
 *   (--rule, --ignore, --deploy-target, --behind-proxy, --unsafe-fixes, ...), the build
 *   context's root, origin and Compose service (with the Compose file's parsed content);
 * - its build context: every question the lint asked of it (does `app/main.py` exist, what is in
 *   `app/`, what does `requirements.txt` say) with its answer (a kind, the SHA-256 of a listing
 *   or of a file's text). They are asked again, and each answer must be the same. Content is
 *   always compared, never sizes or times: reading these small files costs about what a stat does.
 *
 * The cache is data we do not trust: a file anyone could have written (a repository can commit
 * one, a CI cache can restore one). It is JSON, read with a size limit, never through a
 * symbolic link, and checked field by field (every finding's rule exists, its positions lie in
 * the file, its fix edits too); anything wrong and the whole file is ignored, said once on
 * stderr, and rewritten. Fix edits are kept only to be shown (SARIF), never applied: `--fix`
 * never takes an entry that has a fix to apply. It is written to a temporary file beside it and
 * renamed over it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Finding, PositionedEdit } from '../engine.js';
import type { RuleSet } from '../rule-set.js';
import type { ContextNote } from '../context/build-context.js';
import type { FileSetup } from './linter.js';
import { NodeContextFileSystem } from './context-file-system.js';

/** The cache file's name: in the working directory, or in the directory --cache-location names. */
export const CACHE_FILE_NAME = '.fdlcache';
/** A cache file larger than this is not read (and is rewritten). */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;

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
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What a cached lint gives back: its findings and the notes about its build context. */
export interface CachedLint {
  findings: Finding[];
  notes: ContextNote[];
}

interface Entry {
  /** SHA-256 of the run key and the file's setup. */
  key: string;
  /** SHA-256 of the file's text. */
  text: string;
  /** Whether a finding had a fix that --fix would apply (such an entry never serves --fix). */
  fixes: boolean;
  findings: Finding[];
  notes: ContextNote[];
  /** The build context's questions and answers (shared by the entries of one context), or null. */
  queries: Record<string, string> | null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `--cache-location`: a directory (existing, or written with a trailing slash) holds `.fdlcache`. */
export function cacheFilePath(location: string | undefined, cwd: string): string {
  if (location === undefined) return path.join(cwd, CACHE_FILE_NAME);
  const resolved = path.resolve(cwd, location);
  if (/[\\/]$/.test(location)) return path.join(resolved, CACHE_FILE_NAME);
  try {
    if (statSync(resolved).isDirectory()) return path.join(resolved, CACHE_FILE_NAME);
  } catch {
    // Not there yet: a file.
  }
  return resolved;
}

/** What the results of every file of this run depend on, beyond the file and its setup. */
export function runKey(version: string, ruleSet: RuleSet, today: Date | string | undefined, cwd: string): string {
  const day = today === undefined ? new Date().toISOString().slice(0, 10) : today instanceof Date ? today.toISOString() : today;
  const rules = ruleSet.rules.map((rule) => [rule.code, rule.name, rule.severity, rule.fixable === true]);
  return sha256(JSON.stringify({ format: FORMAT_VERSION, version, rules, day, cwd }));
}

/** The setup of a file as data: config file and settings, overrides, and where its context is. */
function setupFingerprint(setup: FileSetup): string {
  const { loaded, options, buildContext, contextRefused } = setup;
  const context = buildContext && {
    root: buildContext.root,
    dockerfile: buildContext.dockerfilePath ?? null,
    origin: buildContext.origin,
    refused: buildContext.refused ?? null,
    compose: buildContext.compose ? { service: buildContext.compose.service, file: buildContext.compose.file } : null,
  };
  const today = options.today instanceof Date ? options.today.toISOString() : (options.today ?? null);
  return JSON.stringify({
    configFile: loaded.file ?? null,
    config: loaded.config,
    configRefused: loaded.contextRefused ?? null,
    contextRefused: contextRefused ?? null,
    options: { ...options, buildContext: undefined, today },
    context: context ?? null,
  });
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
  const finding: Finding = {
    ruleId: rule.code,
    ruleName: rule.name,
    severity: value.severity as Finding['severity'],
    message: value.message,
    line: value.line as number,
    column: value.column as number,
    endLine: value.endLine as number,
    endColumn: value.endColumn as number,
    fixable: value.fixable,
  };
  if (value.filePath !== undefined) {
    check(isCleanString(value.filePath, MAX_PATH_LENGTH) && path.isAbsolute(value.filePath), `a finding of ${rule.code} has a bad file path`);
    finding.filePath = value.filePath;
  }
  if (value.fixEdits !== undefined) {
    check(value.fixable && Array.isArray(value.fixEdits) && value.fixEdits.length <= 1000, `a finding of ${rule.code} has bad fix edits`);
    finding.fixEdits = value.fixEdits.map((edit): PositionedEdit => {
      check(isRecord(edit), 'a fix edit is not an object');
      onlyKeys(edit, ['line', 'column', 'endLine', 'endColumn', 'text'], 'a fix edit');
      readRange(edit, 'a fix edit');
      check(typeof edit.text === 'string' && edit.text.length <= MAX_EDIT_TEXT, 'a fix edit has no text or one too long');
      return { line: edit.line as number, column: edit.column as number, endLine: edit.endLine as number, endColumn: edit.endColumn as number, text: edit.text };
    });
  }
  return finding;
}

function readNote(value: unknown): ContextNote {
  check(isRecord(value), 'a note is not an object');
  onlyKeys(value, ['path', 'message'], 'a note');
  // Notes are written to stderr as they are: no control character may come from the cache.
  check(isCleanString(value.path, MAX_PATH_LENGTH) && path.isAbsolute(value.path), 'a note has a bad path');
  check(isCleanString(value.message, MAX_NOTE_LENGTH) && value.message.length > 0, 'a note has a bad message');
  return { path: value.path, message: value.message };
}

function readQueries(value: unknown): Record<string, string> {
  check(isRecord(value), 'a context is not an object');
  const queries: Record<string, string> = Object.create(null);
  for (const [query, result] of Object.entries(value)) {
    check(QUERY.test(query) && query.length <= MAX_PATH_LENGTH + 16, 'a context question is malformed');
    const relative = query.slice(query.indexOf(':') + 1);
    // Paths as the build context normalises them: relative, no `.` or `..`, no empty segment.
    check(query.startsWith('e:') ? relative === '' : relative === '' || relative.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !segment.includes('\0')), 'a context path is malformed');
    check(typeof result === 'string' && result.length <= 80, 'a context answer is malformed');
    queries[query] = result;
  }
  return queries;
}

function readEntry(value: unknown, ruleSet: RuleSet, contexts: Record<string, string>[]): Entry {
  check(isRecord(value), 'an entry is not an object');
  onlyKeys(value, ['key', 'text', 'fixes', 'findings', 'notes', 'context'], 'an entry');
  check(typeof value.key === 'string' && HASH.test(value.key) && typeof value.text === 'string' && HASH.test(value.text), 'an entry has a bad key');
  check(typeof value.fixes === 'boolean', 'an entry has a bad fixes field');
  check(Array.isArray(value.findings) && value.findings.length <= MAX_FINDINGS, 'an entry has no list of findings');
  check(Array.isArray(value.notes) && value.notes.length <= 1000, 'an entry has no list of notes');
  check(value.context === null || (Number.isInteger(value.context) && (value.context as number) >= 0 && (value.context as number) < contexts.length), 'an entry names a context that is not there');
  return {
    key: value.key,
    text: value.text,
    fixes: value.fixes,
    findings: value.findings.map((finding) => readFinding(finding, ruleSet)),
    notes: value.notes.map(readNote),
    queries: value.context === null ? null : contexts[value.context as number],
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
  private readonly fresh = new Map<string, NodeContextFileSystem | undefined>();
  /** Question sets already checked this run (entries of one context share one). */
  private readonly checked = new Map<Record<string, string>, boolean>();
  /** `false` when the cache file must not be written (a symbolic link, not a regular file). */
  private writable = true;
  private dirty = false;

  constructor(private readonly options: CacheOptions) {
    this.load();
  }

  /**
   * The cached findings of a file when nothing they depend on changed. `fixing`: --fix or
   * --fix-dry-run, which need the lint itself when a fix could apply.
   */
  lookup(absolutePath: string, text: string, setup: FileSetup, { fixing = false } = {}): CachedLint | undefined {
    this.seen.add(absolutePath);
    const entry = this.entries.get(absolutePath);
    const hit = entry !== undefined && !(fixing && entry.fixes) && this.holds(entry, text, setup);
    if (!hit) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { findings: entry.findings.map((finding) => ({ ...finding })), notes: entry.notes.map((note) => ({ ...note })) };
  }

  /** Keeps the findings of a file just linted (`text` is its text on disk now). */
  store(absolutePath: string, text: string, setup: FileSetup, findings: Finding[], notes: readonly ContextNote[]): void {
    this.seen.add(absolutePath);
    const fileSystem = setup.buildContext?.fileSystem;
    const context = fileSystem instanceof NodeContextFileSystem && fileSystem.queries ? fileSystem : undefined;
    if (setup.buildContext && !context) {
      // A context the cache cannot question again: never cached.
      this.entries.delete(absolutePath);
      this.dirty = true;
      return;
    }
    // Notes go to stderr as they are: one the cache could not give back unchanged is not cached.
    if (!notes.every((note) => isCleanString(note.path, MAX_PATH_LENGTH) && path.isAbsolute(note.path) && isCleanString(note.message, MAX_NOTE_LENGTH) && note.message.length > 0)) {
      this.entries.delete(absolutePath);
      this.dirty = true;
      return;
    }
    const fixes = findings.some((finding) => finding.fix !== undefined && (finding.fix.applicability !== 'unsafe' || this.options.unsafeFixes));
    this.entries.set(absolutePath, {
      key: sha256(`${this.options.run}\0${setupFingerprint(setup)}`),
      text: sha256(text),
      fixes,
      // What a formatter shows: no `fix` (edits on offsets) is kept.
      findings: findings.map(({ fix: _fix, ...shown }) => shown),
      notes: notes.map((note) => ({ path: note.path, message: note.message })),
      queries: null,
    });
    this.fresh.set(absolutePath, context);
    this.dirty = true;
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
    for (const [file, context] of this.fresh) {
      const entry = this.entries.get(file);
      if (!entry || !context) continue;
      let snapshot = snapshots.get(context);
      if (!snapshot) snapshots.set(context, (snapshot = Object.fromEntries(context.queries ?? [])));
      entry.queries = snapshot;
    }
    const contexts: Record<string, string>[] = [];
    const indices = new Map<Record<string, string>, number>();
    const entries: Record<string, unknown> = {};
    for (const [file, entry] of this.entries) {
      let context: number | null = null;
      if (entry.queries) {
        context = indices.get(entry.queries) ?? contexts.length;
        if (context === contexts.length) {
          indices.set(entry.queries, context);
          contexts.push(entry.queries);
        }
      }
      entries[file] = { key: entry.key, text: entry.text, fixes: entry.fixes, findings: entry.findings, notes: entry.notes, context };
    }
    this.write(JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, run: this.options.run, contexts, entries }));
  }

  private holds(entry: Entry, text: string, setup: FileSetup): boolean {
    if (entry.text !== sha256(text) || entry.key !== sha256(`${this.options.run}\0${setupFingerprint(setup)}`)) return false;
    const fileSystem = setup.buildContext?.fileSystem;
    if (setup.buildContext && !(fileSystem instanceof NodeContextFileSystem && fileSystem.queries && entry.queries)) return false;
    if (!setup.buildContext && entry.queries) return false;
    if (entry.queries && fileSystem instanceof NodeContextFileSystem) {
      let same = this.checked.get(entry.queries);
      if (same === undefined) {
        same = Object.entries(entry.queries).every(([query, result]) => answer(fileSystem, query) === result);
        this.checked.set(entry.queries, same);
      }
      if (!same) return false;
    }
    // Positions must lie in the file they point into: in the Dockerfile, or in a context file
    // the lint read (whose text is unchanged, as its answer above says).
    const lengths = lineLengths(text.replace(/^\ufeff/, ''));
    const readFiles = new Set<string>();
    if (entry.queries && setup.buildContext) {
      for (const [query, result] of Object.entries(entry.queries)) {
        if (query.startsWith('r') && result.startsWith('text:')) readFiles.add(setup.buildContext.absolute(query.slice(query.indexOf(':') + 1)));
      }
    }
    return entry.findings.every((finding) => {
      if (finding.filePath !== undefined) return readFiles.has(finding.filePath) && (finding.fixEdits === undefined || finding.fixEdits.length === 0);
      return rangeFits(finding, lengths) && (finding.fixEdits ?? []).every((edit) => rangeFits(edit, lengths));
    });
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
        if (code === 'ENOENT') return;
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
      if (stats.size > MAX_CACHE_BYTES) throw new Invalid('it is larger than 64 MiB');
      data = Buffer.allocUnsafe(stats.size);
      let total = 0;
      while (total < data.length) {
        const count = readSync(descriptor, data, total, data.length - total, null);
        if (count === 0) break;
        total += count;
      }
      data = data.subarray(0, total);
      this.parse(data.toString('utf8'));
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
    const contexts = document.contexts.map(readQueries);
    for (const [file, entry] of Object.entries(document.entries)) {
      check(file.length <= MAX_PATH_LENGTH && path.isAbsolute(file) && !file.includes('\0'), 'an entry has a bad path');
      this.entries.set(file, readEntry(entry, this.options.ruleSet, contexts));
    }
  }

  /** Temporary file and rename in the cache's directory, never through a symbolic link. */
  private write(text: string): void {
    const { file, warn, show } = this.options;
    const directory = path.dirname(file);
    const temporary = path.join(directory, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    let created = false;
    try {
      mkdirSync(directory, { recursive: true });
      const descriptor = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      created = true;
      try {
        const bytes = Buffer.from(text, 'utf8');
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
      } finally {
        closeSync(descriptor);
      }
      // A link (or directory) put in the cache's place since it was read is not replaced.
      try {
        const now = lstatSync(file);
        if (!now.isFile()) {
          rmSync(temporary, { force: true });
          warn(`${show(file)} is not a regular file: the cache is not written`);
          return;
        }
      } catch {
        // Absent: the rename creates it.
      }
      renameSync(temporary, file);
    } catch (error) {
      if (created) rmSync(temporary, { force: true });
      warn(`${show(file)}: the cache could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
}
