/**
 * The formats `--format` accepts. Each is loaded only when asked for, so a run pays for one
 * formatter's imports (chalk for stylish) and no other.
 */
import type { Formatter } from './types.js';

const loaders: Record<string, () => Promise<Formatter>> = {
  stylish: async () => (await import('./stylish.js')).formatStylish,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  gitlab: async () => (await import('./gitlab.js')).formatGitlab,
  checkstyle: async () => (await import('./checkstyle.js')).formatCheckstyle,
  junit: async () => (await import('./junit.js')).formatJunit,
  compact: async () => (await import('./compact.js')).formatCompact,
  sonarqube: async () => (await import('./sonarqube.js')).formatSonarqube,
  codeclimate: async () => (await import('./codeclimate.js')).formatCodeclimate,
};

export const FORMAT_NAMES = Object.keys(loaders);

export function loadFormatter(name: string): Promise<Formatter> {
  return loaders[name]();
}
