/**
 * Image references as Docker normalises them: `python:3.12` is
 * `docker.io/library/python:3.12`, and `index.docker.io/tiangolo/x` is `docker.io/tiangolo/x`.
 */

export interface ImageReference {
  /** The reference as it reads after ARG substitution. */
  text: string;
  /** `docker.io` for Docker Hub (whatever alias was written), else the registry host. */
  registry: string;
  /** The repository path, with `library/` for Docker Hub's official images. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function parseImageReference(text: string): ImageReference | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return undefined;
  let rest = trimmed;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
  }
  if (rest === '') return undefined;
  let registry = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = 'docker.io';
    if (!rest.includes('/')) rest = `library/${rest}`;
  }
  return { text: trimmed, registry, repository: rest.toLowerCase(), tag: tag || undefined, digest: digest || undefined };
}

/** The official python image, on Docker Hub or a mirror of it (`mirror.gcr.io/library/python`). */
export function isOfficialPythonImage(image: ImageReference): boolean {
  return image.repository === 'library/python' || image.repository.endsWith('/library/python');
}

/** tiangolo's images, deprecated in favour of the official python image and `fastapi run`. */
const DEPRECATED_FASTAPI_IMAGES = new Set([
  'tiangolo/uvicorn-gunicorn-fastapi',
  'tiangolo/uvicorn-gunicorn',
  'tiangolo/uvicorn-gunicorn-starlette',
  'tiangolo/meinheld-gunicorn',
  'tiangolo/meinheld-gunicorn-flask',
]);

/** One of tiangolo's deprecated uvicorn-gunicorn images on Docker Hub (FDL003 reports them). */
export function isDeprecatedFastapiImage(image: ImageReference): boolean {
  return image.registry === 'docker.io' && DEPRECATED_FASTAPI_IMAGES.has(image.repository);
}

/**
 * Whether containers of the image run as root unless a USER says otherwise: Docker Hub's
 * official images (and mirrors of `library/python`), uv's images, tiangolo's and the CUDA images
 * do. Others (bitnami, chainguard, distroless `nonroot`, an organisation's own base) may set a
 * user of their own: `undefined`. `scratch` has no user at all.
 */
export function runsAsRootByDefault(image: ImageReference): boolean | undefined {
  if (image.repository === 'library/scratch') return undefined;
  if (image.registry === 'docker.io') {
    if (image.repository.startsWith('library/') || image.repository.startsWith('tiangolo/') || image.repository === 'nvidia/cuda') return true;
    if (image.repository === 'astral/uv') return true;
  }
  if (image.repository.endsWith('/library/python')) return true;
  if (image.registry === 'ghcr.io' && image.repository === 'astral-sh/uv') return true;
  return undefined;
}
