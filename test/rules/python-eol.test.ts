import { pythonEol } from '../../rules/python-eol.js';
import { ruleTester } from '../helpers/rule-tester.js';

const today = { today: '2026-11-26' };

ruleTester(pythonEol, {
  valid: [
    { code: 'FROM python:3.13', options: today },
    { code: 'FROM python:3.12-slim-bookworm', options: today },
    { name: 'no version in the tag', code: 'FROM python:slim', options: today },
    { name: 'major version only', code: 'FROM python:3-alpine', options: today },
    { name: 'not the official image', code: 'FROM ghcr.io/acme/python:3.8', options: today },
    { name: 'unknown ARG', code: 'ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION}-slim', options: today },
    { name: 'before the end of life', code: 'FROM python:3.9', options: { today: '2024-06-01' } },
    { name: 'a stage name', code: 'FROM python:3.13 AS python\nFROM python', options: today },
    {
      name: 'a builder stage is not shipped',
      code: 'FROM python:3.9 AS build\nRUN pip wheel -w /wheels fastapi\nFROM python:3.13-slim\nCOPY --from=build /wheels /wheels',
      options: today,
    },
    { name: "uv's image without Python", code: 'FROM ghcr.io/astral-sh/uv:debian-slim', options: today },
    { name: "uv's image with a supported Python", code: 'FROM ghcr.io/astral-sh/uv:0.5-python3.13-bookworm-slim', options: today },
    { name: 'not a Dockerfile', code: 'from python:3.8 import x\napp = FastAPI()', options: today },
  ],
  invalid: [
    {
      name: "the guide's python:3.9",
      code: 'FROM python:3.9',
      options: today,
      errors: [
        {
          line: 1,
          column: 6,
          endColumn: 16,
          messageId: 'ended',
          message: 'Python 3.9 reached its end of life on 2025-10-31 and gets no security fixes: move to a supported version (the newest is 3.15).',
        },
      ],
    },
    {
      name: 'suggests the newest version',
      code: 'FROM python:3.8-slim',
      options: today,
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'ended',
          message: 'Python 3.8 reached its end of life on 2024-10-07 and gets no security fixes: move to a supported version (the newest is 3.15).',
        },
      ],
    },
    {
      name: 'suggests what was newest then',
      code: 'FROM python:3.8-slim',
      options: { today: '2025-01-01' },
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'ended',
          message: 'Python 3.8 reached its end of life on 2024-10-07 and gets no security fixes: move to a supported version (the newest is 3.13).',
        },
      ],
    },
    { name: '3.10 ended in October 2026', code: 'FROM python:3.10.15-slim-bookworm', options: today, errors: [{ line: 1, column: 6, messageId: 'ended' }] },
    {
      name: 'docker.io/library/python',
      code: 'FROM docker.io/library/python:3.9-alpine',
      options: today,
      errors: [{ line: 1, column: 6, messageId: 'ended' }],
    },
    {
      name: 'a mirror of the official image',
      code: 'FROM mirror.gcr.io/library/python:3.9',
      options: today,
      errors: [{ line: 1, column: 6, messageId: 'ended' }],
    },
    { name: 'with a digest', code: `FROM python:3.9@sha256:${'b'.repeat(64)}`, options: today, errors: [{ line: 1, column: 6, messageId: 'ended' }] },
    {
      name: 'ARG-resolved version',
      code: 'ARG PYTHON_VERSION=3.9\nFROM python:${PYTHON_VERSION}-slim',
      options: today,
      errors: [{ line: 2, column: 6, messageId: 'ended' }],
    },
    {
      name: 'within six months: info',
      code: 'FROM python:3.11',
      options: { today: '2027-06-01' },
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'ending',
          message: 'Python 3.11 reaches its end of life on 2027-10-31: plan the move to a supported version (the newest is 3.15).',
          severity: 'info',
        },
      ],
    },
    {
      name: "uv's image with Python 3.10",
      code: 'FROM ghcr.io/astral-sh/uv:python3.10-bookworm',
      options: today,
      errors: [
        {
          line: 1,
          column: 6,
          messageId: 'ended',
          message: 'Python 3.10 reached its end of life on 2026-10-31 and gets no security fixes: move to a supported version (the newest is 3.15).',
        },
      ],
    },
    { name: 'the final stage', code: 'FROM python:3.13 AS build\nFROM python:3.9-slim', options: today, errors: [{ line: 2, column: 6, messageId: 'ended' }] },
    {
      name: 'once, on the stage the image is built from, not on each stage using python:3.8',
      code: 'FROM python:3.8 AS base\nFROM base AS app\nCOPY . .\nFROM python:3.8 AS test\nRUN pip install pytest\nFROM app',
      options: today,
      errors: [{ line: 1, column: 6, endColumn: 16, messageId: 'ended' }],
    },
  ],
});
