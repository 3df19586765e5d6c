import { defineRule } from '../src/core/rule.js';
import { CONTEXT_RULE_OPTIONS, describeContext, PatternSyntaxError, segmentPattern } from '../src/core/facts.js';

/** Whether every wildcard segment of a COPY source is a pattern Go's filepath.Match accepts. */
function isValidPattern(normalized: string): boolean {
  try {
    for (const segment of normalized.split('/')) if (/[*?[\\]/.test(segment)) segmentPattern(segment);
    return true;
  } catch (error) {
    if (error instanceof PatternSyntaxError) return false;
    throw error;
  }
}

export const copySourceExists = defineRule({
  code: 'FDL021',
  name: 'copy-source-exists',
  severity: 'error',
  summary: 'Every COPY/ADD source exists in the build context and is not excluded by .dockerignore',
  fixable: false,
  messages: {
    notFound: '`{{source}}` does not exist in the build context ({{context}}), so the build fails with `"/{{path}}": not found`.',
    typo: '`{{source}}` does not exist in the build context ({{context}}), so the build fails: did you mean `{{meant}}`?',
    badPattern: '`{{source}}` is not a valid wildcard pattern, so the build fails with `syntax error in pattern`.',
    noFolder: '`{{source}}` lists `{{path}}`, which the build context ({{context}}) does not have, so the build fails.',
    ignoredFolder: '`{{source}}` lists `{{path}}`, which {{dockerignore}} excludes, so the build fails.',
    ignored: '`{{source}}` exists, but {{dockerignore}} excludes it, so the build fails with `"/{{path}}": not found`{{hint}}.',
    outside: '`{{source}}` is read as `/{{path}}` (BuildKit never leaves the build context, {{context}}), which does not exist: the build fails.',
    link: '`{{source}}` is a symbolic link out of the build context, which Docker does not follow: copy the file itself into the context.',
  },
  docs: {
    description:
      "Reports a COPY or ADD source from the build context that does not exist there, or is excluded by `.dockerignore` (or `<Dockerfile>.dockerignore`), judged as BuildKit (the default builder, and the one Compose uses) reads it. A wildcard that matches nothing copies nothing and the build goes on, so it is reported only when the folder it lists is missing or excluded. A path that climbs above the context (`../app`) is read from the context's root (`app`), so it is reported only when that is missing. A file that `.gitignore` ignores (`.env`, a build output) is absent from a fresh clone by design and made by the project's setup, so its absence is not reported. Sources from `--from` stages, URLs and heredocs are not checked. When a missing source differs from a path that exists by its case or by one character (`.backend/app` beside `backend/app`), the message names that path. When some sources exist and others do not, the context is the Dockerfile's and the missing ones are reported; when none of them exist, the context is evidently elsewhere and the rule stays silent (see FDL025).",
    why: 'A missing source fails the build, but only when it runs: in CI, minutes in, with a message (`"/app": not found`) that does not say whether the file is missing, misspelt or excluded by `.dockerignore`. An ignored file is the most confusing case: it is right there in your editor.',
    bad: '# .dockerignore: app\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app',
    good: '# .dockerignore: .venv\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./app /code/app',
    fixSafety:
      'No fix: whether the path or the .dockerignore is wrong is yours to decide. An excluded file is the most confusing case: it is right there in your editor, and the message says which .dockerignore excludes it.',
    guideItems: [1, 2],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  },
  check({ model, project, report }) {
    if (project?.status !== 'usable') return;
    const { context } = project;
    const where = describeContext(context);
    const dockerignoreName = context.dockerignore()?.file?.path ?? '.dockerignore';
    for (const source of project.contextSources()) {
      const instruction = model.instructions[source.instructionIndex];
      const written = (instruction.copy as NonNullable<typeof instruction.copy>).sources[source.sourceIndex];
      const data = { source: written.value, context: where, dockerignore: `\`${dockerignoreName}\``, path: source.path, hint: '' };
      const normalized = source.path;
      if (normalized === '') continue;
      if (/[*?[]/.test(normalized)) {
        if (!isValidPattern(normalized)) {
          report({ messageId: 'badPattern', data, range: written.range });
          continue;
        }
        // BuildKit copies nothing for a wildcard that matches nothing (or only what .dockerignore
        // excludes), and goes on; it fails only when the folder the wildcard lists is not there.
        const folder = normalized
          .split('/')
          .filter((_segment, index, segments) => !segments.slice(0, index + 1).some((part) => /[*?[]/.test(part)))
          .join('/');
        if (folder === '' || context.isGitIgnored(folder)) continue;
        if (context.kind(folder) !== 'directory') report({ messageId: 'noFolder', data: { ...data, path: folder }, range: written.range });
        else if (context.isIgnored(folder)) report({ messageId: 'ignoredFolder', data: { ...data, path: folder }, range: written.range });
        continue;
      }
      if (!context.exists(normalized)) {
        // Absent from a clone by design (`.env`, a build output): the project's setup makes it.
        if (context.isGitIgnored(normalized)) continue;
        const linkSkipped = [...context.skippedLinks].some((link) => normalized === link || normalized.startsWith(`${link}/`));
        const meant = linkSkipped || source.escapes ? undefined : context.similarPath(normalized);
        if (meant !== undefined) report({ messageId: 'typo', data: { ...data, meant }, range: written.range });
        else report({ messageId: linkSkipped ? 'link' : source.escapes ? 'outside' : 'notFound', data, range: written.range });
        continue;
      }
      if (context.isIgnored(normalized)) {
        data.hint = `; add \`!${normalized}\` to it, or drop the pattern`;
        report({ messageId: 'ignored', data, range: written.range });
      }
    }
  },
});
