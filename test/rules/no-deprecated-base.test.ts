import { noDeprecatedBase } from '../../rules/no-deprecated-base.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(noDeprecatedBase, {
  valid: [
    { code: 'FROM python:3.12' },
    { code: 'FROM tiangolo/other-image:1.0', name: 'another tiangolo image' },
    { code: 'FROM ghcr.io/tiangolo/uvicorn-gunicorn-fastapi:latest', name: 'another registry is another image' },
    { code: 'ARG BASE\nFROM ${BASE}', name: 'an ARG without default is unknown' },
    { code: 'ARG IMAGE\nFROM ${IMAGE:-tiangolo/uvicorn-gunicorn-fastapi}', name: 'a declared ARG may be passed at build time' },
    { code: 'FROM python:3.12 AS tiangolo\nFROM tiangolo', name: 'a stage name' },
    { code: 'FROM tiangolo/uvicorn-gunicorn-fastapi import x', name: 'a FROM BuildKit would refuse' },
  ],
  invalid: [
    {
      code: 'FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11',
      errors: [{ line: 1, column: 6, endColumn: 50, messageId: 'deprecated' }],
    },
    { code: 'FROM tiangolo/uvicorn-gunicorn-fastapi', errors: [{ line: 1, column: 6, messageId: 'deprecated' }] },
    { code: 'FROM tiangolo/uvicorn-gunicorn:python3.8-slim', errors: [{ line: 1, column: 6, messageId: 'deprecated' }] },
    { code: 'FROM tiangolo/uvicorn-gunicorn-starlette:python3.7', errors: [{ line: 1, column: 6, messageId: 'deprecated' }] },
    { code: 'FROM tiangolo/meinheld-gunicorn:python3.9', errors: [{ line: 1, column: 6, messageId: 'deprecated' }] },
    { code: 'FROM tiangolo/meinheld-gunicorn-flask:python3.9', errors: [{ line: 1, column: 6, messageId: 'deprecated' }] },
    {
      code: 'FROM docker.io/tiangolo/uvicorn-gunicorn-fastapi:python3.11',
      errors: [{ line: 1, column: 6, messageId: 'deprecated' }],
      name: 'docker.io prefix',
    },
    {
      code: 'FROM index.docker.io/tiangolo/uvicorn-gunicorn-fastapi',
      errors: [{ line: 1, column: 6, messageId: 'deprecated' }],
      name: 'index.docker.io prefix',
    },
    { code: `FROM tiangolo/uvicorn-gunicorn-fastapi@sha256:${'a'.repeat(64)}`, errors: [{ line: 1, column: 6, messageId: 'deprecated' }], name: 'a digest' },
    {
      code: 'FROM --platform=linux/amd64 tiangolo/uvicorn-gunicorn-fastapi:python3.11 AS base',
      errors: [{ line: 1, column: 29, messageId: 'deprecated' }],
      name: 'platform flag and stage name',
    },
    {
      code: 'ARG BASE=tiangolo/uvicorn-gunicorn-fastapi:python3.11\nFROM ${BASE}',
      errors: [{ line: 2, column: 6, messageId: 'deprecated' }],
      name: 'through an ARG default',
    },
    {
      code: 'ARG TAG=python3.11\nFROM tiangolo/uvicorn-gunicorn-fastapi:$TAG',
      errors: [{ line: 2, column: 6, messageId: 'deprecated' }],
      name: 'tag from an ARG',
    },
    {
      code: 'FROM ${IMAGE:-tiangolo/uvicorn-gunicorn-fastapi}',
      errors: [{ line: 1, column: 6, messageId: 'deprecated' }],
      name: 'through ${VAR:-default} of an undeclared variable',
    },
  ],
});
