import { describe, expect, it } from 'vitest';
import { containerImageMatches, parseKubernetesManifest, routesTo, workloadReplication } from '../../src/core/context/kubernetes.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels:
        app: api
        tier: web
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/shop/api:1.4.2
          command: ["alembic", "upgrade", "head"]
      containers:
        - name: api
          image: registry.example.com/shop/api:1.4.2
          args:
            - uvicorn
            - shop.main:app
            - --port
            - 8000
          env:
            - name: UVICORN_HOST
              value: "0.0.0.0"
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef: { name: db, key: url }
          envFrom:
            - configMapRef: { name: api-config }
`;

const SERVICE_AND_INGRESS = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8000
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: api
                port: { number: 80 }
`;

const at = (text: string, range: { start: number; end: number }) => text.slice(range.start, range.end);

describe('parseKubernetesManifest', () => {
  it('reads a Deployment: replicas, labels, containers and init containers, with positions', () => {
    const manifest = parseKubernetesManifest(DEPLOYMENT, 'k8s/api.yaml');
    expect(manifest.skipped).toBeUndefined();
    const [workload] = manifest.workloads;
    expect(workload).toMatchObject({ kind: 'Deployment', name: 'api', namespace: 'shop', podLabels: { app: 'api', tier: 'web' } });
    expect(workload.replicas?.value).toBe(3);
    expect(at(DEPLOYMENT, workload.replicas?.range ?? { start: 0, end: 0 })).toBe('3');
    const [init] = workload.initContainers;
    expect(init.init).toBe(true);
    expect(init.command?.map((word) => word.value)).toEqual(['alembic', 'upgrade', 'head']);
    expect(at(DEPLOYMENT, init.command?.[0].range ?? { start: 0, end: 0 })).toBe('"alembic"');
    const [container] = workload.containers;
    expect(container.image?.value).toBe('registry.example.com/shop/api:1.4.2');
    expect(container.command).toBeUndefined();
    // A number YAML reads unquoted is kept as the text it was.
    expect(container.args?.map((word) => word.value)).toEqual(['uvicorn', 'shop.main:app', '--port', '8000']);
    expect(DEPLOYMENT.slice(0, container.args?.[1].range.start).split('\n').length).toBe(25);
    expect(container.env).toMatchObject([
      { name: 'UVICORN_HOST', value: '0.0.0.0' },
      { name: 'DATABASE_URL', value: undefined },
    ]);
    expect(container.envFrom).toBe(true);
  });

  it('reads every document of a file, and the kinds that run pods', () => {
    const text = [
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: m\n          image: api\n          command: [python, -m, app.migrate]\n',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - {name: n, image: api, args: [python, nightly.py]}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\nspec:\n  containers:\n    - {name: d, image: api}\n',
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: agent}]\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: "1"}\n',
    ].join('---\n');
    const manifest = parseKubernetesManifest(text, 'deploy/all.yaml');
    expect(manifest.workloads.map((workload) => [workload.kind, workload.name, workload.containers.length])).toEqual([
      ['Job', 'migrate', 1],
      ['CronJob', 'nightly', 1],
      ['Pod', 'debug', 1],
      ['DaemonSet', 'agent', 1],
    ]);
    expect(manifest.workloads[1].containers[0].args?.map((word) => word.value)).toEqual(['python', 'nightly.py']);
  });

  it('reads a kind: List', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers: [{name: c, image: api}]\n';
    expect(parseKubernetesManifest(text, 'list.yaml').workloads.map((workload) => workload.name)).toEqual(['p']);
  });

  it('follows YAML anchors and merge keys', () => {
    const text = 'x-env: &env\n  - {name: A, value: "1"}\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - &base {name: c, image: api, env: *env}\n';
    const [container] = parseKubernetesManifest(text, 'p.yaml').workloads[0].containers;
    expect(container.env).toMatchObject([{ name: 'A', value: '1' }]);
  });

  it('skips a Helm template, with the reason', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "chart.fullname" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n';
    const manifest = parseKubernetesManifest(text, 'chart/templates/deployment.yaml');
    expect(manifest.skipped).toContain('Helm');
    expect(manifest.workloads).toEqual([]);
  });

  it('reads `{{` inside a plain string (an alert template), which is not Helm', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    summary: "instance {{ $labels.instance }} down"\nspec:\n  containers: [{name: c, image: api}]\n';
    // `{{ $` is Go-template syntax too: such a file is skipped rather than half-read.
    expect(parseKubernetesManifest(text, 'p.yaml').skipped).toContain('template');
    const plain =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    note: "use {{name}} in the greeting"\nspec:\n  containers: [{name: c, image: api}]\n';
    expect(parseKubernetesManifest(plain, 'p.yaml').workloads).toHaveLength(1);
  });

  it('keeps the documents that parse when one does not', () => {
    const text =
      'kind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: api}]}\n---\nkind: Pod\nmetadata: [unclosed\n---\nkind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c, image: api}]}\n';
    const manifest = parseKubernetesManifest(text, 'pods.yaml');
    expect(manifest.workloads.map((workload) => workload.name)).toEqual(['a', 'b']);
    expect(manifest.badDocuments).toHaveLength(1);
  });

  it('says why a file holds nothing it reads', () => {
    expect(parseKubernetesManifest('apiVersion: v1\nkind: ConfigMap\ndata: {}\n', 'c.yaml').skipped).toContain('no Kubernetes workload');
    expect(parseKubernetesManifest('', 'empty.yaml').skipped).toBeDefined();
  });

  it('does not take a Helm values.yaml with `resources:` for a kustomization', () => {
    const text = 'replicaCount: 1\nresources:\n  limits: {cpu: 500m}\n';
    expect(parseKubernetesManifest(text, 'chart/values.yaml')).toMatchObject({
      kustomization: undefined,
      skipped: expect.stringContaining('no Kubernetes workload'),
    });
  });

  it('reads a kustomization', () => {
    const text =
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\nreplicas:\n  - name: api\n    count: 4\nimages:\n  - name: api\n    newName: registry.example.com/shop/api\n    newTag: "1.5.0"\n';
    const manifest = parseKubernetesManifest(text, 'overlays/prod/kustomization.yaml');
    expect(manifest.kustomization).toMatchObject({
      resources: ['../../base'],
      replicas: [{ name: 'api', count: 4 }],
      images: [{ name: 'api', newName: 'registry.example.com/shop/api', newTag: '1.5.0', digest: undefined }],
    });
  });
});

describe('routes and TLS', () => {
  it('finds the Ingress with TLS in front of a workload, through its Service', () => {
    const manifests = [parseKubernetesManifest(DEPLOYMENT, 'k8s/api.yaml'), parseKubernetesManifest(SERVICE_AND_INGRESS, 'k8s/ingress.yaml')];
    const routes = routesTo(manifests[0].workloads[0], manifests);
    expect(routes.map((route) => [route.kind, route.name, route.tls])).toEqual([['Ingress', 'api', true]]);
  });

  it('does not tie a Service to pods of another namespace or other labels', () => {
    const other = DEPLOYMENT.replace('namespace: shop', 'namespace: staging');
    const manifests = [parseKubernetesManifest(other, 'k8s/api.yaml'), parseKubernetesManifest(SERVICE_AND_INGRESS, 'k8s/ingress.yaml')];
    expect(routesTo(manifests[0].workloads[0], manifests)).toEqual([]);
  });

  it("takes an HTTPRoute's TLS from its Gateway, and says unknown without it", () => {
    const route =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: api, namespace: shop}\nspec:\n  parentRefs: [{name: public}]\n  rules:\n    - backendRefs: [{name: api, port: 80}]\n';
    const gateway =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public}\nspec:\n  gatewayClassName: eg\n  listeners:\n    - {name: https, protocol: HTTPS, port: 443}\n';
    expect(parseKubernetesManifest(`${route}---\n${gateway}`, 'gw.yaml').routes[0]).toMatchObject({
      kind: 'HTTPRoute',
      tls: true,
      services: ['api'],
      gateways: ['public'],
    });
    expect(parseKubernetesManifest(route, 'route.yaml').routes[0].tls).toBeUndefined();
    const plainHttp = gateway.replace('protocol: HTTPS, port: 443', 'protocol: HTTP, port: 80');
    expect(parseKubernetesManifest(`${route}---\n${plainHttp}`, 'gw.yaml').routes[0].tls).toBe(false);
  });

  it('an Ingress without tls', () => {
    const text = SERVICE_AND_INGRESS.replace(/ {2}tls:\n.*\n.*\n/, '');
    expect(parseKubernetesManifest(text, 'i.yaml').routes[0].tls).toBe(false);
  });
});

describe('workloadReplication', () => {
  const one = (text: string) => parseKubernetesManifest(text, 'k8s/app.yaml');

  it('replicas above one', () => {
    const manifest = one(DEPLOYMENT);
    expect(workloadReplication(manifest.workloads[0], [manifest])).toMatchObject({ kind: 'replicated', why: '`replicas: 3` in app.yaml' });
  });

  it('one replica, or none written (Kubernetes runs one)', () => {
    for (const replicas of ['  replicas: 1\n', '']) {
      const manifest = one(DEPLOYMENT.replace('  replicas: 3\n', replicas));
      expect(workloadReplication(manifest.workloads[0], [manifest])).toEqual({ kind: 'single' });
    }
  });

  it('an autoscaler, a kustomization or a DaemonSet makes several', () => {
    const manifest = one(DEPLOYMENT.replace('  replicas: 3\n', ''));
    const hpa = parseKubernetesManifest(
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  minReplicas: 1\n  maxReplicas: 5\n',
      'k8s/hpa.yaml',
    );
    expect(workloadReplication(manifest.workloads[0], [manifest, hpa])).toMatchObject({
      kind: 'replicated',
      why: 'a HorizontalPodAutoscaler scales `api` up to 5 pods in hpa.yaml',
    });
    const kustomization = parseKubernetesManifest('resources: [app.yaml]\nreplicas: [{name: api, count: 2}]\n', 'k8s/kustomization.yaml');
    expect(workloadReplication(manifest.workloads[0], [manifest, kustomization])).toMatchObject({
      kind: 'replicated',
      why: '`count: 2` for `api` in kustomization.yaml',
    });
    const daemon = one(
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: agent}]\n',
    );
    expect(workloadReplication(daemon.workloads[0], [daemon]).kind).toBe('replicated');
  });

  it('replicas we cannot read', () => {
    const manifest = one(DEPLOYMENT.replace('replicas: 3', 'replicas: "${REPLICAS}"'));
    expect(workloadReplication(manifest.workloads[0], [manifest])).toEqual({ kind: 'unknown' });
  });
});

describe('containerImageMatches', () => {
  it('matches by repository, ignoring tag, digest and registry prefix', () => {
    expect(containerImageMatches('registry.example.com/shop/api:1.4.2', 'shop/api')).toBe(true);
    expect(containerImageMatches('registry.example.com/shop/api@sha256:abc', 'api')).toBe(true);
    expect(containerImageMatches('localhost:5000/api:dev', 'api:latest')).toBe(true);
    expect(containerImageMatches('shop/api-worker:1', 'api')).toBe(false);
    expect(containerImageMatches('postgres:16', 'api')).toBe(false);
  });
});
