/**
 * The commands that replace the image's CMD and ENTRYPOINT: Compose `command:`/`entrypoint:`
 * read with their offsets, development files told apart, and Kubernetes containers tied to the
 * Dockerfile's image by name.
 */
import { describe, expect, it } from 'vitest';
import { isDevelopmentCompose, parseCompose } from '../../src/core/context/compose.js';
import { parseKubernetesManifest, type ManifestFile } from '../../src/core/context/kubernetes.js';
import { kubernetesOverrides, tiedContainers } from '../../src/core/context/kubernetes-evidence.js';
import { yamlCommandString, yamlWord } from '../../src/core/context/yaml-command.js';
import { SourceText } from '../../src/core/model/source.js';

const COMPOSE = `services:
  api:
    build: .
    command: uvicorn app.main:app --host "0.0.0.0" --reload
    entrypoint: ["/entrypoint.sh"]
    environment:
      - UVICORN_WORKERS=4
      - DATABASE_URL=\${DATABASE_URL}
    working_dir: /srv
    profiles: [web]
    deploy:
      replicas: 3
  worker:
    build: .
    command: celery -A app worker && echo done
`;

describe('Compose commands', () => {
  const compose = parseCompose(COMPOSE, '/repo/compose.yaml');
  const api = compose?.services.find((service) => service.name === 'api');

  it('splits a string command as shlex does, each word at its offset in the file', () => {
    const words = api?.command?.words ?? [];
    expect(words.map((word) => word.value)).toEqual(['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--reload']);
    for (const word of words) expect(COMPOSE.slice(word.valueOffsets[0], word.valueOffsets[word.value.length - 1] + 1)).toBe(word.value);
  });

  it('reads a list as the argv it is', () => {
    expect(api?.entrypoint?.words?.map((word) => word.value)).toEqual(['/entrypoint.sh']);
    const [word] = api?.entrypoint?.words ?? [];
    expect(COMPOSE.slice(word.start, word.end)).toBe('"/entrypoint.sh"');
  });

  it('leaves a string only a shell would read unread', () => {
    expect(compose?.services.find((service) => service.name === 'worker')?.command?.words).toBeUndefined();
  });

  it('reads environment (an interpolated value is unknown), working_dir, profiles and replicas', () => {
    expect(api?.environment).toEqual({ UVICORN_WORKERS: '4', DATABASE_URL: undefined });
    expect(api?.workingDir).toBe('/srv');
    expect(api?.profiles).toEqual(['web']);
    expect(api?.replicas?.value).toBe(3);
  });

  it('tells development files and profiles apart', () => {
    const file = (name: string) => ({ path: `/repo/${name}`, services: [] });
    for (const name of [
      'compose.override.yaml',
      'docker-compose.override.yml',
      'docker-compose.dev.yml',
      'compose-local.yaml',
      'dev.yml',
      'docker-compose.debug.yaml',
    ]) {
      expect(isDevelopmentCompose(file(name)), name).toBe(true);
    }
    for (const name of ['compose.yaml', 'docker-compose.prod.yml', 'docker-compose.traefik.yml', 'production.yml', 'compose.devops.yaml']) {
      expect(isDevelopmentCompose(file(name)), name).toBe(false);
    }
    expect(isDevelopmentCompose(file('compose.yaml'), ['dev'])).toBe(true);
  });
});

describe('YAML words', () => {
  it('maps a quoted scalar inside its quotes, and an escaped one to its start', () => {
    const text = 'args: ["--host", "0.0.0.0\\t"]';
    const plain = yamlWord(text, '--host', { start: 7, end: 15 });
    expect(plain.valueOffsets[0]).toBe(8);
    const escaped = yamlWord(text, '0.0.0.0\t', { start: 17, end: 28 });
    expect(escaped.valueOffsets.slice(0, 3)).toEqual([17, 17, 17]);
    expect(escaped.start).toBe(17);
  });

  it('marks a word Compose interpolates as expanding, and `$$` as literal', () => {
    expect(yamlCommandString('x', 'uvicorn main:app --port ${PORT}', { start: 0, end: 0 })?.[3].expands).toBe(true);
    expect(yamlWord('x', 'a$$b', { start: 0, end: 0 }).expands).toBe(false);
  });
});

function manifest(path: string, text: string): ManifestFile {
  return { manifest: parseKubernetesManifest(text, `/repo/${path}`), file: { path, absolutePath: `/repo/${path}`, source: new SourceText(text) } };
}

const DEPLOYMENT = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: ${image}
${extra}`;

describe('Kubernetes containers tied to the image', () => {
  it('by the image of the Compose service that builds it, or a name', () => {
    const deployment = {
      manifests: [manifest('k8s/api.yaml', DEPLOYMENT('ghcr.io/acme/shop-api:1.2')), manifest('k8s/web.yaml', DEPLOYMENT('ghcr.io/acme/web:1.2'))],
    };
    expect(tiedContainers(deployment, { images: ['ghcr.io/acme/shop-api'], names: [] }).map((tied) => tied.manifest.file.path)).toEqual(['k8s/api.yaml']);
    expect(tiedContainers(deployment, { images: [], names: ['shop-api'] }).map((tied) => tied.manifest.file.path)).toEqual(['k8s/api.yaml']);
    expect(tiedContainers(deployment, { images: [], names: ['backend'] })).toEqual([]);
  });

  it("through a kustomization's images: rewrite", () => {
    const deployment = {
      manifests: [
        manifest('k8s/base/api.yaml', DEPLOYMENT('api-image')),
        manifest('k8s/base/kustomization.yaml', 'resources: [api.yaml]\nimages:\n  - name: api-image\n    newName: ghcr.io/acme/orders\n    newTag: "7"\n'),
      ],
    };
    const [tied] = tiedContainers(deployment, { images: [], names: ['orders'] });
    expect(tied?.image).toBe('ghcr.io/acme/orders');
  });

  it("turns command and args into a new ENTRYPOINT and CMD, with the container's environment", () => {
    const text = DEPLOYMENT(
      'api',
      '          command: ["uvicorn"]\n          args: ["app.main:app", "--reload"]\n          env:\n            - name: UVICORN_HOST\n              value: 127.0.0.1\n',
    );
    const [replaced] = kubernetesOverrides(tiedContainers({ manifests: [manifest('deploy/api.yaml', text)] }, { images: [], names: ['api'] }));
    expect(replaced.entrypoint?.map((word) => word.value)).toEqual(['uvicorn']);
    expect(replaced.command?.map((word) => word.value)).toEqual(['app.main:app', '--reload']);
    expect(replaced.env).toEqual([['UVICORN_HOST', '127.0.0.1']]);
    expect(replaced.override.where).toBe('container `api` of Deployment `api` in api.yaml');
    expect(text.slice(replaced.override.range.start, replaced.override.range.end)).toContain('["uvicorn"]');
  });
});
