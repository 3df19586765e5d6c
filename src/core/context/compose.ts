/**
 * Compose files, read for two questions: which context builds a Dockerfile, and whether a
 * TLS-terminating proxy (Traefik, nginx, Caddy, HAProxy) sits in front of its service.
 * YAML is parsed as data only: no custom tags, no merge keys beyond the core schema.
 */
import * as path from 'pathe';
import { yaml } from '../lazy-dependencies.cjs';


export const composeFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export interface ComposeService {
  name: string;
  image: string | undefined;
  /** Absolute context directory and Dockerfile path, when the service builds an image. */
  build: { context: string; dockerfile: string } | undefined;
  labels: Record<string, string>;
  /** Services this one depends on or links to. */
  dependsOn: string[];
  /** `stop_grace_period` as written (`1m30s`), when it is a string or a number. */
  stopGracePeriod?: string;
  /** The service sets `command` or `entrypoint`, so the image's CMD/ENTRYPOINT may not be what runs. */
  overridesCommand?: boolean;
}

export interface ComposeFile {
  path: string;
  services: ComposeService[];
}

type Yaml = Record<string, unknown>;

function isObject(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelsOf(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      labels[eq === -1 ? entry : entry.slice(0, eq)] = eq === -1 ? '' : entry.slice(eq + 1);
    }
  } else if (isObject(value)) {
    for (const [key, label] of Object.entries(value)) labels[key] = String(label ?? '');
  }
  return labels;
}

function namesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.split(':')[0]);
  if (isObject(value)) return Object.keys(value);
  return [];
}

/** The services of a Compose file; `undefined` when it is not valid YAML or has no services. */
export function parseCompose(text: string, file: string): ComposeFile | undefined {
  let document: unknown;
  try {
    document = yaml().parse(text, { customTags: [], merge: true, maxAliasCount: 100, logLevel: 'error' });
  } catch {
    return undefined;
  }
  if (!isObject(document) || !isObject(document.services)) return undefined;
  const directory = path.dirname(file);
  const services: ComposeService[] = [];
  for (const [name, raw] of Object.entries(document.services)) {
    if (!isObject(raw)) continue;
    let build: ComposeService['build'];
    if (typeof raw.build === 'string') {
      const context = path.resolve(directory, raw.build);
      build = { context, dockerfile: path.join(context, 'Dockerfile') };
    } else if (isObject(raw.build)) {
      const context = path.resolve(directory, typeof raw.build.context === 'string' ? raw.build.context : '.');
      const dockerfile = typeof raw.build.dockerfile === 'string' ? raw.build.dockerfile : 'Dockerfile';
      build = { context, dockerfile: path.resolve(context, dockerfile) };
    }
    services.push({
      name,
      image: typeof raw.image === 'string' ? raw.image : undefined,
      build,
      labels: labelsOf(raw.labels),
      dependsOn: [...namesOf(raw.depends_on), ...namesOf(raw.links)],
      stopGracePeriod: typeof raw.stop_grace_period === 'string' || typeof raw.stop_grace_period === 'number' ? String(raw.stop_grace_period) : undefined,
      overridesCommand: raw.command !== undefined || raw.entrypoint !== undefined,
    });
  }
  return { path: file, services };
}

const PROXY_IMAGE = /(?:^|\/)(traefik|nginx|caddy|haproxy)(?::|@|$)/i;

/** Why a service is behind a proxy according to its Compose file, or `undefined`. */
export function proxyInFront(compose: ComposeFile, serviceName: string): string | undefined {
  const service = compose.services.find((candidate) => candidate.name === serviceName);
  if (!service) return undefined;
  if (Object.keys(service.labels).some((label) => label.startsWith('traefik.http.') || label === 'traefik.enable')) {
    if (service.labels['traefik.enable'] !== 'false') return `service \`${serviceName}\` has Traefik labels`;
  }
  for (const other of compose.services) {
    const proxy = PROXY_IMAGE.exec(other.image ?? '')?.[1];
    if (proxy && other.name !== serviceName && other.dependsOn.includes(serviceName)) {
      return `a ${proxy} service, \`${other.name}\`, routes to \`${serviceName}\``;
    }
  }
  return undefined;
}
