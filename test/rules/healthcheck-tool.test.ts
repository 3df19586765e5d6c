import { healthcheckTool } from '../../rules/healthcheck-tool.js';
import { ruleTester } from '../helpers/rule-tester.js';

const CMD = '\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]';
const CURL = '\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1';
const WGET = '\nHEALTHCHECK CMD wget -qO- http://localhost/health || exit 1';

ruleTester(healthcheckTool, {
  valid: [
    { name: 'full python image has curl', code: `FROM python:3.13${CURL}${CMD}` },
    { name: 'bookworm image has curl', code: `FROM python:3.12-bookworm${CURL}${CMD}` },
    { name: 'alpine has BusyBox wget', code: `FROM python:3.13-alpine${WGET}${CMD}` },
    {
      name: 'slim with curl installed',
      code: `FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*${CURL}${CMD}`,
    },
    { name: 'alpine with curl added', code: `FROM python:3.13-alpine\nRUN apk add --no-cache curl${CURL}${CMD}` },
    {
      name: 'curl installed in a base stage of ours',
      code: `FROM python:3.13-slim AS base\nRUN apt-get update && apt-get install -y curl=8.5.0-2\nFROM base${CURL}${CMD}`,
    },
    { name: 'curl copied in from an image', code: `FROM python:3.13-slim\nCOPY --from=ghcr.io/tarampampam/curl:8.7.1 /bin/curl /bin/curl${CURL}${CMD}` },
    {
      name: 'python check',
      code: `FROM python:3.13-slim\nHEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost/health')"]${CMD}`,
    },
    { name: 'HEALTHCHECK NONE', code: `FROM python:3.13-slim\nHEALTHCHECK NONE${CMD}` },
    { name: 'unknown base image', code: `FROM registry.example.com/python:3.13-slim${CURL}${CMD}` },
    { name: 'base image from an unknown ARG', code: `ARG BASE\nFROM \${BASE}${CURL}${CMD}` },
    { name: 'healthcheck only in a builder stage', code: `FROM python:3.13-slim AS builder${CURL}\nFROM python:3.13${CMD}` },
    { name: 'no HEALTHCHECK, no deploy target', code: `FROM python:3.13-slim${CMD}` },
    { name: 'no HEALTHCHECK on Kubernetes, which ignores it', code: `FROM python:3.13-slim${CMD}`, options: { deployTarget: 'kubernetes' } },
    { name: 'no HEALTHCHECK, no server', code: 'FROM python:3.13-slim\nCMD ["python", "worker.py"]', options: { deployTarget: 'compose' } },
    {
      name: 'curl purged in the same RUN is not kept, but the full image has it',
      code: `FROM python:3.13\nRUN apt-get install -y curl && apt-get purge -y curl${CURL}${CMD}`,
    },
  ],
  invalid: [
    {
      name: 'curl on slim',
      code: `FROM python:3.13-slim${CURL}${CMD}`,
      errors: [
        {
          line: 2,
          column: 32,
          endColumn: 36,
          messageId: 'missingTool',
          message:
            "HEALTHCHECK runs `curl`, which `python:3.13-slim` lacks: the check always fails. Install it, or check with Python's `urllib.request` (see the docs).",
        },
      ],
    },
    {
      name: 'wget on slim',
      code: `FROM python:3.12-slim-bookworm${WGET}${CMD}`,
      errors: [
        {
          line: 2,
          column: 17,
          messageId: 'missingTool',
          message:
            "HEALTHCHECK runs `wget`, which `python:3.12-slim-bookworm` lacks: the check always fails. Install it, or check with Python's `urllib.request` (see the docs).",
        },
      ],
    },
    { name: 'curl on alpine', code: `FROM python:3.13-alpine${CURL}${CMD}`, errors: [{ line: 2, column: 32, messageId: 'missingTool' }] },
    {
      name: 'exec form',
      code: `FROM python:3.13-slim\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]${CMD}`,
      errors: [{ line: 2, column: 18, endColumn: 24, messageId: 'missingTool' }],
    },
    {
      name: 'through sh -c',
      code: `FROM python:3.13-slim\nHEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost/ || exit 1"]${CMD}`,
      errors: [{ line: 2, column: 31, messageId: 'missingTool' }],
    },
    {
      name: 'curl installed then purged in the same RUN',
      code: `FROM python:3.13-slim\nRUN apt-get update && apt-get install -y curl gcc && pip install x && apt-get purge -y curl gcc${CURL}${CMD}`,
      errors: [{ line: 3, column: 32, messageId: 'missingTool' }],
    },
    {
      name: 'curl installed only in a builder stage',
      code: `FROM python:3.13-slim AS builder\nRUN apt-get install -y curl\nFROM python:3.13-slim${CURL}${CMD}`,
      errors: [{ line: 4, column: 32, messageId: 'missingTool' }],
    },
    {
      name: 'inherited from a base stage',
      code: `FROM python:3.13-slim AS base${CURL}\nFROM base${CMD}`,
      errors: [{ line: 2, column: 32, messageId: 'missingTool' }],
    },
    { name: 'plain debian', code: `FROM debian:bookworm-slim${CURL}${CMD}`, errors: [{ line: 2, column: 32, messageId: 'missingTool' }] },
    {
      name: 'uv slim image',
      code: `FROM ghcr.io/astral-sh/uv:python3.13-bookworm-slim${CURL}${CMD}`,
      errors: [{ line: 2, column: 32, messageId: 'missingTool' }],
    },
    {
      name: 'no HEALTHCHECK with Compose',
      code: `FROM python:3.13-slim${CMD}`,
      options: { deployTarget: 'compose' },
      errors: [
        {
          line: 1,
          column: 1,
          endColumn: 5,
          messageId: 'noHealthcheck',
          message:
            "No HEALTHCHECK: Compose cannot tell a hung server from a healthy one. Add one that requests a health endpoint with Python's `urllib.request`.",
          severity: 'info',
        },
      ],
    },
    {
      name: 'no HEALTHCHECK on a server',
      code: `FROM python:3.13-slim${CMD}`,
      options: { deployTarget: 'server' },
      errors: [
        {
          line: 1,
          column: 1,
          messageId: 'noHealthcheck',
          message:
            "No HEALTHCHECK: Docker cannot tell a hung server from a healthy one. Add one that requests a health endpoint with Python's `urllib.request`.",
          severity: 'info',
        },
      ],
    },
  ],
});
