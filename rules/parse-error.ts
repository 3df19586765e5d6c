import { defineRule } from '../src/core/rule.js';
import { suggestedPythonImage } from '../src/core/facts.js';

export const parseError = defineRule({
  code: 'FDL000',
  name: 'parse-error',
  severity: 'error',
  summary: 'The file is a Dockerfile that parses: BuildKit would refuse what this reports',
  fixable: false,
  messages: {
    notDockerfile: 'This file is not a Dockerfile: `{{word}}` here and most other lines are not Dockerfile instructions. Lint only Dockerfiles.',
    noInstructions: 'The Dockerfile has no instructions, so `docker build` fails: start it with a FROM line.',
    badEscape: '`# escape={{value}}` is not a valid escape directive: use a backslash or a backtick.',
    unknownInstruction: '`{{keyword}}` is not a Dockerfile instruction, so BuildKit refuses the file: fix or remove the line.',
    misspeltInstruction: '`{{keyword}}` is not a Dockerfile instruction: did you mean `{{suggestion}}`?',
    beforeFrom: '`{{keyword}}` comes before the first FROM, where only ARG may: move it below the FROM.',
    noFrom: 'The Dockerfile has no FROM: start it with the image to build on, such as `FROM {{image}}`.',
    fromNoImage: '`{{keyword}}` names no image: write the image to build on, such as `FROM {{image}}`.',
    fromArguments: '`{{keyword}} {{arguments}}` is not a valid FROM: write an image, optionally followed by `AS name`.',
    noArguments: '`{{keyword}}` has no arguments, which BuildKit refuses: complete the instruction or remove it.',
    noDestination: '`{{keyword}}` needs a source and a destination: add the destination after the source.',
    unclosedHeredoc: 'The heredoc `<<{{delimiter}}` is never closed: end it with a line that reads `{{delimiter}}`.',
    tooManyInstructions: 'The file has more than {{limit}} instructions, more than any real Dockerfile, so it is not linted.',
  },
  docs: {
    description:
      'Reports what makes a Dockerfile unbuildable before any other rule can judge it: no instructions at all, an unknown instruction (`FORM python`), an instruction other than ARG before the first FROM, a FROM that is not an image optionally followed by `AS name` (`FROM a import b`), an instruction that needs arguments and has none, COPY/ADD with a source but no destination, a RUN heredoc that is never closed, an invalid `# escape=` directive. A file of more than 100,000 instructions (real Dockerfiles have tens) is not modelled at all: it gets this one finding, as a file over `maxFileSize` is skipped. The other rules still run on what could be read, and the other files of the run are still linted.\n\nA file that is evidently not a Dockerfile (Python source, a requirements or Compose file passed by mistake) gets one finding, not one per line, and no other rule runs on it, so `from fastapi import FastAPI` is never judged as a base image named `fastapi`. The verdict: no valid FROM, at least half of the lines are not instructions, and at least one of those is no misspelt instruction (it has characters an instruction never has, like `@app.post("/")`, or resembles none). A Dockerfile with typos (`FORM python:3.13`, `RUNN pip install`) is still reported line by line.',
    why: 'A half-written Dockerfile fails `docker build` with a terse message, often minutes into a CI job. Reporting it where it is, next to everything else, is quicker.',
    bad: 'FORM python:3.13\nCOPY requirements.txt\nRUN <<EOF\npip install --no-cache-dir fastapi',
    good: 'FROM python:3.13\nCOPY requirements.txt .\nRUN <<EOF\npip install --no-cache-dir fastapi\nEOF',
    fixSafety: 'No fix: what was meant is a guess.',
    guideItems: [],
    references: ['https://docs.docker.com/reference/dockerfile/'],
  },
  check({ model, options, report }) {
    for (const problem of model.problems)
      report({ messageId: problem.kind, data: { ...problem.data, image: suggestedPythonImage(options.today) }, range: problem.range });
  },
});
