/**
 * What the repository's Kubernetes manifests say about the image a Dockerfile builds, once a
 * container is tied to it: the deploy target is Kubernetes, the container's `command`/`args`
 * replace ENTRYPOINT/CMD, an Ingress (or an HTTPRoute) in front of it is a proxy, and more than
 * one replica means several containers start at once.
 *
 * A container is tied to the Dockerfile only by its image's repository name (after the
 * kustomizations' `images:` rewrite it): the `image:` of a Compose service that builds the
 * Dockerfile, that service's name, or the name of the Dockerfile's directory. No tie, no evidence:
 * a manifest for some other image says nothing about this one.
 */
import * as path from 'pathe';
import type { RuntimeOverride } from '../model/server.js';
import type { BuildContext } from './build-context.js';
import {
  containerImageMatches,
  routesTo,
  workloadReplication,
  type KubernetesContainer,
  type KubernetesDeployment,
  type KubernetesWorkload,
  type ManifestFile,
} from './kubernetes.js';
import { yamlWord } from './yaml-command.js';

export interface TiedContainer {
  manifest: ManifestFile;
  workload: KubernetesWorkload;
  container: KubernetesContainer;
  /** The image as the cluster gets it (a kustomization's `images:` applied). */
  image: string;
}

/**
 * The image names that stand for the Dockerfile's image: the `image:` of the Compose services
 * that build it, their names, and its directory's name.
 */
export interface ImageIdentity {
  images: string[];
  names: string[];
}

/** A container's image as the cluster gets it: a kustomization's `images:` entry for its name rewrites it. */
function deployedImage(image: string, manifests: readonly ManifestFile[]): string {
  const name = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  for (const { manifest } of manifests) {
    const entry = manifest.kustomization?.images.find((candidate) => candidate.name === name);
    if (entry?.newName) return entry.newName;
  }
  return image;
}

/** The last segment of an image's repository (`ghcr.io/acme/api:1.2` → `api`). */
function repositoryName(image: string): string {
  const repository = image
    .replace(/@.*$/, '')
    .replace(/:[^/:]*$/, '')
    .toLowerCase();
  return repository.slice(repository.lastIndexOf('/') + 1);
}

/** The workload containers (not init containers) whose image is the Dockerfile's, by `identity`. */
export function tiedContainers(deployment: KubernetesDeployment, identity: ImageIdentity): TiedContainer[] {
  const names = new Set(identity.names.map((name) => name.toLowerCase()).filter((name) => name !== '' && name !== '.'));
  const tied: TiedContainer[] = [];
  for (const manifest of deployment.manifests) {
    for (const workload of manifest.manifest.workloads) {
      for (const container of workload.containers) {
        if (!container.image || container.image.value.includes('$')) continue;
        const image = deployedImage(container.image.value, deployment.manifests);
        const matches = identity.images.some((built) => containerImageMatches(image, built)) || names.has(repositoryName(image));
        if (matches) tied.push({ manifest, workload, container, image });
      }
    }
  }
  return tied;
}

/** The tied containers' `command`/`args`, as commands that replace the image's. */
export function kubernetesOverrides(tied: readonly TiedContainer[]): RuntimeOverride[] {
  const found: RuntimeOverride[] = [];
  for (const { manifest, workload, container } of tied) {
    if (container.command === undefined && container.args === undefined) continue;
    const text = manifest.file.source.text;
    const words = (strings: KubernetesContainer['command']) => strings?.map((entry) => yamlWord(text, entry.value, entry.range));
    const ranges = [container.commandRange, container.argsRange].filter((range) => range !== undefined);
    found.push({
      override: {
        kind: 'kubernetes',
        file: manifest.file,
        range: { start: Math.min(...ranges.map((range) => range.start)), end: Math.max(...ranges.map((range) => range.end)) },
        where: `container \`${container.name ?? '?'}\` of ${workload.kind} \`${workload.name ?? '?'}\` in ${path.basename(manifest.file.path)}`,
        development: false,
      },
      entrypoint: words(container.command),
      // A new `command` without `args` drops the image's CMD, as a Compose `entrypoint:` does.
      command: words(container.args),
      // `envFrom` brings variables the manifest does not list: the server's settings are unknown then.
      env: container.envFrom ? [] : container.env.map((entry) => [entry.name, entry.value] as [string, string | undefined]),
      workdir: container.workingDir?.value.includes('$') ? undefined : container.workingDir?.value,
    });
  }
  return found;
}

/** An Ingress or HTTPRoute that sends traffic to a tied workload, in words for a message. */
export function kubernetesProxy(deployment: KubernetesDeployment, tied: readonly TiedContainer[]): string | undefined {
  const manifests = deployment.manifests.map((entry) => entry.manifest);
  for (const { workload } of tied) {
    for (const route of routesTo(workload, manifests)) {
      const home = deployment.manifests.find((entry) => entry.manifest.routes.includes(route));
      return `${route.kind === 'Ingress' ? 'an Ingress' : 'an HTTPRoute'}, \`${route.name ?? '?'}\`, routes to \`${workload.name ?? '?'}\` in ${home ? home.file.path : 'the manifests'}`;
    }
  }
  return undefined;
}

/** Why a tied workload may run several pods at once, naming the manifest that says so. */
export function kubernetesReplication(deployment: KubernetesDeployment, tied: readonly TiedContainer[]): string | undefined {
  const manifests = deployment.manifests.map((entry) => entry.manifest);
  for (const { workload, manifest } of tied) {
    const replication = workloadReplication(workload, manifests);
    if (replication.kind !== 'replicated') continue;
    // The manifest by its path in the repository, not its bare name (`k8s/deployment.yaml`).
    const named = deployment.manifests.find((entry) => replication.why.endsWith(` in ${path.basename(entry.file.path)}`)) ?? manifest;
    const suffix = ` in ${path.basename(named.file.path)}`;
    return `${replication.why.endsWith(suffix) ? replication.why.slice(0, -suffix.length) : replication.why} in ${named.file.path}`;
  }
  return undefined;
}

const tiedCache = new WeakMap<BuildContext, TiedContainer[]>();

/**
 * The containers of the context's manifests that run the Dockerfile's image, found once per
 * build context: by the Compose services that build it (their `image:` and names) and its
 * directory's name.
 */
export function contextContainers(context: BuildContext): TiedContainer[] {
  const deployment = context.kubernetes;
  if (!deployment || deployment.manifests.length === 0) return [];
  let tied = tiedCache.get(context);
  if (!tied) {
    const images: string[] = [];
    const names: string[] = [];
    for (const builder of context.compose?.builders ?? (context.compose ? [context.compose] : [])) {
      names.push(builder.service);
      for (const file of builder.project ?? [builder.file]) {
        const image = file.services.find((service) => service.name === builder.service)?.image;
        if (image && !image.includes('$')) images.push(image);
      }
    }
    if (context.dockerfilePath) names.push(path.basename(path.dirname(context.dockerfilePath)));
    tied = tiedContainers(deployment, { images, names });
    tiedCache.set(context, tied);
  }
  return tied;
}
