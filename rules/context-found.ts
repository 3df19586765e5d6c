import type { Rule } from '../src/rule.js';
import { describeContext } from '../src/context/describe.js';

export const contextFound: Rule = {
  code: 'FDL025',
  name: 'context-found',
  severity: 'info',
  summary: 'The build context was found; otherwise the project checks are skipped, and this says so',
  fixable: false,
  messages: {
    elsewhere:
      'None of the files this Dockerfile copies exist in {{context}}, so it is evidently built from another directory: the checks against the project (FDL020-FDL024) are skipped. Pass `--context DIR` (or `context` in the config) to enable them.',
  },
  docs: {
    description:
      'Says, once per Dockerfile, that the build context could not be found: none of the COPY/ADD sources exist in the directory taken as the context (`--context`, the Compose service\'s `build.context`, or the Dockerfile\'s directory). The rules that read the context (FDL020-FDL024) are then skipped for that file rather than reporting false alarms.',
    why:
      'A Dockerfile kept in `docker/` and built with `docker build -f docker/Dockerfile .` has its context one level up. Guessing wrong would make every COPY look missing; saying so, and how to fix it, is better than silence or noise.',
    bad: '# docker/Dockerfile, built from the repository root; linted as `fastapi-docker-lint docker/Dockerfile`\nFROM python:3.13\nCOPY ./app /code/app',
    good: '# fastapi-docker-lint --context . docker/Dockerfile\nFROM python:3.13\nCOPY ./app /code/app',
    fixSafety: 'No fix: pass `--context`.',
    guideItems: [],
    options: '`--context DIR` (config `context`); `--no-context` skips the project checks without this notice.',
  },
  check({ model, project, report }) {
    if (!project || project.status !== 'elsewhere') return;
    const [first] = project.contextSources();
    const instruction = model.instructions[first.instructionIndex];
    const written = (instruction.copy as NonNullable<typeof instruction.copy>).sources[first.sourceIndex];
    report({ messageId: 'elsewhere', data: { context: describeContext(project.context) }, range: written.range });
  },
};
