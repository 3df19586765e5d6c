import type { Rule } from '../src/rule.js';

export const ignoreComment: Rule = {
  code: 'FDL090',
  name: 'ignore-comment',
  severity: 'warning',
  summary: 'Inline ignore comments name existing rules (and, when asked, silence something)',
  fixable: false,
  messages: {
    unknownRule: '`{{rule}}` in this ignore comment is not a rule of fastapi-docker-lint{{suggestion}}; the comment silences nothing for it.',
    unused: 'This ignore comment silences `{{rule}}`, but it reports nothing here: remove it from the comment.',
  },
  docs: {
    description:
      'Reports a `# fastapi-docker-lint ignore=...` comment that names a rule that does not exist (a typo, or a code from another linter). With `--report-unused-ignores` it also reports rules in such comments that had nothing to silence.',
    why: 'A misspelt rule in an ignore comment silently does nothing, so the finding you meant to silence still fails the build, or worse, the comment outlives the problem it was written for and hides the next one.',
    bad: '# fastapi-docker-lint ignore=FDL04\nRUN pip install -r requirements.txt',
    good: '# fastapi-docker-lint ignore=FDL004 -- the base image sets PIP_NO_CACHE_DIR\nRUN pip install -r requirements.txt',
    fixSafety: 'No fix: the intended rule is a guess.',
    guideItems: [],
    options: '`--report-unused-ignores` (config `report-unused-ignores: true`): also report ignore comments that silence nothing.',
  },
  check({ model, report, isKnownRule, suggestRule }) {
    for (const pragma of model.pragmas) {
      for (const rule of pragma.rules) {
        if (isKnownRule(rule.text)) continue;
        const nearest = suggestRule(rule.text);
        report({ messageId: 'unknownRule', data: { rule: rule.text, suggestion: nearest ? ` (did you mean \`${nearest}\`?)` : '' }, range: rule.range });
      }
    }
  },
};
