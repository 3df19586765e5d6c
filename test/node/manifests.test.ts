/**
 * The repository's Kubernetes manifests, found from the project root: folders named for them at
 * the root or one level below, plain YAML only (no Helm chart, no values file), .gitignore
 * respected, no link followed; and what the search read, recorded for the lint cache.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryManifests } from '../../src/node/manifests.js';
import { locateContext } from '../../src/node/locate.js';
import { NodeSession } from '../../src/node/session.js';
import { scratchDir } from '../helpers/cli.js';

const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1\n';

function repository(): string {
  const repo = scratchDir({
    'api/Dockerfile': 'FROM python:3.13-slim\nCMD ["fastapi", "run", "main.py"]\n',
    'k8s/base/deployment.yaml': DEPLOYMENT,
    'k8s/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    'backend/deploy/api.yml': DEPLOYMENT,
    'backend/auth/Dockerfile': 'FROM python:3.13-slim\n',
    'infra/k8s/api.yaml': DEPLOYMENT,
    'charts/api/templates/deployment.yaml': DEPLOYMENT,
    'deploy/values.yaml': 'replicaCount: 3\n',
    'deploy/helm.yaml': DEPLOYMENT.replace('name: api', 'name: {{ .Release.Name }}'),
    'generated/k8s/api.yaml': DEPLOYMENT,
    'docs/api.yaml': DEPLOYMENT,
    '.gitignore': 'generated/\n',
  });
  mkdirSync(path.join(repo, '.git'));
  return repo;
}

describe('Kubernetes manifests of a repository', () => {
  it("are found in the manifest folders of the Dockerfile's directory and those above it, as plain YAML only", () => {
    const repo = repository();
    const fromApi = repositoryManifests(path.join(repo, 'api'), new NodeSession(repo))
      .manifests.map((entry) => entry.file.path)
      .sort();
    expect(fromApi).toEqual(['infra/k8s/api.yaml', 'k8s/base/deployment.yaml', 'k8s/base/kustomization.yaml']);
    const fromBackend = repositoryManifests(path.join(repo, 'backend', 'auth'), new NodeSession(repo))
      .manifests.map((entry) => entry.file.path)
      .sort();
    expect(fromBackend).toEqual(['backend/deploy/api.yml', 'infra/k8s/api.yaml', 'k8s/base/deployment.yaml', 'k8s/base/kustomization.yaml']);
  });

  it('follow no link', () => {
    const repo = repository();
    const outside = scratchDir({ 'secret.yaml': DEPLOYMENT });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(repo, 'k8s', 'linked.yaml'));
    symlinkSync(outside, path.join(repo, 'k8s', 'linked-folder'));
    const found = repositoryManifests(repo, new NodeSession(repo)).manifests.map((entry) => entry.file.path);
    expect(found.some((file) => file.includes('linked'))).toBe(false);
  });

  it('reach the build context, and their listings are facts for the lint cache', () => {
    const repo = repository();
    const session = new NodeSession(repo);
    // As with --cache: only a recording session keeps the facts.
    session.recordContextQueries = true;
    const { value: context, facts } = session.capture(() => locateContext(path.join(repo, 'api', 'Dockerfile'), { session }));
    expect(context.kubernetes?.manifests.length).toBe(3);
    expect(facts.get(`y:${path.join(repo, 'k8s')}`)).toBe('base/');
    // Above the Dockerfile only the folders named for manifests are facts: another folder added keeps the cache.
    expect(facts.get(`Y:${repo}`)).toBe('deploy/|infra/|k8s/');
    // A second Dockerfile of the same repository reads nothing again, and rests on the same facts.
    const again = session.capture(() => locateContext(path.join(repo, 'api', 'Dockerfile'), { session }));
    expect(again.facts.get(`y:${path.join(repo, 'k8s')}`)).toBe('base/');
  });
});
