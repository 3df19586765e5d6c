/**
 * The language server: diagnostics as you type, quick fixes, a fix-all source action, an
 * "ignore this rule here" action and hovers, over the Language Server Protocol.
 *
 * It lints the editor's unsaved text with the same Node API as the CLI (config and build context
 * found exactly as the CLI finds them), so a diagnostic in the editor is the finding CI reports.
 * The protocol plumbing is vscode-languageserver's; this module only maps findings to it.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type TextDocumentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Finding } from '../core/lint.js';
import type { Rule } from '../core/rule.js';
import { ruleDocUrl } from '../core/docs/markdown.js';
import { ignoreCommentEdit } from './ignore-comment.js';

export const SOURCE = 'fastapi-docker-lint';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

/** What the server needs from the linter: the Node API, or a stand-in in tests. */
export interface DocumentLinter {
  /**
   * The workspace folders the client opened: outside a repository, a build context (a config's
   * `context: ..`) may not lead out of the folder holding the file. Called once, on initialize.
   */
  setWorkspaceFolders(folders: string[]): void;
  /** The largest document linted (the file's `max-file-size`); a larger one gets one diagnostic. */
  maxFileSize(filePath: string | undefined): number;
  /** Findings for a document's text; `filePath` places it in its project (config, build context). */
  lintText(text: string, filePath: string | undefined): Finding[];
  /** The text after every safe fix, and what is still found. */
  fixText(text: string, filePath: string | undefined): { output: string; findings: Finding[] };
  /** Forget what was read from disk (config, build-context files), after a change there. */
  invalidate(): void;
  /** The rule behind a code, for hovers and links. */
  findRule(code: string): Rule | undefined;
}

export interface ServerOptions {
  /** Milliseconds to wait after a change before linting, so fast typing lints once. */
  debounceMs?: number;
  /** Milliseconds to gather watched-file changes (a checkout, a build) into one re-lint. */
  watchedFilesMs?: number;
}

/** The most diagnostics published for one file; one more says how many were left out. */
export const MAX_DIAGNOSTICS = 1000;

/** Files whose change on disk can change a Dockerfile's findings. */
export const WATCHED_FILE_PATTERNS = [
  '**/.fastapi-docker-lint.{yaml,yml,json}',
  '**/pyproject.toml',
  '**/requirements*.txt',
  '**/*.dockerignore',
  '**/.dockerignore',
  '**/{compose,docker-compose}.{yaml,yml}',
  '**/{Pipfile,setup.py,poetry.lock,uv.lock}',
];

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

interface DiagnosticData {
  ruleId: string;
  /** The document version the finding was computed on: a fix only applies to that text. */
  version: number;
  fixable: boolean;
}

/** At most MAX_DIAGNOSTICS, and one that says how many more there are. */
function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const next = diagnostics[MAX_DIAGNOSTICS];
  shown.push({
    range: next.range,
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `${diagnostics.length - MAX_DIAGNOSTICS} more problems are not shown (only the first ${MAX_DIAGNOSTICS} are): run fastapi-docker-lint on the file to see them all.`,
  });
  return shown;
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${bytes} bytes`;
}

function filePathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** Our positions are 1-based with an exclusive end; LSP's are 0-based, also exclusive. */
function rangeOf(finding: { line: number; column: number; endLine: number; endColumn: number }): Range {
  return {
    start: { line: finding.line - 1, character: finding.column - 1 },
    end: { line: finding.endLine - 1, character: finding.endColumn - 1 },
  };
}

function editsOf(finding: Finding): TextEdit[] {
  return (finding.fixEdits ?? []).map((edit) => ({ range: rangeOf(edit), newText: edit.text }));
}

function containsPosition(range: Range, line: number, character: number): boolean {
  const afterStart = line > range.start.line || (line === range.start.line && character >= range.start.character);
  const beforeEnd = line < range.end.line || (line === range.end.line && character <= range.end.character);
  return afterStart && beforeEnd;
}

/** What one server keeps between messages: the documents, their findings, the timers. */
class ServerSession {
  readonly documents = new TextDocuments(TextDocument);
  readonly pending = new Map<string, NodeJS.Timeout>();
  /** The findings last computed for each open document, to answer code actions and hovers. */
  readonly findingsOf = new Map<string, { version: number; findings: Finding[] }>();
  /** Diagnostics published into other files (a requirements.txt), by the document that found them. */
  readonly foreignDiagnostics = new Map<string, Map<string, Diagnostic[]>>();
  /** When each document last changed, to tell typing (a burst) from a first change. */
  readonly lastChange = new Map<string, number>();
  canWatchFiles = false;
  watchedFilesTimer: NodeJS.Timeout | undefined;
  burstStarted: number | undefined;
  readonly debounceMs: number;
  readonly watchedFilesMs: number;

  constructor(
    readonly connection: Connection,
    readonly linter: DocumentLinter,
    options: ServerOptions,
  ) {
    this.debounceMs = options.debounceMs ?? 30;
    this.watchedFilesMs = options.watchedFilesMs ?? 200;
  }

  toDiagnostic(finding: Finding, version: number): Diagnostic {
    const rule = this.linter.findRule(finding.ruleId);
    const data: DiagnosticData = { ruleId: finding.ruleId, version, fixable: finding.fixable };
    return {
      range: rangeOf(finding),
      severity: SEVERITY[finding.severity],
      code: finding.ruleId,
      codeDescription: rule ? { href: ruleDocUrl(rule) } : undefined,
      source: SOURCE,
      message: finding.message,
      data,
    };
  }

  publishForeign(ownerUri: string, byFile: Map<string, Diagnostic[]>): void {
    const before = this.foreignDiagnostics.get(ownerUri) ?? new Map<string, Diagnostic[]>();
    this.foreignDiagnostics.set(ownerUri, byFile);
    for (const uri of new Set([...before.keys(), ...byFile.keys()])) {
      // A requirements file can be read by several Dockerfiles: publish what all of them found.
      const merged: Diagnostic[] = [];
      const seen = new Set<string>();
      for (const owner of this.foreignDiagnostics.values()) {
        for (const diagnostic of owner.get(uri) ?? []) {
          const key = `${diagnostic.code}:${diagnostic.range.start.line}:${diagnostic.range.start.character}:${diagnostic.message}`;
          if (!seen.has(key)) {
            seen.add(key);
            merged.push(diagnostic);
          }
        }
      }
      void this.connection.sendDiagnostics({ uri, diagnostics: capped(merged) });
    }
  }

  lintDocument(document: TextDocument): void {
    const { connection, linter } = this;
    let findings: Finding[];
    const text = document.getText();
    const filePath = filePathOf(document.uri);
    try {
      // A document over the file's max-file-size is not linted (the CLI skips such a file): one
      // diagnostic says so, on every change, at the cost of measuring it.
      const limit = linter.maxFileSize(filePath);
      const size = text.length > limit / 3 ? Buffer.byteLength(text, 'utf8') : text.length;
      if (size > limit) {
        this.findingsOf.set(document.uri, { version: document.version, findings: [] });
        const message = `This file is larger than ${describeBytes(limit)} (max-file-size), so it is not linted.`;
        void connection.sendDiagnostics({
          uri: document.uri,
          version: document.version,
          diagnostics: [
            { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, source: SOURCE, message },
          ],
        });
        this.publishForeign(document.uri, new Map());
        return;
      }
      findings = linter.lintText(text, filePath);
    } catch (error) {
      // A bad config file is the user's to fix: say it once, keep the server up.
      connection.console.error(`${SOURCE}: ${(error as Error).message}`);
      connection.window.showErrorMessage(`${SOURCE}: ${(error as Error).message}`);
      findings = [];
    }
    this.findingsOf.set(document.uri, { version: document.version, findings });
    const own: Diagnostic[] = [];
    const foreign = new Map<string, Diagnostic[]>();
    for (const finding of findings) {
      if (finding.filePath === undefined) {
        own.push(this.toDiagnostic(finding, document.version));
        continue;
      }
      const uri = pathToFileURL(finding.filePath).href;
      if (!foreign.has(uri)) foreign.set(uri, []);
      (foreign.get(uri) as Diagnostic[]).push(this.toDiagnostic(finding, -1));
    }
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: capped(own) });
    this.publishForeign(document.uri, foreign);
  }

  schedule(document: TextDocument, delay: number): void {
    clearTimeout(this.pending.get(document.uri));
    this.pending.set(
      document.uri,
      setTimeout(() => {
        this.pending.delete(document.uri);
        const current = this.documents.get(document.uri);
        if (current) this.lintDocument(current);
      }, delay),
    );
  }
}

function initialize(session: ServerSession, params: InitializeParams): InitializeResult {
  session.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  // The folders opened (else the root the client names): never the server's working directory.
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const folders = uris.map(filePathOf).filter((folder): folder is string => folder !== undefined);
  if (folders.length === 0 && params.rootPath) folders.push(params.rootPath);
  session.linter.setWorkspaceFolders(folders);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
    },
    serverInfo: { name: SOURCE },
  };
}

function initialized(session: ServerSession): void {
  if (session.canWatchFiles) {
    void session.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED_FILE_PATTERNS.map((globPattern) => ({ globPattern })),
    });
  }
}

function documentOpened(session: ServerSession, event: TextDocumentChangeEvent<TextDocument>): void {
  session.lintDocument(event.document);
}

/**
 * The first change after a pause is linted at once; changes that follow it quickly (typing)
 * wait for a pause of debounceMs, so a burst is linted once.
 */
function documentChanged(session: ServerSession, event: TextDocumentChangeEvent<TextDocument>): void {
  const now = Date.now();
  const inBurst = now - (session.lastChange.get(event.document.uri) ?? 0) < session.debounceMs;
  session.lastChange.set(event.document.uri, now);
  session.schedule(event.document, inBurst ? session.debounceMs : 0);
}

function documentClosed(session: ServerSession, event: TextDocumentChangeEvent<TextDocument>): void {
  const uri = event.document.uri;
  clearTimeout(session.pending.get(uri));
  session.pending.delete(uri);
  session.lastChange.delete(uri);
  session.findingsOf.delete(uri);
  void session.connection.sendDiagnostics({ uri, diagnostics: [] });
  session.publishForeign(uri, new Map());
  session.foreignDiagnostics.delete(uri);
}

/**
 * A checkout or a build changes thousands of files at once: what was read is forgotten at once
 * (a document linted meanwhile reads the disk anew), and the open documents are linted again
 * once the changes pause for watchedFilesMs (at most 10 × that after the first).
 */
function watchedFilesChanged(session: ServerSession): void {
  session.linter.invalidate();
  const now = Date.now();
  session.burstStarted ??= now;
  clearTimeout(session.watchedFilesTimer);
  session.watchedFilesTimer = setTimeout(
    () => {
      session.watchedFilesTimer = undefined;
      session.burstStarted = undefined;
      for (const document of session.documents.all()) session.lintDocument(document);
    },
    Math.max(0, Math.min(session.watchedFilesMs, session.burstStarted + 10 * session.watchedFilesMs - now)),
  );
}

function codeActions(session: ServerSession, params: CodeActionParams): CodeAction[] {
  const document = session.documents.get(params.textDocument.uri);
  const state = session.findingsOf.get(params.textDocument.uri);
  if (!document || !state || state.version !== document.version) return [];
  const uri = document.uri;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  const text = document.getText();

  if (wants(CodeActionKind.QuickFix)) {
    const inRange = state.findings.filter(
      (finding) => finding.filePath === undefined && !(finding.endLine - 1 < params.range.start.line || finding.line - 1 > params.range.end.line),
    );
    for (const finding of inRange) {
      const diagnostic = session.toDiagnostic(finding, state.version);
      if (finding.fixable && finding.fixEdits?.length) {
        actions.push({
          // An unsafe fix is offered as the user's choice, as ruff's server does: named so, never preferred (fix-all leaves it out).
          title: `${finding.fix?.title ?? `Fix ${finding.ruleId} (${finding.ruleName})`}${finding.unsafeFix ? ' (unsafe fix)' : ''}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: !finding.unsafeFix,
          edit: { changes: { [uri]: editsOf(finding) } },
        });
      }
      const ignore = ignoreCommentEdit(text, finding);
      if (ignore) {
        actions.push({
          title: `Ignore ${finding.ruleId} (${finding.ruleName}) for this instruction`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [uri]: [ignore] } },
        });
      }
    }
  }

  if (wants(FIX_ALL_KIND) && state.findings.some((finding) => finding.fixable)) {
    const { output } = session.linter.fixText(text, filePathOf(uri));
    if (output !== text) {
      const whole: Range = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
      actions.push({
        title: `Fix all ${SOURCE} problems`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [uri]: [{ range: whole, newText: output }] } },
      });
    }
  }
  return actions;
}

function hover(session: ServerSession, params: HoverParams): Hover | null {
  const state = session.findingsOf.get(params.textDocument.uri);
  if (!state) return null;
  const { line, character } = params.position;
  const here = state.findings.filter((finding) => finding.filePath === undefined && containsPosition(rangeOf(finding), line, character));
  if (here.length === 0) return null;
  const sections = here.map((finding) => {
    const rule = session.linter.findRule(finding.ruleId);
    if (!rule) return `**${finding.ruleId}**: ${finding.message}`;
    return `**${rule.code} ${rule.name}**: ${rule.summary}\n\n${rule.docs.why}\n\n[Documentation](${ruleDocUrl(rule)})`;
  });
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: rangeOf(here[0]) };
}

/**
 * What the server answers, by LSP method: requests and notifications from the client, and the
 * open documents' events (which `TextDocuments` turns the didOpen/didChange/didClose
 * notifications into). Adding a capability means adding a row here and its capability in
 * `initialize`.
 */
const HANDLERS = {
  initialize: (session: ServerSession, connection: Connection) => connection.onInitialize((params) => initialize(session, params)),
  initialized: (session: ServerSession, connection: Connection) => connection.onInitialized(() => initialized(session)),
  'textDocument/didOpen': (session: ServerSession) => session.documents.onDidOpen((event) => documentOpened(session, event)),
  'textDocument/didChange': (session: ServerSession) => session.documents.onDidChangeContent((event) => documentChanged(session, event)),
  'textDocument/didClose': (session: ServerSession) => session.documents.onDidClose((event) => documentClosed(session, event)),
  'workspace/didChangeWatchedFiles': (session: ServerSession, connection: Connection) => connection.onDidChangeWatchedFiles(() => watchedFilesChanged(session)),
  'textDocument/codeAction': (session: ServerSession, connection: Connection) => connection.onCodeAction((params) => codeActions(session, params)),
  'textDocument/hover': (session: ServerSession, connection: Connection) => connection.onHover((params) => hover(session, params)),
} satisfies Record<string, (session: ServerSession, connection: Connection) => unknown>;

export function startServer(connection: Connection, linter: DocumentLinter, options: ServerOptions = {}): void {
  const session = new ServerSession(connection, linter, options);
  for (const register of Object.values(HANDLERS)) register(session, connection);
  session.documents.listen(connection);
  connection.listen();
}
