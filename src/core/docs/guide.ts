/**
 * The advice of FastAPI's "FastAPI in Containers - Docker" guide, numbered as in
 * ../shared/seeds/README.md, so rule docs can cite it.
 */
export const GUIDE_TITLE = 'FastAPI in Containers - Docker';
export const GUIDE_URL = 'https://fastapi.tiangolo.com/deployment/docker/';

export const GUIDE_ITEMS: Record<number, string> = {
  1: 'Build from the official Python image, from scratch',
  2: 'Requirements first, code last (Docker cache)',
  3: '`--no-cache-dir` on `pip install`',
  4: 'Always the exec form for CMD',
  5: 'Behind a TLS-terminating proxy, use the proxy headers',
  6: 'The old base image `tiangolo/uvicorn-gunicorn-fastapi` is deprecated',
  7: 'One process per container in a cluster',
  8: 'Memory: one process per container keeps memory bounded',
  9: 'Steps before start (migrations)',
  10: 'Single-file apps',
  11: 'HTTPS, restarts, start on boot are handled outside the image',
  12: "uv users follow uv's own Docker integration guide",
};
