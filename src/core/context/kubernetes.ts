/**
 * Kubernetes manifests, read as plain YAML (several documents per file, `kind: List` too): the
 * workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) with their
 * containers and init containers (image, command, args, env, each with its offsets in the file so
 * a finding can point at the manifest's line), their replicas and autoscalers, the Services that
 * select their pods, and the Ingresses, Gateway API HTTPRoutes and Gateways in front of them, with
 * whether they terminate TLS. A kustomization's `replicas` and `images` are read too.
 *
 * Helm charts are templates, not YAML: a file with `{{ ... }}` templating is skipped with a reason,
 * never half-read. Nothing here knows where manifests live or which Dockerfile builds which image:
 * the Node side finds the files, and evidence ties a container to a Dockerfile (see
 * `containerImageMatches`).
 */
import { yaml } from '../lazy-dependencies.cjs';
import type { OffsetRange, SourceText } from '../model/source.js';

type YamlLibrary = ReturnType<typeof yaml>;
type YamlDocument = ReturnType<YamlLibrary['parseDocument']>;
type Node = unknown;

/** A string the manifest gives, with where it is. */
export interface ManifestString {
  value: string;
  range: OffsetRange;
}

export interface ManifestEnv {
  name: string;
  /** The literal value; `undefined` for `valueFrom` (a Secret, a ConfigMap, a field). */
  value: string | undefined;
  range: OffsetRange;
}

export interface KubernetesContainer {
  name: string | undefined;
  image: ManifestString | undefined;
  /** `command` replaces the image's ENTRYPOINT (and drops its CMD); `undefined` when not set. */
  command: ManifestString[] | undefined;
  commandRange: OffsetRange | undefined;
  /** `args` replaces the image's CMD; `undefined` when not set. */
  args: ManifestString[] | undefined;
  argsRange: OffsetRange | undefined;
  env: ManifestEnv[];
  /** `envFrom` brings variables the manifest does not list. */
  envFrom: boolean;
  workingDir: ManifestString | undefined;
  /** An init container: runs to completion, once per pod start, before the containers. */
  init: boolean;
  range: OffsetRange;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod';

export interface KubernetesWorkload {
  kind: WorkloadKind;
  name: string | undefined;
  namespace: string | undefined;
  /** `spec.replicas` as written; `undefined` when absent (Kubernetes then runs 1). */
  replicas: { value: number | undefined; text: string; range: OffsetRange } | undefined;
  /** The pod template's labels, which Services and autoscalers select by. */
  podLabels: Record<string, string>;
  containers: KubernetesContainer[];
  initContainers: KubernetesContainer[];
  /** The whole document. */
  range: OffsetRange;
}

export interface KubernetesAutoscaler {
  name: string | undefined;
  target: { kind: string; name: string } | undefined;
  minReplicas: number | undefined;
  maxReplicas: number | undefined;
  range: OffsetRange;
}

export interface KubernetesService {
  name: string | undefined;
  namespace: string | undefined;
  selector: Record<string, string>;
}

export interface KubernetesRoute {
  kind: 'Ingress' | 'HTTPRoute';
  name: string | undefined;
  namespace: string | undefined;
  /** Ingress: `spec.tls` lists hosts. HTTPRoute: its Gateway has an HTTPS or TLS listener; `undefined` when that Gateway is not in the manifests. */
  tls: boolean | undefined;
  /** The Services it sends traffic to. */
  services: string[];
  /** HTTPRoute: the Gateways it attaches to. */
  gateways: string[];
  range: OffsetRange;
}

export interface KubernetesGateway {
  name: string | undefined;
  /** A listener with protocol HTTPS or TLS, or a `tls` block. */
  tls: boolean;
}

export interface Kustomization {
  resources: string[];
  /** `replicas: [{ name, count }]`: replica counts this kustomization sets. */
  replicas: { name: string; count: number; range: OffsetRange }[];
  /** `images: [{ name, newName, newTag, digest }]`: image references it rewrites. */
  images: { name: string; newName: string | undefined; newTag: string | undefined; digest: string | undefined }[];
}

export interface KubernetesManifest {
  path: string;
  /** Why the file was not read (a Helm template, not YAML, no Kubernetes object); `undefined` when it was. */
  skipped: string | undefined;
  workloads: KubernetesWorkload[];
  autoscalers: KubernetesAutoscaler[];
  services: KubernetesService[];
  routes: KubernetesRoute[];
  gateways: KubernetesGateway[];
  kustomization: Kustomization | undefined;
  /** Documents that did not parse, by their first line (1-based); the others are read. */
  badDocuments: number[];
}

const POD_SPEC_PATH: Record<WorkloadKind, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Go-template markers: `{{ .Values.x }}`, `{{- include ... }}`, `{{ toYaml ... }}`. */
const HELM = /\{\{-?\s*(?:\.|\$|include\b|template\b|toYaml\b|tpl\b|if\b|range\b|with\b|end\b|define\b|default\b|quote\b|required\b|printf\b|-)|\s-\}\}/;

/** Reads one manifest file. Never throws: a file that is not plain YAML is `skipped`, with why. */
export function parseKubernetesManifest(text: string, path: string): KubernetesManifest {
  const manifest: KubernetesManifest = {
    path,
    skipped: undefined,
    workloads: [],
    autoscalers: [],
    services: [],
    routes: [],
    gateways: [],
    kustomization: undefined,
    badDocuments: [],
  };
  if (text.includes('{{') && HELM.test(text)) {
    manifest.skipped = 'a Helm or Go template (`{{ ... }}`), not plain YAML: render it (`helm template`) to lint the result';
    return manifest;
  }
  const library = yaml();
  let documents: YamlDocument[];
  try {
    documents = library.parseAllDocuments(text, { customTags: [], merge: true, logLevel: 'error' }) as unknown as YamlDocument[];
  } catch {
    manifest.skipped = 'not valid YAML';
    return manifest;
  }
  if (!Array.isArray(documents)) documents = [documents];
  const reader = new Reader(library);
  for (const document of documents) {
    if (document.errors.length > 0) {
      const start = (document.contents as { range?: number[] } | null)?.range?.[0] ?? 0;
      manifest.badDocuments.push(text.slice(0, start).split('\n').length);
      continue;
    }
    reader.document = document;
    const root = document.contents;
    if (!library.isMap(root)) continue;
    const objects = reader.string(reader.get(root, 'kind')) === 'List' ? reader.items(reader.get(root, 'items')).filter((item) => library.isMap(item)) : [root];
    for (const object of objects) reader.readObject(object, manifest);
  }
  // An HTTPRoute terminates TLS where its Gateway does.
  for (const route of manifest.routes) {
    if (route.kind !== 'HTTPRoute') continue;
    const gateways = route.gateways.map((name) => manifest.gateways.find((gateway) => gateway.name === name));
    if (gateways.length > 0 && gateways.every((gateway) => gateway !== undefined)) route.tls = gateways.some((gateway) => gateway?.tls);
  }
  if (
    manifest.workloads.length + manifest.autoscalers.length + manifest.services.length + manifest.routes.length + manifest.gateways.length === 0 &&
    !manifest.kustomization &&
    manifest.badDocuments.length === 0
  ) {
    manifest.skipped = 'no Kubernetes workload, Service, Ingress or kustomization in it';
  }
  return manifest;
}

class Reader {
  document: YamlDocument | undefined;

  constructor(private readonly library: YamlLibrary) {}

  /** A map's value node for a key, looking into `<<: *anchor` merges too (a few levels deep: anchors may refer to themselves). */
  get(map: Node, key: string, depth = 0): Node {
    if (!this.library.isMap(map) || depth > 8) return undefined;
    const merges: Node[] = [];
    for (const pair of map.items) {
      const name = this.library.isScalar(pair.key) ? pair.key.value : pair.key;
      if (name === key) return this.resolve(pair.value);
      if (name === '<<') merges.push(pair.value);
    }
    for (const merge of merges) {
      const sources = this.library.isSeq(merge) ? merge.items : [merge];
      for (const source of sources) {
        const found = this.get(this.resolve(source), key, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  path(node: Node, keys: string[]): Node {
    let current = node;
    for (const key of keys) current = this.get(current, key);
    return current;
  }

  resolve(node: Node): Node {
    if (this.library.isAlias(node) && this.document) return node.resolve(this.document as never);
    return node;
  }

  items(node: Node): Node[] {
    return this.library.isSeq(node) ? node.items.map((item) => this.resolve(item)) : [];
  }

  /** A scalar as a string (numbers and booleans as YAML wrote them); `undefined` otherwise. */
  string(node: Node): string | undefined {
    if (!this.library.isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
    return String(node.value);
  }

  number(node: Node): number | undefined {
    return this.library.isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value) ? node.value : undefined;
  }

  range(node: Node): OffsetRange {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
  }

  located(node: Node): ManifestString | undefined {
    const value = this.string(node);
    return value === undefined ? undefined : { value, range: this.range(node) };
  }

  labels(node: Node): Record<string, string> {
    const labels: Record<string, string> = {};
    if (!this.library.isMap(node)) return labels;
    for (const pair of node.items) {
      const key = this.string(pair.key);
      const value = this.string(this.resolve(pair.value));
      if (key !== undefined && value !== undefined) labels[key] = value;
    }
    return labels;
  }

  readObject(object: Node, manifest: KubernetesManifest): void {
    const kind = this.string(this.get(object, 'kind'));
    const apiVersion = this.string(this.get(object, 'apiVersion')) ?? '';
    const metadata = this.get(object, 'metadata');
    const name = this.string(this.get(metadata, 'name'));
    const namespace = this.string(this.get(metadata, 'namespace'));
    const range = this.range(object);
    if (kind !== undefined && Object.hasOwn(POD_SPEC_PATH, kind)) {
      const workloadKind = kind as WorkloadKind;
      const podSpecPath = POD_SPEC_PATH[workloadKind];
      const podSpec = this.path(object, podSpecPath);
      const template = workloadKind === 'Pod' ? object : this.path(object, podSpecPath.slice(0, -1));
      const replicasNode =
        workloadKind === 'Pod' || workloadKind === 'Job' || workloadKind === 'CronJob' || workloadKind === 'DaemonSet'
          ? undefined
          : this.path(object, ['spec', 'replicas']);
      manifest.workloads.push({
        kind: workloadKind,
        name,
        namespace,
        replicas:
          replicasNode === undefined ? undefined : { value: this.number(replicasNode), text: this.string(replicasNode) ?? '', range: this.range(replicasNode) },
        podLabels: this.labels(this.path(template, ['metadata', 'labels'])),
        containers: this.items(this.get(podSpec, 'containers')).map((container) => this.readContainer(container, false)),
        initContainers: this.items(this.get(podSpec, 'initContainers')).map((container) => this.readContainer(container, true)),
        range,
      });
      return;
    }
    switch (kind) {
      case 'HorizontalPodAutoscaler': {
        const spec = this.get(object, 'spec');
        const target = this.get(spec, 'scaleTargetRef');
        const targetKind = this.string(this.get(target, 'kind'));
        const targetName = this.string(this.get(target, 'name'));
        manifest.autoscalers.push({
          name,
          target: targetKind && targetName ? { kind: targetKind, name: targetName } : undefined,
          minReplicas: this.number(this.get(spec, 'minReplicas')),
          maxReplicas: this.number(this.get(spec, 'maxReplicas')),
          range,
        });
        return;
      }
      case 'Service':
        manifest.services.push({ name, namespace, selector: this.labels(this.path(object, ['spec', 'selector'])) });
        return;
      case 'Ingress': {
        const spec = this.get(object, 'spec');
        const services = new Set<string>();
        const addBackend = (backend: Node) => {
          const service = this.string(this.path(backend, ['service', 'name'])) ?? this.string(this.get(backend, 'serviceName'));
          if (service) services.add(service);
        };
        addBackend(this.get(spec, 'defaultBackend') ?? this.get(spec, 'backend'));
        for (const rule of this.items(this.get(spec, 'rules'))) {
          for (const httpPath of this.items(this.path(rule, ['http', 'paths']))) addBackend(this.get(httpPath, 'backend'));
        }
        manifest.routes.push({
          kind: 'Ingress',
          name,
          namespace,
          tls: this.items(this.get(spec, 'tls')).length > 0,
          services: [...services],
          gateways: [],
          range,
        });
        return;
      }
      case 'HTTPRoute': {
        const spec = this.get(object, 'spec');
        const services = new Set<string>();
        for (const rule of this.items(this.get(spec, 'rules'))) {
          for (const backend of this.items(this.get(rule, 'backendRefs'))) {
            const backendKind = this.string(this.get(backend, 'kind')) ?? 'Service';
            const backendName = this.string(this.get(backend, 'name'));
            if (backendKind === 'Service' && backendName) services.add(backendName);
          }
        }
        const gateways = this.items(this.get(spec, 'parentRefs'))
          .filter((parent) => (this.string(this.get(parent, 'kind')) ?? 'Gateway') === 'Gateway')
          .map((parent) => this.string(this.get(parent, 'name')))
          .filter((gateway): gateway is string => gateway !== undefined);
        manifest.routes.push({ kind: 'HTTPRoute', name, namespace, tls: undefined, services: [...services], gateways, range });
        return;
      }
      case 'Gateway':
        if (!apiVersion.startsWith('gateway.networking.k8s.io/')) return;
        manifest.gateways.push({
          name,
          tls: this.items(this.path(object, ['spec', 'listeners'])).some((listener) => {
            const protocol = (this.string(this.get(listener, 'protocol')) ?? '').toUpperCase();
            return protocol === 'HTTPS' || protocol === 'TLS' || this.get(listener, 'tls') !== undefined;
          }),
        });
        return;
      case 'Kustomization':
      case undefined:
        // A kustomization says so, or is named so (`apiVersion` and `kind` are optional there); a
        // Helm values.yaml has a `resources:` key too, and is none.
        if (
          kind === 'Kustomization' ||
          apiVersion.startsWith('kustomize.config.k8s.io/') ||
          /(?:^|\/)(?:kustomization\.ya?ml|Kustomization)$/.test(manifest.path)
        ) {
          this.readKustomization(object, manifest);
        }
        return;
      default:
    }
  }

  private readKustomization(object: Node, manifest: KubernetesManifest): void {
    const strings = (node: Node) =>
      this.items(node)
        .map((item) => this.string(item))
        .filter((item): item is string => item !== undefined);
    manifest.kustomization = {
      resources: [...strings(this.get(object, 'resources')), ...strings(this.get(object, 'bases'))],
      replicas: this.items(this.get(object, 'replicas')).flatMap((entry) => {
        const name = this.string(this.get(entry, 'name'));
        const countNode = this.get(entry, 'count');
        const count = this.number(countNode);
        return name !== undefined && count !== undefined ? [{ name, count, range: this.range(countNode) }] : [];
      }),
      images: this.items(this.get(object, 'images')).flatMap((entry) => {
        const name = this.string(this.get(entry, 'name'));
        return name === undefined
          ? []
          : [
              {
                name,
                newName: this.string(this.get(entry, 'newName')),
                newTag: this.string(this.get(entry, 'newTag')),
                digest: this.string(this.get(entry, 'digest')),
              },
            ];
      }),
    };
  }

  private readContainer(container: Node, init: boolean): KubernetesContainer {
    const words = (node: Node) =>
      this.library.isSeq(node) ? this.items(node).map((item) => this.located(item) ?? { value: '', range: this.range(item) }) : undefined;
    const commandNode = this.get(container, 'command');
    const argsNode = this.get(container, 'args');
    return {
      name: this.string(this.get(container, 'name')),
      image: this.located(this.get(container, 'image')),
      command: words(commandNode),
      commandRange: commandNode === undefined ? undefined : this.range(commandNode),
      args: words(argsNode),
      argsRange: argsNode === undefined ? undefined : this.range(argsNode),
      env: this.items(this.get(container, 'env')).flatMap((entry) => {
        const name = this.string(this.get(entry, 'name'));
        if (name === undefined) return [];
        const valueNode = this.get(entry, 'value');
        return [{ name, value: this.get(entry, 'valueFrom') !== undefined ? undefined : (this.string(valueNode) ?? ''), range: this.range(entry) }];
      }),
      envFrom: this.items(this.get(container, 'envFrom')).length > 0,
      workingDir: this.located(this.get(container, 'workingDir')),
      init,
      range: this.range(container),
    };
  }
}

export type Replication =
  | { kind: 'single' }
  /** Several pods may run at once; `why` says so in words for a message. */
  | { kind: 'replicated'; why: string; range: OffsetRange | undefined }
  | { kind: 'unknown' };

/**
 * Whether a workload may run more than one pod at a time, by the manifests read together: its
 * `replicas`, an autoscaler whose maximum is above one, a kustomization's replica count, or its
 * kind (a DaemonSet runs a pod on every node; a Job's `parallelism` may run several).
 */
export function workloadReplication(workload: KubernetesWorkload, manifests: KubernetesManifest[]): Replication {
  const file = (manifest: KubernetesManifest | undefined) => (manifest ? ` in ${manifest.path.split('/').pop()}` : '');
  const home = manifests.find((manifest) => manifest.workloads.includes(workload));
  if (workload.kind === 'DaemonSet') return { kind: 'replicated', why: `a DaemonSet runs a pod on every node${file(home)}`, range: undefined };
  for (const manifest of manifests) {
    const patched = manifest.kustomization?.replicas.find((entry) => entry.name === workload.name);
    if (patched && patched.count > 1)
      return { kind: 'replicated', why: `\`count: ${patched.count}\` for \`${workload.name}\`${file(manifest)}`, range: patched.range };
    for (const autoscaler of manifest.autoscalers) {
      if (autoscaler.target?.kind === workload.kind && autoscaler.target.name === workload.name && (autoscaler.maxReplicas ?? 0) > 1) {
        return {
          kind: 'replicated',
          why: `a HorizontalPodAutoscaler scales \`${workload.name}\` up to ${autoscaler.maxReplicas} pods${file(manifest)}`,
          range: autoscaler.range,
        };
      }
    }
  }
  if (workload.replicas) {
    if (workload.replicas.value === undefined) return { kind: 'unknown' };
    if (workload.replicas.value > 1)
      return { kind: 'replicated', why: `\`replicas: ${workload.replicas.value}\`${file(home)}`, range: workload.replicas.range };
  }
  return { kind: 'single' };
}

/** The Ingresses and HTTPRoutes that send traffic to a workload's pods, through a Service that selects them. */
export function routesTo(workload: KubernetesWorkload, manifests: KubernetesManifest[]): KubernetesRoute[] {
  const selects = (service: KubernetesService) =>
    Object.keys(service.selector).length > 0 &&
    Object.entries(service.selector).every(([key, value]) => workload.podLabels[key] === value) &&
    service.namespace === workload.namespace;
  const services = manifests.flatMap((manifest) => manifest.services).filter(selects);
  const names = new Set(services.map((service) => service.name));
  return manifests
    .flatMap((manifest) => manifest.routes)
    .filter((route) => route.namespace === workload.namespace && route.services.some((name) => names.has(name)));
}

/**
 * Whether a container's `image` may be the image a Dockerfile builds, by its repository name:
 * `registry.example.com/team/api:1.2` matches a build tagged `api`, `team/api` or the full name.
 * A weak match alone is not evidence: the Node side adds what ties them (see PART B's notes).
 */
export function containerImageMatches(image: string, built: string): boolean {
  const repository = (reference: string) =>
    reference
      .replace(/@.*$/, '')
      .replace(/:[^/:]*$/, '')
      .toLowerCase();
  const wanted = repository(image);
  const candidate = repository(built);
  if (wanted === '' || candidate === '') return false;
  return wanted === candidate || wanted.endsWith(`/${candidate}`) || candidate.endsWith(`/${wanted}`);
}

/** A manifest found in the repository, with its text for findings that point into it (a ContextFile). */
export interface ManifestFile {
  manifest: KubernetesManifest;
  file: { path: string; absolutePath: string; source: SourceText };
}

/** The repository's manifests, given to a build context by the Node side (see `kubernetes-evidence.ts`). */
export interface KubernetesDeployment {
  manifests: ManifestFile[];
}
