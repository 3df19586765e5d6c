import { pinBaseImage } from '../../rules/pin-base-image.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(pinBaseImage, {
  valid: [
    { code: 'FROM python:3.13-slim' },
    { code: 'FROM python@sha256:' + 'c'.repeat(64), name: 'a digest' },
    { code: 'FROM python:latest@sha256:' + 'c'.repeat(64), name: 'latest pinned by digest' },
    { code: 'FROM scratch' },
    { code: 'FROM python:3.13 AS base\nFROM base', name: 'a stage name' },
    { code: 'ARG BASE\nFROM $BASE', name: 'unresolvable ARG' },
    { code: 'ARG TAG=3.13\nFROM python:$TAG', name: 'ARG with a default' },
    { code: 'FROM tiangolo/uvicorn-gunicorn-fastapi', name: 'a deprecated image is FDL003 alone' },
    { code: 'FROM tiangolo/uvicorn-gunicorn-fastapi:latest\nCOPY ./app /app', name: 'a deprecated image at latest is FDL003 alone' },
    { code: 'from fastapi import FastAPI\n\napp = FastAPI()', name: 'a Python module is not a Dockerfile' },
    { code: 'FROM fastapi import FastAPI', name: 'a FROM BuildKit would refuse' },
  ],
  invalid: [
    { code: 'FROM python', errors: [{ line: 1, column: 6, endColumn: 12, message: 'such as `python:3.13-slim`' }] },
    { code: 'FROM python:latest', errors: [{ line: 1, message: '`python:latest` follows `latest`' }] },
    { code: 'FROM docker.io/library/python', errors: [{ line: 1 }] },
    { code: 'FROM ghcr.io/astral-sh/uv', errors: [{ line: 1, message: 'another version' }] },
    { code: 'ARG BASE=python\nFROM ${BASE} AS app', errors: [{ line: 2 }], name: 'through an ARG default' },
    { code: 'FROM --platform=linux/amd64 python AS app', errors: [{ line: 1, column: 29 }], name: 'with a platform flag and a stage name' },
  ],
});
