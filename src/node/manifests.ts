/**
 * The Kubernetes manifests a repository keeps beside its Dockerfiles: plain YAML under a folder
 * named for them (`k8s/`, `kubernetes/`, `deploy/`, `manifests/`, `kustomize/`, ...), or one in
 * `infra/` or `ops/`, in the Dockerfile's directory or any directory above it up to the project
 * root (`backend/k8s/` for `backend/api/Dockerfile`), read to a bounded depth and count,
 * respecting .gitignore as the walk does; no link is followed. Helm charts are templates: their `templates/` folders
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
/** Folders that keep manifest folders among other deployment files (`infra/k8s/`). */
const INFRA_FOLDER = /^\.?(?:infra|infrastructure|ops|devops|platform)$/i;
/** Folders of a Helm chart or of tooling, never read. */
const SKIPPED_FOLDER = /^(?:templates|charts|node_modules|\.git|\.venv|venv|__pycache__)$/;
/** Files that are YAML but no manifest: a Helm chart's, a CI's. */
const SKIPPED_FILE = /^(?:Chart|values(?:[._-].*)?|\.gitlab-ci|\.pre-commit-config|mkdocs)\.ya?ml$/i;
const YAML = /\.ya?ml$/i;
const MAX_DEPTH = 4;
const MAX_FILES = 200;
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * The entries of a directory the search reads, recorded as one fact for the lint cache: in a
 * manifest folder (`y:DIR`) its YAML files and folders; elsewhere (`folders`, `Y:DIR`) only the
 * folders named for manifests, so that adding any other folder keeps a repository's cached lints.
 */
export function manifestEntries(directory: string, session: NodeSession, folders = false): string[] {
  const listing = session.listDirectory(directory);
  const names = [...(listing?.entries() ?? [])]
    .filter(([name, type]) =>
      folders
        ? type === 'directory' && (MANIFEST_FOLDER.test(name) || INFRA_FOLDER.test(name))
        : (type === 'file' && YAML.test(name) && !SKIPPED_FILE.test(name)) || (type === 'directory' && !SKIPPED_FOLDER.test(name)),
    )
    .map(([name, type]) => (type === 'directory' ? `${name}/` : name))
    .sort();
  session.fact(`${folders ? 'Y' : 'y'}:${directory}`, names.join('|'));
  session.fact(`s:${directory}`, session.signatures.get(directory) ?? '');
  return names;
}

/**
 * The manifests a Dockerfile's repository keeps beside it: in the manifest folders (`k8s/`,
 * `deploy/`, `infra/k8s/`, ...) of its directory and of every directory above it up to the
 * project root, each directory searched once per session.
 */
export function repositoryManifests(directory: string, session: NodeSession): KubernetesDeployment {
  const start = path.resolve(directory);
  const root = projectRoot(start, session);
  const manifests = new Map<string, ManifestFile>();
  for (let current = start; ; current = path.dirname(current)) {
    for (const found of manifestsIn(current, root, session)) if (!manifests.has(found.file.absolutePath)) manifests.set(found.file.absolutePath, found);
    if (current === root || path.dirname(current) === current || manifests.size >= MAX_FILES) break;
  }
  return { manifests: [...manifests.values()].slice(0, MAX_FILES) };
}

/** The manifests in the manifest folders of one directory, read once per session. */
function manifestsIn(directory: string, root: string, session: NodeSession): ManifestFile[] {
  const known = session.manifests.get(directory);
  if (known) {
    session.replay(known.facts);
    return known.manifests;
  }
  const { value: manifests, facts } = session.capture(() => findManifests(directory, root, session));
  session.manifests.set(directory, { manifests, facts });
  return manifests;
}

function findManifests(directory: string, root: string, session: NodeSession): ManifestFile[] {
  const found: ManifestFile[] = [];
  const folders: string[] = [];
  for (const entry of manifestEntries(directory, session, true)) {
    const name = entry.slice(0, -1);
    const folder = path.join(directory, name);
    if (isGitIgnored(gitignoreScopes(directory, session), folder, true)) continue;
    if (MANIFEST_FOLDER.test(name)) folders.push(folder);
    else
      for (const inner of manifestEntries(folder, session, true))
        if (MANIFEST_FOLDER.test(inner.slice(0, -1))) folders.push(path.join(folder, inner.slice(0, -1)));
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
      found.push({
        manifest,
        file: { path: path.relative(root, absolute).split(path.sep).join('/'), absolutePath: absolute, source: new SourceText(read.text) },
      });
    }
  };
  for (const folder of folders) visit(folder, 1);
  return found;
}
