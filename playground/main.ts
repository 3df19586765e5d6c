/**
 * The playground: a Dockerfile editor that lints as you type with the same core as the CLI,
 * bundled for the browser. The project files (requirements.txt, pyproject.toml, .dockerignore,
 * compose.yaml) and the paths listed under "other files" (app/main.py, ...) form an in-memory
 * build context, the whole of it: the checks speak only of what the page models. Nothing is
 * fetched or sent: the state lives in the URL fragment, so a link shares it.
 */
import { EditorView, minimalSetup } from 'codemirror';
import { EditorState, StateEffect, type Extension } from '@codemirror/state';
import { lineNumbers, highlightActiveLine, highlightActiveLineGutter } from '@codemirror/view';
import { StreamLanguage, syntaxHighlighting, bracketMatching } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { lintText, fixText, ruleDocUrl, type InMemoryFinding, type InMemoryOptions } from '../src/browser/index.js';
import { EXAMPLES } from './examples.js';

const DOCKERFILE = 'Dockerfile';
const PROJECT_FILES = ['requirements.txt', 'pyproject.toml', '.dockerignore', 'compose.yaml'] as const;
/** The tab listing the project's other files, one path per line: they exist, with no text to read. */
const OTHER_FILES = 'files';
const EDITED = [...PROJECT_FILES, OTHER_FILES];
const FILE_NAMES = [DOCKERFILE, ...EDITED];
const TAB_LABELS: Record<string, string> = { [OTHER_FILES]: 'other files' };
const FRAGMENT_KEYS: Record<string, string> = { [DOCKERFILE]: 'dockerfile' };
const fragmentKey = (file: string) => FRAGMENT_KEYS[file] ?? file;
const OTHER_FILES_HEADER =
  '# Other files of the project, one path per line (a folder ends with /).\n# With the tabs, they are the whole build context the checks read.\n';
const otherFilesText = (paths: readonly string[] = []) => OTHER_FILES_HEADER + paths.map((listed) => `${listed}\n`).join('');
/** Lint this long after the last keystroke: fast typing lints once, and findings follow within ~300 ms. */
const LINT_DELAY_MS = 150;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const behindProxyBox = $<HTMLInputElement>('behind-proxy');
const deployTargetSelect = $<HTMLSelectElement>('deploy-target');
const findingsList = $<HTMLUListElement>('findings');
const summary = $<HTMLSpanElement>('summary');

const views = new Map<string, EditorView>();
/** The project files' texts until their tab is first opened: an editor is made only when shown, so the page starts faster. */
const pendingTexts = new Map<string, string>();
const textOf = (file: string) => views.get(file)?.state.doc.toString() ?? pendingTexts.get(file) ?? '';
/**
 * "Lint again although this editor's text did not change": a project file or an option did.
 * (@codemirror/lint's forceLinting only hurries a lint already scheduled by an edit.)
 */
const relint = StateEffect.define<null>();
const needsRefresh = (update: { transactions: readonly { effects: readonly StateEffect<unknown>[] }[] }) =>
  update.transactions.some((transaction) => transaction.effects.some((effect) => effect.is(relint)));
const requestLint = (view: EditorView | undefined) => view?.dispatch({ effects: relint.of(null) });
let latest: InMemoryFinding[] = [];
let fragmentTimer: ReturnType<typeof setTimeout> | undefined;

function options(): InMemoryOptions {
  const files: Record<string, string> = {};
  for (const name of PROJECT_FILES) files[name] = textOf(name);
  return {
    files,
    paths: textOf(OTHER_FILES).split('\n'),
    behindProxy: behindProxyBox.checked,
    deployTarget: (deployTargetSelect.value || undefined) as InMemoryOptions['deployTarget'],
  };
}

function offsetOf(view: EditorView, line: number, column: number): number {
  const lineInfo = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
  return Math.min(lineInfo.from + column - 1, lineInfo.to);
}

const SEVERITY: Record<InMemoryFinding['severity'], Diagnostic['severity']> = { error: 'error', warning: 'warning', info: 'info' };

function diagnosticsFor(file: string, view: EditorView): Diagnostic[] {
  return latest
    .filter((finding) => (finding.file ?? DOCKERFILE) === file)
    .map((finding) => ({
      from: offsetOf(view, finding.line, finding.column),
      to: Math.max(offsetOf(view, finding.line, finding.column), offsetOf(view, finding.endLine, finding.endColumn)),
      severity: SEVERITY[finding.severity],
      source: finding.ruleId,
      message: finding.message,
    }));
}

/** The Dockerfile's linter runs the core; the project files' linters show what it found in them. */
function lintDockerfile(view: EditorView): Diagnostic[] {
  latest = lintText(view.state.doc.toString(), options());
  renderFindings();
  // Later, not inside this linter run: the project editors show what it found in their files.
  queueMicrotask(() => {
    for (const name of EDITED) requestLint(views.get(name));
  });
  scheduleFragmentUpdate();
  return diagnosticsFor(DOCKERFILE, view);
}

function editorFor(file: string, text: string): EditorView {
  const language: Extension[] =
    file === DOCKERFILE
      ? [StreamLanguage.define(dockerFile)]
      : file === 'pyproject.toml'
        ? [StreamLanguage.define(toml)]
        : file === 'compose.yaml'
          ? [StreamLanguage.define(yaml)]
          : [];
  const lintExtension =
    file === DOCKERFILE
      ? linter(lintDockerfile, { delay: LINT_DELAY_MS, needsRefresh })
      : linter((view) => diagnosticsFor(file, view), { delay: 0, needsRefresh });
  const relintOnEdit = EditorView.updateListener.of((update) => {
    if (update.docChanged && file !== DOCKERFILE) requestLint(views.get(DOCKERFILE));
  });
  const parent = document.createElement('div');
  parent.id = `editor-${file}`;
  parent.setAttribute('role', 'tabpanel');
  parent.setAttribute('aria-label', file);
  $('editors').append(parent);
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        minimalSetup,
        lineNumbers(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        bracketMatching(),
        syntaxHighlighting(classHighlighter),
        EditorView.contentAttributes.of({ 'aria-label': `${file} editor` }),
        ...language,
        lintGutter(),
        lintExtension,
        relintOnEdit,
      ],
    }),
  });
}

function ensureEditor(file: string): EditorView {
  let view = views.get(file);
  if (!view) {
    view = editorFor(file, pendingTexts.get(file) ?? '');
    pendingTexts.delete(file);
    views.set(file, view);
  }
  return view;
}

function showTab(file: string): void {
  ensureEditor(file);
  for (const button of document.querySelectorAll<HTMLButtonElement>('#tabs button')) {
    const selected = button.dataset.file === file;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
  }
  for (const name of FILE_NAMES) {
    const panel = document.getElementById(`editor-${name}`);
    if (panel) panel.hidden = name !== file;
  }
  views.get(file)?.requestMeasure();
}

function renderTabs(): void {
  const tabs = $('tabs');
  for (const name of FILE_NAMES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('role', 'tab');
    button.dataset.file = name;
    button.textContent = TAB_LABELS[name] ?? name;
    button.addEventListener('click', () => showTab(name));
    button.addEventListener('keydown', (event) => {
      const index = FILE_NAMES.indexOf(name);
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      const next = FILE_NAMES[(index + step + FILE_NAMES.length) % FILE_NAMES.length];
      showTab(next);
      tabs.querySelector<HTMLButtonElement>(`button[data-file="${next}"]`)?.focus();
    });
    tabs.append(button);
  }
}

function goTo(finding: InMemoryFinding): void {
  const file = finding.file ?? DOCKERFILE;
  const view = ensureEditor(file);
  showTab(file);
  const anchor = offsetOf(view, finding.line, finding.column);
  view.dispatch({ selection: { anchor }, scrollIntoView: true });
  view.focus();
}

function applyFix(finding: InMemoryFinding): void {
  const view = views.get(DOCKERFILE);
  if (!view || !finding.fixEdits) return;
  view.dispatch({
    changes: finding.fixEdits.map((edit) => ({
      from: offsetOf(view, edit.line, edit.column),
      to: offsetOf(view, edit.endLine, edit.endColumn),
      insert: edit.text,
    })),
  });
}

function fixAll(): void {
  const view = views.get(DOCKERFILE);
  if (!view) return;
  const before = view.state.doc.toString();
  const { output } = fixText(before, options());
  if (output !== before) view.dispatch({ changes: { from: 0, to: before.length, insert: output } });
}

/** A message with its `quoted words` as code, built from text nodes: a message never becomes HTML. */
function messageNodes(message: string): Node[] {
  return message.split('`').map((part, index) => {
    if (index % 2 === 0) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  });
}

function renderFindings(): void {
  findingsList.replaceChildren();
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of latest) {
    counts[finding.severity]++;
    const item = document.createElement('li');
    item.className = 'finding';
    item.dataset.rule = finding.ruleId;
    item.dataset.line = String(finding.line);
    item.dataset.severity = finding.severity;
    if (finding.file) item.dataset.file = finding.file;

    const head = document.createElement('div');
    head.className = 'head';
    const severity = document.createElement('span');
    severity.className = 'severity';
    severity.textContent = finding.severity;
    const where = document.createElement('span');
    where.textContent = `${finding.file ?? DOCKERFILE}:${finding.line}:${finding.column}`;
    const code = document.createElement('span');
    code.textContent = `${finding.ruleId} ${finding.ruleName}`;
    head.append(severity, code, where);

    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'go';
    go.append(...messageNodes(finding.message));
    go.title = 'Go to this finding';
    go.addEventListener('click', () => goTo(finding));

    const actions = document.createElement('div');
    actions.className = 'actions';
    const docs = document.createElement('a');
    docs.href = ruleDocUrl(finding.ruleId);
    docs.textContent = 'rule docs';
    docs.target = '_blank';
    docs.rel = 'noopener noreferrer';
    actions.append(docs);
    if (finding.fixable && finding.fixEdits && !finding.file) {
      const fix = document.createElement('button');
      fix.type = 'button';
      fix.dataset.action = 'fix';
      // An unsafe fix is the user's choice, named so (as the editor's quick fix); "Fix all" leaves it out.
      const title = `${finding.fix?.title ?? 'Fix'}${finding.unsafeFix ? ' (unsafe fix)' : ''}`;
      fix.textContent = title;
      fix.setAttribute('aria-label', `${title} (${finding.ruleId}, line ${finding.line})`);
      fix.addEventListener('click', () => applyFix(finding));
      actions.append(fix);
    }
    item.append(head, go, actions);
    findingsList.append(item);
  }
  if (latest.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'No problems found.';
    findingsList.append(empty);
  }
  summary.textContent = `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info`;
  $<HTMLButtonElement>('fix-all').disabled = !latest.some((finding) => finding.fixable && !finding.unsafeFix);
}

/** The state as a fragment: `#dockerfile=…&requirements.txt=…`, each value encodeURIComponent'ed. */
function fragment(): string {
  const parts: string[] = [];
  for (const name of FILE_NAMES) {
    const text = textOf(name);
    if (name === DOCKERFILE || text !== '') parts.push(`${fragmentKey(name)}=${encodeURIComponent(text)}`);
  }
  if (behindProxyBox.checked) parts.push('behind-proxy=1');
  if (deployTargetSelect.value) parts.push(`deploy-target=${encodeURIComponent(deployTargetSelect.value)}`);
  return `#${parts.join('&')}`;
}

function readFragment(hash: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const equals = part.indexOf('=');
    if (equals <= 0) continue;
    try {
      values.set(decodeURIComponent(part.slice(0, equals)), decodeURIComponent(part.slice(equals + 1)));
    } catch {
      // A damaged link: ignore the part that cannot be decoded rather than the whole link.
    }
  }
  return values;
}

function scheduleFragmentUpdate(): void {
  clearTimeout(fragmentTimer);
  fragmentTimer = setTimeout(() => history.replaceState(null, '', fragment()), 50);
}

function setText(file: string, text: string): void {
  const view = views.get(file);
  if (view) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  else {
    pendingTexts.set(file, text);
    requestLint(views.get(DOCKERFILE));
  }
}

function loadExample(id: string): void {
  const example = EXAMPLES.find((candidate) => candidate.id === id);
  if (!example) return;
  for (const name of PROJECT_FILES) setText(name, example.files?.[name] ?? '');
  setText(OTHER_FILES, otherFilesText(example.paths));
  behindProxyBox.checked = example.behindProxy ?? false;
  setText(DOCKERFILE, example.dockerfile);
  showTab(DOCKERFILE);
}

async function copyLink(): Promise<void> {
  history.replaceState(null, '', fragment());
  const status = $('copy-status');
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent = 'Link copied.';
  } catch {
    status.textContent = 'Copy the address bar: it holds the link.';
  }
  setTimeout(() => (status.textContent = ''), 2500);
}

function start(): void {
  const shared = readFragment(location.hash);
  const initial = shared.has('dockerfile') ? shared : undefined;
  renderTabs();
  behindProxyBox.checked = initial?.get('behind-proxy') === '1';
  deployTargetSelect.value = initial?.get('deploy-target') ?? '';
  const guide = EXAMPLES[0];
  for (const name of PROJECT_FILES) pendingTexts.set(name, initial ? (initial.get(fragmentKey(name)) ?? '') : (guide.files?.[name] ?? ''));
  pendingTexts.set(OTHER_FILES, initial ? (initial.get(fragmentKey(OTHER_FILES)) ?? otherFilesText()) : otherFilesText(guide.paths));
  const dockerfileView = editorFor(DOCKERFILE, initial?.get('dockerfile') ?? guide.dockerfile);
  views.set(DOCKERFILE, dockerfileView);
  showTab(DOCKERFILE);

  const exampleSelect = $<HTMLSelectElement>('example');
  for (const example of EXAMPLES) exampleSelect.append(new Option(example.title, example.id));
  exampleSelect.addEventListener('change', () => {
    loadExample(exampleSelect.value);
    exampleSelect.value = '';
  });
  behindProxyBox.addEventListener('change', () => requestLint(dockerfileView));
  deployTargetSelect.addEventListener('change', () => requestLint(dockerfileView));
  $('fix-all').addEventListener('click', fixAll);
  $('copy-link').addEventListener('click', () => void copyLink());
  window.addEventListener('hashchange', () => {
    if (location.hash === fragment()) return;
    const values = readFragment(location.hash);
    for (const name of PROJECT_FILES) setText(name, values.get(fragmentKey(name)) ?? '');
    setText(OTHER_FILES, values.get(fragmentKey(OTHER_FILES)) ?? otherFilesText());
    setText(DOCKERFILE, values.get('dockerfile') ?? '');
  });
  // The first findings without waiting for the linter's delay: a shared link is linted at once.
  latest = lintText(dockerfileView.state.doc.toString(), options());
  renderFindings();
  // User Timing: the benchmark (bench/playground.mjs) reads when the first findings were shown.
  performance.mark('fastapi-docker-lint:first-findings');
  requestLint(dockerfileView);
}

start();
