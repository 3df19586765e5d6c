/**
 * The core for the browser (the playground): the same engine, rules and model as the CLI, with
 * the build context held in memory. Nothing here reads a file or touches a Node built-in
 * (test/browser-core.test.ts bundles it for the browser and runs it with no Node globals).
 */
import { builtinRules } from '../../rules/index.js';
import { BuildContext, MemoryFileSystem } from '../core/context/build-context.js';
import { parseCompose } from '../core/context/compose.js';
import { ruleDocUrl as docUrlOf } from '../core/docs/markdown.js';
import { Engine, type Finding, type LintOptions } from '../core/engine.js';
import type { DeployTarget } from '../core/rule.js';

export { Engine, MemoryFileSystem, BuildContext, builtinRules };
export type { Finding, LintOptions };

/** Where the in-memory project lives; its files are shown by their names. */
const ROOT = '/';
const DOCKERFILE = '/Dockerfile';
const COMPOSE_FILE = 'compose.yaml';

export interface InMemoryOptions {
  /** The project's files beside the Dockerfile, by name: `requirements.txt`, `compose.yaml`, … */
  files: Record<string, string>;
  /**
   * The project's other files, by path (`app/main.py`, `static/` for a folder): there, with no
   * text to read. With `files`, they are the whole build context: a COPY of anything else is
   * reported missing from it.
   */
  paths?: string[];
  behindProxy?: boolean;
  deployTarget?: DeployTarget;
  /** Apply the fixes marked unsafe too (fixText only). */
  unsafeFixes?: boolean;
}

/** A finding, with the project file it is in (`requirements.txt`) when it is not the Dockerfile. */
export interface InMemoryFinding extends Finding {
  file?: string;
}

const engine = new Engine(builtinRules);

/**
 * The build context of an in-memory project: its files with text, the paths it lists, and its
 * Compose file's service that builds the Dockerfile (for Compose-based proxy evidence), as
 * `locateContext` finds one on disk. Nothing given, no context: the project checks stay silent,
 * as they must about files the page does not model.
 */
function contextOf(files: Record<string, string>, paths: readonly string[] = []): BuildContext | undefined {
  const present: Record<string, string> = {};
  for (const raw of paths) {
    const listed = raw.trim();
    if (listed !== '' && !listed.startsWith('#')) present[listed] = '';
  }
  for (const [name, text] of Object.entries(files)) if (text.trim() !== '') present[name] = text;
  if (Object.keys(present).length === 0) return undefined;
  const fileSystem = new MemoryFileSystem(present, ROOT);
  const composeText = present[COMPOSE_FILE];
  const compose = composeText === undefined ? undefined : parseCompose(composeText, `${ROOT}${COMPOSE_FILE}`);
  const service = compose?.services.find((candidate) => candidate.build?.dockerfile === DOCKERFILE);
  return new BuildContext(fileSystem, DOCKERFILE, service ? 'compose' : 'memory', service && compose ? { file: compose, service: service.name } : undefined);
}

function optionsOf(options: InMemoryOptions): LintOptions {
  return {
    behindProxy: options.behindProxy,
    deployTarget: options.deployTarget,
    unsafeFixes: options.unsafeFixes,
    buildContext: contextOf(options.files, options.paths),
  };
}

function withFile(findings: Finding[]): InMemoryFinding[] {
  return findings.map((finding) => (finding.filePath === undefined ? finding : { ...finding, file: finding.filePath.replace(/^\/+/, '') }));
}

export function lintText(text: string, options: InMemoryOptions): InMemoryFinding[] {
  return withFile(engine.lint(text, optionsOf(options)));
}

export function fixText(text: string, options: InMemoryOptions): { output: string; findings: InMemoryFinding[] } {
  const result = engine.lintAndFix(text, optionsOf(options));
  return { output: result.output, findings: withFile(result.findings) };
}

/** The rule's documentation page, for a finding's link. */
export function ruleDocUrl(code: string): string {
  const rule = builtinRules.find(code);
  return rule ? docUrlOf(rule) : '';
}
