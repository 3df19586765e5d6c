import { pinBaseImage } from '../../rules/pin-base-image.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(pinBaseImage, {
  valid: [
    { code: 'FROM python:3.13-slim' },
    { code: `FROM python@sha256:${'c'.repeat(64)}`, name: 'a digest' },
    { code: `FROM python:latest@sha256:${'c'.repeat(64)}`, name: 'latest pinned by digest' },
    { code: 'FROM scratch' },
    { code: 'FROM python:3.13 AS base\nFROM base', name: 'a stage name' },
    { code: 'ARG BASE\nFROM $BASE', name: 'unresolvable ARG' },
    { code: 'ARG TAG=3.13\nFROM python:$TAG', name: 'ARG with a default' },
    { code: 'FROM tiangolo/uvicorn-gunicorn-fastapi', name: 'a deprecated image is FDL003 alone' },
    { code: 'FROM tiangolo/uvicorn-gunicorn-fastapi:latest\nCOPY ./app /app', name: 'a deprecated image at latest is FDL003 alone' },
    { code: 'from fastapi import FastAPI\n\napp = FastAPI()', name: 'a Python module is not a Dockerfile' },
    { code: 'FROM fastapi import FastAPI', name: 'a FROM BuildKit would refuse' },
    // The project's own base image, built by an earlier step of the repository.
    {
      name: 'a base image a Makefile builds',
      code: 'FROM base\nRUN pip install --no-cache-dir fastapi',
      files: {
        Makefile:
          'BASE_IMAGE=base\n\nbuild:\n\t@if ! docker inspect --type=image $(BASE_IMAGE) >/dev/null; then \\\n\t\tdocker build -t $(BASE_IMAGE) -f Dockerfile.base .; \\\n\tfi\n\tdocker compose build\n',
        'Dockerfile.base': 'FROM python:3.13-slim\n',
      },
    },
    {
      name: 'name and tag from make variables',
      code: 'FROM web-app-base:latest',
      files: {
        Makefile:
          'APP_BASE_IMAGE := web-app-base\nAPP_BASE_IMAGE_TAG := latest\n\nrun:\n\tdocker build -t ${APP_BASE_IMAGE}:${APP_BASE_IMAGE_TAG} -f ./docker/Dockerfile.base .\n',
      },
    },
    {
      name: 'a Compose service that builds and names it',
      code: 'FROM web-app-base\nCOPY . /app',
      files: {
        'compose.yaml': 'services:\n  base:\n    image: web-app-base\n    build:\n      context: .\n      dockerfile: Dockerfile.base\n  api:\n    build: .\n',
        'Dockerfile.base': 'FROM python:3.13-slim\n',
      },
    },
    {
      name: 'a script in scripts/ with a shell variable',
      code: 'FROM api-base',
      files: { 'scripts/build.sh': '#!/bin/sh\nset -e\nIMAGE="${IMAGE:-api-base}"\ndocker buildx build --tag "$IMAGE" -f Dockerfile.base .\n' },
    },
    {
      name: "a bake target's tags",
      code: 'FROM base:latest',
      files: {
        'docker-bake.hcl': 'variable "TAG" {\n  default = "latest"\n}\ntarget "base" {\n  dockerfile = "Dockerfile.base"\n  tags = ["base:${TAG}"]\n}\n',
      },
    },
    {
      name: 'docker tag names it',
      code: 'FROM runtime',
      files: { 'build.sh': 'docker build -t runtime:1.0 -f Dockerfile.runtime .\ndocker tag runtime:1.0 runtime\n' },
    },
    {
      name: 'an ARG default naming the local image',
      code: 'ARG BASE_IMAGE=base\nFROM ${BASE_IMAGE}',
      files: { Makefile: 'base:\n\tdocker build -t base -f Dockerfile.base .\n' },
    },
  ],
  invalid: [
    {
      name: 'the suggested version is the newest release out by the lint date, the one FDL010 names',
      code: 'FROM python',
      options: { today: '2026-12-01' },
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'untagged',
          message:
            '`python` has no tag, so it follows `latest`: a rebuild may get another Python version and Debian release. Pin a tag such as `python:3.15-slim`, or a digest.',
        },
      ],
    },
    {
      name: 'the image keeps its name as written in the suggestion',
      code: 'FROM docker.io/library/python:latest',
      options: { today: '2025-06-01' },
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'latest',
          message:
            '`docker.io/library/python:latest` follows `latest`: a rebuild may get another Python version and Debian release. Pin a tag such as `docker.io/library/python:3.13-slim`, or a digest.',
        },
      ],
    },
    {
      code: 'FROM python',
      options: { today: '2025-06-01' },
      errors: [
        {
          line: 1,
          column: 6,
          endColumn: 12,
          messageId: 'untagged',
          message:
            '`python` has no tag, so it follows `latest`: a rebuild may get another Python version and Debian release. Pin a tag such as `python:3.13-slim`, or a digest.',
        },
      ],
    },
    {
      code: 'FROM python:latest',
      options: { today: '2025-06-01' },
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'latest',
          message:
            '`python:latest` follows `latest`: a rebuild may get another Python version and Debian release. Pin a tag such as `python:3.13-slim`, or a digest.',
        },
      ],
    },
    { code: 'FROM docker.io/library/python', errors: [{ line: 1, column: 6, messageId: 'untagged' }] },
    {
      code: 'FROM ghcr.io/astral-sh/uv',
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'untagged',
          message: '`ghcr.io/astral-sh/uv` has no tag, so it follows `latest`: a rebuild may get another version. Pin a tag, or a digest.',
        },
      ],
    },
    { code: 'ARG BASE=python\nFROM ${BASE} AS app', errors: [{ line: 2, column: 6, messageId: 'untagged' }], name: 'through an ARG default' },
    {
      code: 'FROM --platform=linux/amd64 python AS app',
      errors: [{ line: 1, column: 29, messageId: 'untagged' }],
      name: 'with a platform flag and a stage name',
    },
    // Evidence must name this very image, tag included.
    {
      name: 'another tag of a local name is built',
      code: 'FROM base',
      files: { Makefile: 'base:\n\tdocker build -t base:1.0 .\n' },
      errors: [{ line: 1, column: 6, messageId: 'untagged' }],
    },
    {
      name: 'a name with a namespace may come from a registry',
      code: 'FROM myorg/base',
      files: { Makefile: 'base:\n\tdocker build -t myorg/base .\n' },
      errors: [{ line: 1, column: 6, messageId: 'untagged' }],
    },
    {
      name: 'a command that only prints docker build',
      code: 'FROM base',
      files: { Makefile: 'help:\n\t@echo "docker build -t base ."\n' },
      errors: [{ line: 1, column: 6, messageId: 'untagged' }],
    },
    {
      name: 'a public image with local builds of other names',
      code: 'FROM python:latest',
      files: { Makefile: 'build:\n\tdocker build -t app .\n' },
      errors: [{ line: 1, column: 6, messageId: 'latest' }],
    },
    {
      name: 'a Compose image with no build is pulled',
      code: 'FROM web-app-base',
      files: { 'compose.yaml': 'services:\n  base:\n    image: web-app-base\n  api:\n    build: .\n' },
      errors: [{ line: 1, column: 6, messageId: 'untagged' }],
    },
  ],
});
