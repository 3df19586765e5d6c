import type { Rule } from '../src/rule.js';

export const parseError: Rule = {
  code: 'FDL000',
  name: 'parse-error',
  severity: 'error',
  summary: 'The Dockerfile parses: BuildKit would refuse what this reports',
  fixable: false,
  messages: {
    problem: '{{message}}.',
  },
  docs: {
    description:
      'Reports what makes a Dockerfile unbuildable before any other rule can judge it: no instructions at all, an unknown instruction (`FORM python`), an instruction other than ARG before the first FROM, FROM with no image, an instruction that needs arguments and has none, COPY/ADD with a source but no destination, a RUN heredoc that is never closed, an invalid `# escape=` directive. The other rules still run on what could be read, and the other files of the run are still linted.',
    why: 'A half-written Dockerfile fails `docker build` with a terse message, often minutes into a CI job. Reporting it where it is, next to everything else, is quicker.',
    bad: 'FORM python:3.13\nCOPY requirements.txt\nRUN <<EOF\npip install --no-cache-dir fastapi',
    good: 'FROM python:3.13\nCOPY requirements.txt .\nRUN <<EOF\npip install --no-cache-dir fastapi\nEOF',
    fixSafety: 'No fix: what was meant is a guess.',
    guideItems: [],
    references: ['https://docs.docker.com/reference/dockerfile/'],
  },
  check({ model, report }) {
    for (const problem of model.problems) report({ messageId: 'problem', data: { message: problem.message }, range: problem.range });
  },
};
