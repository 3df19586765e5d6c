import { nonRootUser } from '../../rules/non-root-user.js';
import { ruleTester } from '../helpers/rule-tester.js';

const CMD = '\nCMD ["fastapi", "run", "app/main.py", "--port", "8000"]';
const DEPLOYED = { deployTarget: 'compose' as const };

ruleTester(nonRootUser, {
  valid: [
    { name: 'numeric USER', code: `FROM python:3.13-slim\nUSER 10001${CMD}` },
    { name: 'named USER', code: `FROM python:3.13-slim\nRUN useradd app\nUSER app${CMD}` },
    { name: 'USER after CMD still sets the user', code: `FROM python:3.13-slim${CMD}\nUSER 10001` },
    { name: 'USER from a build argument', code: `FROM python:3.13-slim\nARG APP_UID\nUSER \${APP_UID}${CMD}` },
    { name: 'root for setup, then a user', code: `FROM python:3.13-slim\nUSER root\nRUN apt-get update\nUSER 10001${CMD}` },
    { name: 'a stage of ours sets USER', code: `FROM python:3.13-slim AS base\nUSER 10001\nFROM base${CMD}` },
    { name: 'root only in a builder stage', code: `FROM python:3.13 AS builder\nRUN pip wheel .\nFROM python:3.13-slim\nUSER 10001${CMD}` },
    { name: 'distroless nonroot base', code: `FROM gcr.io/distroless/python3-debian12:nonroot${CMD}` },
    { name: 'a base we do not know may set USER', code: `FROM registry.example.com/platform/python-base:3.13${CMD}` },
    {
      name: 'a base we do not know, with a deploy target',
      code: `FROM registry.example.com/platform/python-base:3.13${CMD}`,
      options: { deployTarget: 'kubernetes' },
    },
    { name: 'bitnami sets a user of its own', code: `FROM bitnami/python:3.13${CMD}`, options: DEPLOYED },
    { name: 'base image from an unknown ARG', code: `ARG BASE\nFROM \${BASE}${CMD}` },
    { name: 'scratch has no user to speak of', code: `FROM scratch\nCOPY app /app${CMD}` },
    { name: 'uid:gid that is not root', code: `FROM python:3.13-slim\nUSER 10001:0${CMD}` },
    { name: 'no FROM at all', code: 'ARG X=1' },
  ],
  invalid: [
    {
      name: "no USER and no deploy target: the guide's own examples get an info note",
      code: `FROM python:3.13-slim${CMD}`,
      errors: [
        {
          line: 1,
          column: 6,
          endColumn: 22,
          messageId: 'noUser',
          message: 'The image runs as root: `python:3.13-slim` starts as root and no USER follows. Add a user and switch to it, by numeric UID (`USER 10001`).',
          severity: 'info',
        },
      ],
    },
    {
      name: 'no USER with a deploy target: a warning',
      code: `FROM python:3.13-slim${CMD}`,
      options: DEPLOYED,
      errors: [
        {
          line: 1,
          column: 6,
          endColumn: 22,
          messageId: 'noUser',
          message: 'The image runs as root: `python:3.13-slim` starts as root and no USER follows. Add a user and switch to it, by numeric UID (`USER 10001`).',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'no USER on a server target: a warning',
      code: `FROM python:3.13-slim${CMD}`,
      options: { deployTarget: 'server' },
      errors: [{ line: 1, column: 6, messageId: 'noUser', severity: 'warning' }],
    },
    {
      name: 'no USER on kubernetes: an error',
      code: `FROM python:3.13-slim${CMD}`,
      options: { deployTarget: 'kubernetes' },
      errors: [{ line: 1, column: 6, messageId: 'noUser', severity: 'error' }],
    },
    {
      name: 'a mirror of the official image',
      code: `FROM public.ecr.aws/docker/library/python:3.13-slim${CMD}`,
      errors: [{ line: 1, column: 6, messageId: 'noUser', severity: 'info' }],
    },
    {
      name: 'tiangolo image',
      code: `FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11${CMD}`,
      errors: [{ line: 1, column: 6, messageId: 'noUser', severity: 'info' }],
    },
    {
      name: 'USER root last',
      code: `FROM python:3.13-slim\nUSER 10001\nUSER root${CMD}`,
      errors: [
        {
          line: 3,
          column: 6,
          endColumn: 10,
          messageId: 'rootUser',
          message: '`USER root` makes the server run as root. Switch to an unprivileged user by numeric UID (`USER 10001`).',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'USER root on kubernetes: an error',
      code: `FROM python:3.13-slim\nUSER root${CMD}`,
      options: { deployTarget: 'kubernetes' },
      errors: [{ line: 2, column: 6, messageId: 'rootUser', severity: 'error' }],
    },
    {
      name: 'USER root with another target: still a warning',
      code: `FROM python:3.13-slim\nUSER root${CMD}`,
      options: DEPLOYED,
      errors: [{ line: 2, column: 6, messageId: 'rootUser', severity: 'warning' }],
    },
    { name: 'USER 0', code: `FROM python:3.13-slim\nUSER 0${CMD}`, errors: [{ line: 2, column: 6, messageId: 'rootUser', severity: 'warning' }] },
    {
      name: 'USER 0:0',
      code: `FROM python:3.13-slim\nUSER 0:0${CMD}`,
      errors: [{ line: 2, column: 6, endColumn: 9, messageId: 'rootUser', severity: 'warning' }],
    },
    {
      name: 'USER root:root',
      code: `FROM python:3.13-slim\nUSER root:root${CMD}`,
      errors: [{ line: 2, column: 6, messageId: 'rootUser', severity: 'warning' }],
    },
    {
      name: 'USER from an ARG that defaults to root',
      code: `FROM python:3.13-slim\nARG RUN_AS=root\nUSER $RUN_AS${CMD}`,
      errors: [{ line: 3, column: 6, messageId: 'rootUser', severity: 'warning' }],
    },
    {
      name: 'the base stage sets nothing',
      code: `FROM python:3.13-slim AS base\nRUN pip install fastapi\nFROM base${CMD}`,
      options: DEPLOYED,
      errors: [{ line: 1, column: 6, messageId: 'noUser', severity: 'warning' }],
    },
    {
      name: 'uv image',
      code: `FROM ghcr.io/astral-sh/uv:python3.13-bookworm-slim${CMD}`,
      options: DEPLOYED,
      errors: [{ line: 1, column: 6, messageId: 'noUser', severity: 'warning' }],
    },
    {
      name: 'the builder sets USER but the final stage does not build on it',
      code: `FROM python:3.13 AS builder\nUSER 10001\nFROM python:3.13-slim${CMD}`,
      options: DEPLOYED,
      errors: [{ line: 3, column: 6, messageId: 'noUser', severity: 'warning' }],
    },
  ],
});
