/**
 * The formats `--format` accepts. Each is loaded only when asked for, so a run pays for one
 * formatter's imports (chalk for stylish) and no other.
 *
 * Every format is a `StreamingFormatter`: stylish, compact, github, json, jsonl, gitlab and
 * codeclimate write each file's part as soon as the file is linted; the others need the whole document, so they keep
 * each file's findings (only the fields they show; SARIF its results already rendered to text)
 * and render at the end.
 */
import { collected, renderAll, type Formatter, type StreamingFormatter } from './types.js';

const loaders: Record<string, () => Promise<StreamingFormatter>> = {
  stylish: async () => (await import('./stylish.js')).streamStylish,
  json: async () => (await import('./json.js')).streamJson,
  jsonl: async () => (await import('./json.js')).streamJsonLines,
  sarif: async () => (await import('./sarif.js')).streamSarif,
  github: async () => (await import('./github.js')).streamGithub,
  gitlab: async () => (await import('./gitlab.js')).streamGitlab,
  checkstyle: async () => collected((await import('./checkstyle.js')).formatCheckstyle),
  junit: async () => collected((await import('./junit.js')).formatJunit),
  compact: async () => (await import('./compact.js')).streamCompact,
  sonarqube: async () => collected((await import('./sonarqube.js')).formatSonarqube),
  codeclimate: async () => (await import('./codeclimate.js')).streamCodeclimate,
};

export const FORMAT_NAMES = Object.keys(loaders);

/** The format as a stream: `file(result)` per linted file, then `end()`. */
export function loadStreamingFormatter(name: string): Promise<StreamingFormatter> {
  return loaders[name]();
}

/** The format as one function: every file's results in, the whole report out. */
export async function loadFormatter(name: string): Promise<Formatter> {
  return renderAll(await loaders[name]());
}
