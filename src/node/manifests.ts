/**
 * The Kubernetes manifests a repository keeps beside its Dockerfiles: plain YAML under a folder
 * named for them (`k8s/`, `kubernetes/`, `deploy/`, `manifests/`, `kustomize/`, ...) at the
 * project root or one level below it (`backend/k8s/`), read to a bounded depth and count,
 * respecting .gitignore as the walk does. Helm charts are templates: their `templates/` folders
 * and values files are not read, and a file with `{{ ... }}` is skipped by the parser.
 *
 * What they say about a Dockerfile's image is decided in the core (`kubernetes-evidence.ts`).
 */
import path from 'node:path';
import { SourceText } from '../core/model/source.js';
import { parseKubernetesManifest, type KubernetesDeployment, type ManifestFile } from '../core/context/kubernetes.js';
import { gitignoreScopes, isGitIgnored } from './gitignore.js';
import { projectRoot } from './repository.js';
import type { NodeSession } from './session.js';

/** Folders that hold manifests, by name. */
const MANIFEST_FOLDER = /^\.?(?:k8s|kube|kubernetes|deploy|deployment|deployments|manifests|kustomize|kustomization|overlays)$/i;
/** Folders of a Helm chart or of tooling, never read. */
const SKIPPED_FOLDER = /^(?:templates|charts|node_modules|\.git|\.venv|venv|__pycache__)$/;
/** Files that are YAML but no manifest: a Helm chart's, a CI's. */
const SKIPPED_FILE = /^(?:Chart|values(?:[._-].*)?|\.gitlab-ci|\.pre-commit-config|mkdocs)\.ya?ml$/i;
const YAML = /\.ya?ml$/i;
const MAX_DEPTH = 4;
const MAX_FILES = 200;
const MAX_MANIFEST_BYTES = 1024 * 1024;

/** The YAML files and folders of a directory that the search reads, recorded as one fact (`y:DIR`). */
export function manifestEntries(directory: string, session: NodeSession): string[] {
  const listing = session.listDirectory(directory);
  const names = [...(listing?.entries() ?? [])]
    .filter(([name, type]) => (type === 'file' && YAML.test(name) && !SKIPPED_FILE.test(name)) || (type === 'directory' && !SKIPPED_FOLDER.test(name)))
    .map(([name, type]) => (type === 'directory' ? `${name}/` : name))
    .sort();
  session.fact(`y:${directory}`, names.join('|'));
  session.fact(`s:${directory}`, session.signatures.get(directory) ?? '');
  return names;
}

/** The manifests of the project holding a directory, found once per project root in a session. */
export function repositoryManifests(directory: string, session: NodeSession): KubernetesDeployment {
  const root = projectRoot(path.resolve(directory), session);
  const known = session.manifests.get(root);
  if (known) {
    session.replay(known.facts);
    return known.deployment;
  }
  const { value: deployment, facts } = session.capture(() => ({ manifests: findManifests(root, session) }));
  session.manifests.set(root, { deployment, facts });
  return deployment;
}

function findManifests(root: string, session: NodeSession): ManifestFile[] {
  const found: ManifestFile[] = [];
  const folders: string[] = [];
  for (const entry of manifestEntries(root, session)) {
    if (!entry.endsWith('/')) continue;
    const folder = path.join(root, entry.slice(0, -1));
    if (isGitIgnored(gitignoreScopes(root, session), folder, true)) continue;
    if (MANIFEST_FOLDER.test(entry.slice(0, -1))) folders.push(folder);
    else for (const inner of manifestEntries(folder, session)) if (inner.endsWith('/') && MANIFEST_FOLDER.test(inner.slice(0, -1))) folders.push(path.join(folder, inner.slice(0, -1)));
  }
  const visit = (folder: string, depth: number) => {
    const scopes = gitignoreScopes(folder, session);
    for (const entry of manifestEntries(folder, session)) {
      if (found.length >= MAX_FILES) return;
      const isFolder = entry.endsWith('/');
      const absolute = path.join(folder, isFolder ? entry.slice(0, -1) : entry);
      if (isGitIgnored(scopes, absolute, isFolder)) continue;
      if (isFolder) {
        if (depth < MAX_DEPTH) visit(absolute, depth + 1);
        continue;
      }
      const read = session.readText(absolute, MAX_MANIFEST_BYTES);
      if (read.kind !== 'text') continue;
      const manifest = parseKubernetesManifest(read.text, absolute);
      if (manifest.skipped) continue;
      found.push({ manifest, file: { path: path.relative(root, absolute).split(path.sep).join('/'), absolutePath: absolute, source: new SourceText(read.text) } });
    }
  };
  for (const folder of folders) visit(folder, 1);
  return found;
}
