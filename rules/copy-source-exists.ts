import { defineRule } from '../src/core/rule.js';
import { describeContext, CONTEXT_RULE_OPTIONS } from '../src/core/context/describe.js';

export const copySourceExists = defineRule({
  code: 'FDL021',
  name: 'copy-source-exists',
  severity: 'error',
  summary: 'Every COPY/ADD source exists in the build context and is not excluded by .dockerignore',
  fixable: false,
  messages: {
    notFound: '`{{source}}` does not exist in the build context ({{context}}), so the build fails with `"/{{path}}": not found`.',
    typo: '`{{source}}` does not exist in the build context ({{context}}), so the build fails: did you mean `{{meant}}`?',
    noMatch: '`{{source}}` matches nothing in the build context ({{context}}), so the build fails with `no source files were specified`.',
    ignored: '`{{source}}` exists, but {{dockerignore}} excludes it, so the build fails with `"/{{path}}": not found`{{hint}}.',
    outside: '`{{source}}` points outside the build context ({{context}}); Docker refuses it (`forbidden path outside the build context`).',
    link: '`{{source}}` is a symbolic link out of the build context, which Docker does not follow: copy the file itself into the context.',
  },
  docs: {
    description:
      'Reports a COPY or ADD source from the build context that does not exist there, matches nothing (a wildcard), points outside the context, or is excluded by `.dockerignore` (or `<Dockerfile>.dockerignore`). Sources from `--from` stages, URLs and heredocs are not checked. When a missing source differs from a path that exists by its case or by one character (`.backend/app` beside `backend/app`), the message names that path. When some sources exist and others do not, the context is the Dockerfile\'s and the missing ones are reported; when none of them exist, the context is evidently elsewhere and the rule stays silent (see FDL025).',
    why:
      'A missing source fails the build, but only when it runs: in CI, minutes in, with a message (`"/app": not found`) that does not say whether the file is missing, misspelt or excluded by `.dockerignore`. An ignored file is the most confusing case: it is right there in your editor.',
    bad: '# .dockerignore: app\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app',
    good: '# .dockerignore: .venv\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app',
    fixSafety: 'No fix: whether the path or the .dockerignore is wrong is yours to decide. An excluded file is the most confusing case: it is right there in your editor, and the message says which .dockerignore excludes it.',
    guideItems: [1, 2],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  },
  check({ model, project, report }) {
    if (!project || project.status !== 'usable') return;
    const { context } = project;
    const where = describeContext(context);
    const dockerignoreName = context.dockerignore()?.file?.path ?? '.dockerignore';
    for (const source of project.contextSources()) {
      const instruction = model.instructions[source.instructionIndex];
      const written = (instruction.copy as NonNullable<typeof instruction.copy>).sources[source.sourceIndex];
      const data = { source: written.value, context: where, dockerignore: `\`${dockerignoreName}\``, path: '', hint: '' };
      const normalized = context.normalize(source.value);
      if (normalized === undefined) {
        report({ messageId: 'outside', data, range: written.range });
        continue;
      }
      data.path = normalized;
      if (/[*?[]/.test(normalized)) {
        const matches = context.glob(normalized);
        if (matches.length === 0) report({ messageId: 'noMatch', data, range: written.range });
        else if (matches.every((match) => context.isIgnored(match))) report({ messageId: 'ignored', data: { ...data, path: matches[0] }, range: written.range });
        continue;
      }
      if (normalized === '') continue;
      if (!context.exists(normalized)) {
        const linkSkipped = [...context.skippedLinks].some((link) => normalized === link || normalized.startsWith(`${link}/`));
        const meant = linkSkipped ? undefined : context.similarPath(normalized);
        if (meant !== undefined) report({ messageId: 'typo', data: { ...data, meant }, range: written.range });
        else report({ messageId: linkSkipped ? 'link' : 'notFound', data, range: written.range });
        continue;
      }
      if (context.isIgnored(normalized)) {
        data.hint = `; add \`!${normalized}\` to it, or drop the pattern`;
        report({ messageId: 'ignored', data, range: written.range });
      }
    }
  },
});
