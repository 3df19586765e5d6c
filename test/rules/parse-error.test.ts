import { describe, expect, it } from 'vitest';
import { parseError } from '../../rules/parse-error.js';
import { lint } from '../../src/core/lint.js';
import { buildModel, countInstructions, MAX_INSTRUCTIONS } from '../../src/core/model/build.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FASTAPI_APP = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.post("/")\ndef create(item: dict):\n    return item\n';

ruleTester(parseError, {
  valid: [
    { code: 'FROM python:3.13\nCMD ["fastapi", "run"]' },
    { name: 'ARGs before FROM', code: 'ARG V=3.13\nFROM python:${V}' },
    { name: 'a closed heredoc', code: 'FROM python:3.13\nRUN <<EOF\necho hi\nEOF' },
    { name: 'a tab-stripped heredoc', code: 'FROM python:3.13\nRUN <<-EOF\n\techo hi\n\tEOF' },
    { name: 'bare CMD and HEALTHCHECK', code: 'FROM python:3.13\nCMD\nHEALTHCHECK NONE' },
    { name: 'a backtick escape', code: '# escape=`\nFROM python:3.13' },
    { name: 'COPY heredoc', code: 'FROM python:3.13\nCOPY <<EOF /etc/x\nhi\nEOF' },
    { name: 'lower-case keywords', code: 'from python:3.13\nrun echo hi' },
    { name: 'a trailing line continuation', code: 'FROM python:3.13\nRUN echo hi \\' },
    { name: 'FROM with a platform flag and a stage name', code: 'FROM --platform=$BUILDPLATFORM python:3.13 AS build\nFROM build' },
    { name: 'lower-case `as`', code: 'from python:3.13 as build' },
    { name: 'FROM continued over two lines', code: 'FROM python:3.13 \\\n  AS build' },
  ],
  invalid: [
    { name: 'empty file', code: '', errors: [{ line: 1, column: 1, messageId: 'noInstructions' }] },
    { name: 'comments only', code: '# just a comment\n# another\n', errors: [{ line: 1, column: 1, messageId: 'noInstructions' }] },
    {
      name: 'FROM with no image',
      code: 'FROM\nRUN echo',
      options: { today: '2025-06-01' },
      errors: [
        {
          line: 1,
          column: 1,
          endColumn: 5,
          messageId: 'fromNoImage',
          message: '`FROM` names no image: write the image to build on, such as `FROM python:3.13-slim`.',
        },
      ],
    },
    {
      name: 'a misspelt instruction',
      code: 'FORM python:3.13',
      errors: [{ line: 1, column: 1, messageId: 'misspeltInstruction', message: '`FORM` is not a Dockerfile instruction: did you mean `FROM`?' }],
    },
    {
      name: 'an unknown instruction',
      code: 'FROM python:3.13\nPRINTOUT hello',
      errors: [
        {
          line: 2,
          column: 1,
          endColumn: 9,
          messageId: 'unknownInstruction',
          message: '`PRINTOUT` is not a Dockerfile instruction, so BuildKit refuses the file: fix or remove the line.',
        },
      ],
    },
    {
      name: 'the file is quoted as written, not upper-cased',
      code: 'FROM python:3.13\n@app.post("/")\nrun',
      errors: [
        {
          line: 2,
          column: 1,
          messageId: 'unknownInstruction',
          message: '`@app.post("/")` is not a Dockerfile instruction, so BuildKit refuses the file: fix or remove the line.',
        },
        { line: 3, column: 1, messageId: 'noArguments', message: '`run` has no arguments, which BuildKit refuses: complete the instruction or remove it.' },
      ],
    },
    {
      name: 'two misspelt instructions are still a Dockerfile, reported line by line',
      code: 'FORM python:3.13\nRUNN pip install fastapi',
      errors: [
        { line: 1, column: 1, messageId: 'misspeltInstruction', message: '`FORM` is not a Dockerfile instruction: did you mean `FROM`?' },
        { line: 2, column: 1, messageId: 'misspeltInstruction', message: '`RUNN` is not a Dockerfile instruction: did you mean `RUN`?' },
      ],
    },
    {
      name: 'FROM with Python import arguments',
      code: 'FROM a import b',
      errors: [
        {
          line: 1,
          column: 6,
          endColumn: 16,
          messageId: 'fromArguments',
          message: '`FROM a import b` is not a valid FROM: write an image, optionally followed by `AS name`.',
        },
      ],
    },
    { name: 'FROM with two words', code: 'FROM python:3.13 build\nRUN echo hi', errors: [{ line: 1, column: 6, messageId: 'fromArguments' }] },
    { name: 'FROM ... AS with no name', code: 'FROM --platform=linux/amd64 python:3.13 AS', errors: [{ line: 1, column: 29, messageId: 'fromArguments' }] },
    {
      name: 'Python source, said once',
      code: FASTAPI_APP,
      errors: [
        {
          line: 5,
          column: 1,
          endColumn: 15,
          messageId: 'notDockerfile',
          message: 'This file is not a Dockerfile: `@app.post("/")` here and most other lines are not Dockerfile instructions. Lint only Dockerfiles.',
        },
      ],
    },
    {
      name: 'a requirements file',
      code: 'fastapi[standard]>=0.115,<0.116\nuvicorn\n',
      errors: [
        {
          line: 1,
          column: 1,
          messageId: 'notDockerfile',
          message:
            'This file is not a Dockerfile: `fastapi[standard]>=0.115,<0.116` here and most other lines are not Dockerfile instructions. Lint only Dockerfiles.',
        },
      ],
    },
    {
      name: 'a Compose file',
      code: 'services:\n  api:\n    build: .\n',
      errors: [
        {
          line: 1,
          column: 1,
          messageId: 'notDockerfile',
          message: 'This file is not a Dockerfile: `services:` here and most other lines are not Dockerfile instructions. Lint only Dockerfiles.',
        },
      ],
    },
    {
      name: 'a long line is quoted in at most 60 characters',
      code: `FROM python:3.13\n${'@'.repeat(5000)} x`,
      errors: [
        {
          line: 2,
          column: 1,
          messageId: 'unknownInstruction',
          message:
            '`@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@…` is not a Dockerfile instruction, so BuildKit refuses the file: fix or remove the line.',
        },
      ],
    },
    { name: 'RUN before FROM', code: 'RUN echo hi\nFROM python:3.13', errors: [{ line: 1, column: 1, messageId: 'beforeFrom' }] },
    { name: 'no FROM at all, said once', code: 'WORKDIR /app\nRUN echo hi', errors: [{ line: 1, column: 1, messageId: 'noFrom' }] },
    {
      name: 'a misspelt FROM is not also "no FROM"',
      code: 'FORM python\nRUN echo hi',
      errors: [{ line: 1, column: 1, messageId: 'misspeltInstruction', message: '`FORM` is not a Dockerfile instruction: did you mean `FROM`?' }],
    },
    { name: 'COPY without destination', code: 'FROM python:3.13\nCOPY requirements.txt', errors: [{ line: 2, column: 6, messageId: 'noDestination' }] },
    {
      name: 'WORKDIR without a path',
      code: 'FROM python:3.13\nWORKDIR',
      errors: [
        { line: 2, column: 1, messageId: 'noArguments', message: '`WORKDIR` has no arguments, which BuildKit refuses: complete the instruction or remove it.' },
      ],
    },
    {
      name: 'an unterminated heredoc',
      code: 'FROM python:3.13\nRUN <<EOF\npip install --no-cache-dir x\n',
      errors: [{ line: 2, column: 5, endColumn: 10, messageId: 'unclosedHeredoc' }],
    },
    { name: 'a heredoc on the last line', code: 'FROM python:3.13\nRUN cat <<EOF', errors: [{ line: 2, column: 9, messageId: 'unclosedHeredoc' }] },
    {
      name: 'an invalid escape directive',
      code: '# escape=x\nFROM python:3.13',
      errors: [{ line: 1, column: 1, messageId: 'badEscape', message: '`# escape=x` is not a valid escape directive: use a backslash or a backtick.' }],
    },
    {
      name: 'more instructions than any Dockerfile has',
      code: `FROM python:3.13\n${'RUN a\n'.repeat(MAX_INSTRUCTIONS)}`,
      errors: [
        {
          line: 1,
          column: 1,
          endColumn: 17,
          messageId: 'tooManyInstructions',
          message: 'The file has more than 100,000 instructions, more than any real Dockerfile, so it is not linted.',
        },
      ],
      output: null,
    },
  ],
});

describe('FDL000: more than MAX_INSTRUCTIONS instructions', () => {
  it('counts instructions without parsing: not blank lines, comments or continuations', () => {
    expect(countInstructions('FROM a\n\n# c\nRUN a \\\n  b \\\n# inside\n\n  c\r\nCMD x\rUSER y')).toBe(4);
    expect(countInstructions('# escape=`\nFROM a\nRUN a `\n  b\nCMD d')).toBe(3);
    expect(countInstructions('FROM a\nRUN a `\n  b\nCMD d')).toBe(4);
    expect(countInstructions('')).toBe(0);
    // Heredoc bodies are not instructions: `<<-` strips tabs before the delimiter, quotes are dropped.
    expect(countInstructions('FROM a\nRUN <<EOF\nRUN x\nCMD y\nEOF\nCOPY <<-"ONE" <<TWO /x\n\tUSER z\n\tONE\nUSER w\nTWO\nCMD v')).toBe(4);
    expect(countInstructions('FROM a\nRUN echo $((1<<2)) \\\n  && cat <<EOF\nUSER x\nEOF\nCMD v')).toBe(3);
    expect(countInstructions('FROM a\nENV A=<<EOF\nUSER x')).toBe(3);
  });

  it('exactly MAX_INSTRUCTIONS is modelled; one more is refused with no other rule and no instructions', () => {
    const lines = (count: number) => `FROM python:3.13\n${'RUN a\n'.repeat(count - 1)}`;
    expect(buildModel(lines(MAX_INSTRUCTIONS)).instructions).toHaveLength(MAX_INSTRUCTIONS);
    const refused = buildModel(lines(MAX_INSTRUCTIONS + 1));
    expect(refused.isDockerfile).toBe(false);
    expect(refused.instructions).toEqual([]);
    expect(lint(lines(MAX_INSTRUCTIONS + 1), { today: '2026-11-26' }).map((finding) => finding.ruleId)).toEqual(['FDL000']);
    // Many lines but few instructions (one long continued RUN, one long heredoc) are modelled as usual.
    expect(buildModel(`FROM python:3.13\nRUN a \\\n${'  b \\\n'.repeat(MAX_INSTRUCTIONS)}  c\n`).instructions).toHaveLength(2);
    expect(buildModel(`FROM python:3.13\nRUN <<EOF\n${'pip install b\n'.repeat(MAX_INSTRUCTIONS)}EOF\n`).instructions).toHaveLength(2);
  });
});

describe('FDL000: not a Dockerfile', () => {
  it('the model says so, with one problem', () => {
    const model = buildModel(FASTAPI_APP);
    expect(model.isDockerfile).toBe(false);
    expect(model.problems.map((problem) => problem.kind)).toEqual(['notDockerfile']);
    expect(buildModel('FROM python:3.13\nRUN echo hi').isDockerfile).toBe(true);
    expect(buildModel('FORM python:3.13\nRUNN echo hi').isDockerfile).toBe(true);
    expect(buildModel('').isDockerfile).toBe(true);
  });

  it('no other rule speaks: no "base image fastapi" from `from fastapi import FastAPI`', () => {
    expect(lint(FASTAPI_APP, { today: '2026-11-26' }).map((finding) => `${finding.ruleId}@${finding.line}`)).toEqual(['FDL000@5']);
  });

  it('`FROM a import b` names no image the other rules judge', () => {
    expect(lint('FROM a import b\nCMD ["fastapi", "run"]', { today: '2026-11-26' }).map((finding) => finding.ruleId)).toEqual(['FDL000']);
  });

  it('a well-formed FROM makes it a Dockerfile, however many lines are not instructions', () => {
    const model = buildModel('FROM python:3.13\n{% if x %}\n@@\n$$\n');
    expect(model.isDockerfile).toBe(true);
    expect(model.problems).toHaveLength(3);
  });
});
