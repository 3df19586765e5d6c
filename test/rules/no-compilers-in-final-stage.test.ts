import { noCompilersInFinalStage } from '../../rules/no-compilers-in-final-stage.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\n';

ruleTester(noCompilersInFinalStage, {
  valid: [
    { name: 'runtime libraries', code: `${FROM}RUN apt-get update && apt-get install -y --no-install-recommends libpq5 curl` },
    {
      name: 'purged in the same RUN',
      code: `${FROM}RUN apt-get update && apt-get install -y gcc libpq-dev && pip install psycopg && apt-get purge -y --auto-remove gcc libpq-dev`,
    },
    {
      name: 'apk virtual group deleted',
      code: 'FROM python:3.13-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps',
    },
    { name: 'only in a builder stage', code: `FROM python:3.13 AS builder\nRUN apt-get install -y build-essential\n${FROM}COPY --from=builder /venv /venv` },
    { name: 'not an install', code: `${FROM}RUN apt-get update && apt-get upgrade -y` },
    { name: 'a package from a variable', code: `${FROM}ARG PKGS\nRUN apt-get install -y $PKGS` },
    { name: 'devscripts-like names are not -dev', code: `${FROM}RUN apt-get install -y device-tree-compiler udev` },
  ],
  invalid: [
    {
      name: 'gcc and headers',
      code: `${FROM}RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*`,
      errors: [
        {
          line: 2,
          column: 66,
          endColumn: 69,
          messageId: 'buildTools',
          message:
            'The shipped image keeps build tools (gcc, libpq-dev) only needed to compile. Build wheels in a builder stage and copy them, or purge these in this RUN.',
          severity: 'info',
        },
      ],
    },
    { name: 'build-essential', code: `${FROM}RUN apt-get install -y build-essential`, errors: [{ line: 2, column: 24, messageId: 'buildTools' }] },
    { name: 'apt install', code: `${FROM}RUN apt install -y python3-dev`, errors: [{ line: 2, column: 20, messageId: 'buildTools' }] },
    {
      name: 'versioned compilers, listed up to three',
      code: `${FROM}RUN apt-get install -y gcc-12 g++-12 clang-18 libffi-dev`,
      errors: [
        {
          line: 2,
          column: 24,
          messageId: 'buildTools',
          message:
            'The shipped image keeps build tools (gcc-12, g++-12, clang-18, …) only needed to compile. Build wheels in a builder stage and copy them, or purge these in this RUN.',
        },
      ],
    },
    { name: 'alpine', code: 'FROM python:3.13-alpine\nRUN apk add --no-cache build-base musl-dev', errors: [{ line: 2, column: 24, messageId: 'buildTools' }] },
    {
      name: 'virtual group never deleted',
      code: 'FROM python:3.13-alpine\nRUN apk add --virtual .build-deps gcc',
      errors: [{ line: 2, column: 35, messageId: 'buildTools' }],
    },
    {
      name: 'purged in a later RUN, still in the layer',
      code: `${FROM}RUN apt-get install -y gcc\nRUN apt-get purge -y gcc`,
      errors: [{ line: 2, column: 24, messageId: 'buildTools' }],
    },
    {
      name: 'in a base stage of ours',
      code: `FROM python:3.13-slim AS base\nRUN apt-get install -y gcc\nFROM base\nCMD ["python"]`,
      errors: [{ line: 2, column: 24, messageId: 'buildTools' }],
    },
    {
      name: 'one finding per RUN',
      code: `${FROM}RUN apt-get install -y gcc && apt-get install -y libpq-dev\nRUN apt-get install -y g++`,
      errors: [
        { line: 2, column: 24, messageId: 'buildTools' },
        { line: 3, column: 24, messageId: 'buildTools' },
      ],
    },
  ],
});
