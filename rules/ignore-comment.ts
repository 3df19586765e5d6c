import { defineRule } from '../src/core/rule.js';
import { counterpartOf, OTHER_LINTER_NAMES } from '../src/core/facts.js';

export const ignoreComment = defineRule({
  code: 'FDL090',
  name: 'ignore-comment',
  severity: 'warning',
  summary: 'Inline ignore comments can be read and name existing rules (and, when asked, silence something)',
  fixable: false,
  messages: {
    unknownRule: '`{{rule}}` is not a rule of fastapi-docker-lint, so this comment silences nothing for it.',
    misspeltRule: '`{{rule}}` is not a rule of fastapi-docker-lint: did you mean `{{suggestion}}`?',
    otherLinterRule: "`{{rule}}` is {{linter}}'s code, not ours, so it silences nothing here: write `{{covering}}`, which covers it.",
    unreadableEntry: '`{{entry}}` is not one rule code or name: separate rules with commas and start a reason with ` -- `.',
    emptyEntry: 'This ignore comment has an empty entry: remove the extra comma.',
    noRules: 'This ignore comment names no rule: list rule codes or names after `ignore=`.',
    syntax: 'This comment cannot be read as an ignore comment: write `# fastapi-docker-lint ignore=FDL004`.',
    unused: 'This comment silences `{{rule}}`, but it reports nothing here: remove it from the comment.',
  },
  docs: {
    description:
      "Reports what in a `# fastapi-docker-lint ignore=...` comment does not work: a rule that does not exist (a typo, or a code from another linter), an entry that is not one rule (`FDL004 FDL002` without a comma, a reason without ` -- `), an empty entry, a comment that names no rule, and a comment addressed to fastapi-docker-lint that is not written as `ignore=`. None of these silences anything. With `--report-unused-ignores` it also reports rules in such comments that had nothing to silence.\n\nAn ignore comment is a line of its own: `# fastapi-docker-lint ignore=<rule>, <rule> -- <reason>` silences the rules on the next instruction, and `# fastapi-docker-lint global ignore=<rules>` anywhere in the file silences them in the whole file. Rules are codes or names (`FDL004`, `pip-no-cache-dir`) in any case, separated by commas, with or without spaces; the words `fastapi-docker-lint`, `global` and `ignore` may be in any case too. The optional reason starts with two dashes after a space. A finding that names two instructions (FDL002 names the COPY of the code and the install after it) is silenced by a comment above either of them.\n\nhadolint's own comments are honoured for the hadolint rules ours cover (docs/hadolint.md): `# hadolint ignore=DL3025` above a CMD silences FDL001 there, and `# hadolint global ignore=DL3042` silences FDL004 in the whole file. Such comments are hadolint's business otherwise: this rule does not report their codes, known or not, nor calls them unused. A hadolint code inside a comment of ours (`# fastapi-docker-lint ignore=DL3025`) is reported, with the rule of ours that covers it.",
    why: 'A misspelt rule in an ignore comment silently does nothing, so the finding you meant to silence still fails the build, or worse, the comment outlives the problem it was written for and hides the next one.',
    bad: 'FROM python:3.13\n# fastapi-docker-lint ignore=FDL04 -- the wheels are vendored and small\nRUN pip install -r requirements.txt',
    good: 'FROM python:3.13\n# fastapi-docker-lint ignore=FDL004 -- the wheels are vendored and small\nRUN pip install -r requirements.txt',
    fixSafety: 'No fix: the intended rule is a guess.',
    guideItems: [],
    options: '`--report-unused-ignores` (config `report-unused-ignores: true`): also report ignore comments that silence nothing.',
  },
  check({ model, report, isKnownRule, suggestRule }) {
    for (const pragma of model.pragmas) {
      for (const rule of pragma.rules) {
        if (isKnownRule(rule.text)) continue;
        const other = counterpartOf(rule.text);
        const covering = other?.rules.filter(isKnownRule) ?? [];
        if (other && covering.length > 0) {
          report({
            messageId: 'otherLinterRule',
            data: { rule: rule.text, linter: OTHER_LINTER_NAMES[other.counterpart.linter], covering: covering.join(', ') },
            range: rule.range,
          });
          continue;
        }
        const suggestion = suggestRule(rule.text);
        if (suggestion) report({ messageId: 'misspeltRule', data: { rule: rule.text, suggestion }, range: rule.range });
        else report({ messageId: 'unknownRule', data: { rule: rule.text }, range: rule.range });
      }
      for (const problem of pragma.unreadable) {
        if (problem.kind === 'entry') report({ messageId: 'unreadableEntry', data: { entry: problem.text }, range: problem.range });
        else if (problem.kind === 'empty') report({ messageId: 'emptyEntry', range: problem.range });
        else report({ messageId: problem.kind, range: problem.range });
      }
    }
  },
});
