/** Images the repository builds itself, found in its build steps. */
import { describe, expect, it } from 'vitest';
import { BuildContext, MemoryFileSystem } from '../../src/core/context/build-context.js';
import { parseCompose } from '../../src/core/context/compose.js';
import { localImageFor, locallyBuiltImages } from '../../src/core/context/local-images.js';
import { parseImageReference, type ImageReference } from '../../src/core/model/image.js';

const image = (text: string) => parseImageReference(text) as ImageReference;

function names(files: Record<string, string>, dockerfile = 'Dockerfile'): string[] {
  const context = new BuildContext(new MemoryFileSystem(files, '/repo'), `/repo/${dockerfile}`, 'option');
  return locallyBuiltImages(context).map((found) => found.name);
}

describe('locallyBuiltImages', () => {
  it.each([
    [
      'make variables, recursive',
      { Makefile: 'NAME = $(PREFIX)-base\nPREFIX := web\nTAG ?= 1\nTAG ?= 2\n\nb:\n\tdocker build --tag=$(NAME):$(TAG) .\n' },
      ['web-base:1'],
    ],
    ['several tags, -tNAME, a global option', { GNUmakefile: 'b:\n\tdocker --context ci build -t a -tb --tag c:2 .\n' }, ['a', 'b', 'c:2']],
    [
      'docker image build, podman, buildah',
      { 'build.sh': 'docker image build -t one .\npodman build -t two .\nbuildah bud -t three .\n' },
      ['one', 'two', 'three'],
    ],
    ['docker tag', { 'release.sh': 'docker tag one:1 registry.example.org/one:1\ndocker image tag one:1 one\n' }, ['registry.example.org/one:1', 'one']],
    [
      'export and defaults',
      { 'scripts/build.sh': 'export BASE=${BASE:-base}\nTAG=dev\ndocker build -t "$BASE:$TAG" -f Dockerfile.base .\ndocker build -t "$UNSET" .\n' },
      ['base:dev'],
    ],
    [
      'justfile',
      { justfile: 'image := "api-base"\n\nbase:\n    docker build -t {{image}} -f Dockerfile.base .\n    docker build -t {{unknown}} .\n' },
      ['api-base'],
    ],
    [
      'bake HCL and JSON',
      { 'docker-bake.hcl': 'target "a" {\n  tags = ["a:1", "${NOPE}"]\n}\n', 'docker-bake.json': '{"target": {"b": {"tags": ["b"]}}}' },
      ['a:1', 'b'],
    ],
    [
      'Compose services that build and name an image',
      { 'compose.yaml': 'services:\n  base:\n    image: ${BASE:-web-base}\n    build: ./base\n  db:\n    image: postgres\n' },
      ['web-base'],
    ],
    ['not in an echo, nor in a comment', { Makefile: '# docker build -t a .\nhelp:\n\t@echo docker build -t b .\n' }, []],
  ])('%s', (_name, files, expected) => {
    expect(names(files as Record<string, string>)).toEqual(expected);
  });

  it("looks beside the Dockerfile, above it up to the context's root, and in the root's folders", () => {
    const files = {
      'svc/api/build.sh': 'docker build -t near .\n',
      'infra/Makefile': 'b:\n\tdocker build -t infra .\n',
      'deep/a/b/Makefile': 'b:\n\tdocker build -t far .\n',
    };
    expect(names(files, 'svc/api/Dockerfile').sort()).toEqual(['infra', 'near']);
  });

  it('reads the repository too when given one: a Makefile outside the build context', () => {
    const repository = {
      'infra/makefile': 'BASE_IMAGE=base\n\nbase:\n\tdocker build -t $(BASE_IMAGE) -f Dockerfile.base .\n',
      'infra/docker-compose.yaml': 'services:\n  resume:\n    build: ../services/resume\n',
      'services/resume/Dockerfile': 'FROM base\n',
    };
    const inContext = Object.fromEntries(
      Object.entries(repository)
        .filter(([name]) => name.startsWith('services/resume/'))
        .map(([name, text]) => [name.slice('services/resume/'.length), text]),
    );
    const context = new BuildContext(new MemoryFileSystem(inContext, '/repo/services/resume'), '/repo/services/resume/Dockerfile', 'dockerfile-directory');
    expect(locallyBuiltImages(context)).toEqual([]);
    expect(locallyBuiltImages(context, new MemoryFileSystem(repository, '/repo'))).toEqual([{ name: 'base', file: '/repo/infra/makefile' }]);
  });

  it('includes the services of the Compose file that builds the Dockerfile', () => {
    const compose = parseCompose(
      'services:\n  base:\n    image: shared-base:latest\n    build: {context: ., dockerfile: Dockerfile.base}\n  api:\n    build: ./api\n',
      '/elsewhere/compose.yaml',
    );
    const context = new BuildContext(new MemoryFileSystem({}, '/repo/api'), '/repo/api/Dockerfile', 'compose', compose && { file: compose, service: 'api' });
    expect(locallyBuiltImages(context).map((found) => found.name)).toEqual(['shared-base:latest']);
  });
});

describe('localImageFor', () => {
  const built = [
    { name: 'base', file: 'Makefile' },
    { name: 'web-base:latest', file: 'Makefile' },
    { name: 'tools:1.0', file: 'Makefile' },
    { name: 'org/x', file: 'Makefile' },
  ];
  it.each([
    ['base', true],
    ['base:latest', true],
    ['docker.io/library/base', false],
    ['web-base', true],
    ['tools', false],
    ['tools:1.0', true],
    ['org/x', false],
    [`base@sha256:${'a'.repeat(64)}`, false],
    ['python', false],
  ])('%s → %s', (text, expected) => {
    expect(localImageFor(image(text), built) !== undefined).toBe(expected);
  });
});
