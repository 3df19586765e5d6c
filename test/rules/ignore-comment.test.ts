import { describe, expect, it } from 'vitest';
import { ignoreComment } from '../../rules/ignore-comment.js';
import { lint } from '../../src/core/lint.js';
import { buildModel } from '../../src/core/model/build.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** Trips FDL001 (shell form) and FDL006 (loopback host) on its CMD. */
const TWO_FINDINGS = 'FROM python:3.13\nWORKDIR /code\nUSER 10001\n{{pragma}}\nCMD fastapi run --host 127.0.0.1 main.py';
/** Trips FDL002 (on the COPY, naming the RUN) and FDL004 (on the RUN). */
const INSTALL = 'FROM python:3.13\nCOPY . .\nRUN pip install -r requirements.txt\nUSER 10001\nCMD ["fastapi", "run", "main.py"]';
const withPragma = (pragma: string) => TWO_FINDINGS.replace('{{pragma}}', pragma);
const codes = (text: string) => lint(text, { today: '2026-11-26' }).map((finding) => finding.ruleId);

ruleTester(ignoreComment, {
  valid: [
    { code: '# fastapi-docker-lint ignore=FDL004\nFROM python:3.12\nRUN pip install x' },
    { code: '# fastapi-docker-lint ignore=pip-no-cache-dir -- the base sets it\nFROM python:3.12\nRUN pip install x', name: 'by name, with a reason' },
    { code: '# fastapi-docker-lint global ignore=FDL001,FDL004\nFROM python:3.12', name: 'global, unused without the option' },
    { code: '# hadolint ignore=DL3008\nFROM python:3.12', name: "another linter's pragma" },
    {
      code: '# hadolint ignore=DL3008,DL9999, SC2086\nFROM python:3.12',
      name: "hadolint's codes, known to us or not, are not ours to report",
      options: { reportUnusedIgnores: true },
    },
    {
      code: '# hadolint global ignore=DL3025\nFROM python:3.12\nRUN pip install --no-cache-dir x',
      name: 'a hadolint comment that silences nothing of ours is not unused',
      options: { reportUnusedIgnores: true },
    },
    { code: '# fastapi-docker-lint ignore=FDL004, FDL002\nFROM python:3.12', name: 'a space after the comma' },
    { code: '# fastapi-docker-lint ignore = FDL004 ,  deps-before-code   --   why\nFROM python:3.12', name: 'spaces around everything' },
    { code: '# FastAPI-Docker-Lint IGNORE=fdl004,Pip-No-Cache-Dir\nFROM python:3.12', name: 'any case' },
    { code: '# fastapi-docker-lint Global Ignore=FDL004\nFROM python:3.12', name: 'global, any case' },
    { code: '# fastapi-docker-lint ignore=FDL004 --\nFROM python:3.12', name: 'an empty reason' },
    { code: '# fastapi-docker-lint is run in CI\nFROM python:3.12', name: 'a comment that mentions the linter' },
    {
      code: 'FROM python:3.12\nRUN echo a \\\n# fastapi-docker-lint ignore=FDL04\n  && echo b',
      name: 'a comment inside an instruction is not an ignore comment',
    },
  ],
  invalid: [
    {
      code: '# fastapi-docker-lint ignore=FDL04\nFROM python:3.12',
      errors: [
        { line: 1, column: 30, endColumn: 35, messageId: 'misspeltRule', message: '`FDL04` is not a rule of fastapi-docker-lint: did you mean `FDL004`?' },
      ],
    },
    {
      code: '# fastapi-docker-lint ignore=FDL004, nonsense-rule-xyz\nFROM python:3.12',
      errors: [{ line: 1, column: 38, endColumn: 55, messageId: 'unknownRule' }],
    },
    {
      name: 'two rules without a comma',
      code: '# fastapi-docker-lint ignore=FDL004 FDL002\nFROM python:3.12',
      errors: [
        {
          line: 1,
          column: 30,
          endColumn: 43,
          messageId: 'unreadableEntry',
          message: '`FDL004 FDL002` is not one rule code or name: separate rules with commas and start a reason with ` -- `.',
        },
      ],
    },
    {
      name: 'a reason without --',
      code: '# fastapi-docker-lint ignore=FDL004 because the base sets it\nFROM python:3.12',
      errors: [{ line: 1, column: 30, messageId: 'unreadableEntry' }],
    },
    {
      name: 'an empty entry',
      code: '# fastapi-docker-lint ignore=FDL004,,FDL002\nFROM python:3.12',
      errors: [{ line: 1, column: 36, endColumn: 37, messageId: 'emptyEntry' }],
    },
    {
      name: 'a trailing comma',
      code: '# fastapi-docker-lint ignore=FDL004, -- why\nFROM python:3.12',
      errors: [{ line: 1, column: 36, messageId: 'emptyEntry' }],
    },
    { name: 'no rule', code: '# fastapi-docker-lint ignore=\nFROM python:3.12', errors: [{ line: 1, column: 1, messageId: 'noRules' }] },
    {
      name: 'no rule, only a reason',
      code: '# fastapi-docker-lint global ignore= -- why\nFROM python:3.12',
      errors: [{ line: 1, column: 1, messageId: 'noRules' }],
    },
    { name: 'no `=`', code: '# fastapi-docker-lint ignore FDL004\nFROM python:3.12', errors: [{ line: 1, column: 1, endColumn: 36, messageId: 'syntax' }] },
    { name: 'a colon', code: '# fastapi-docker-lint: ignore=FDL004\nFROM python:3.12', errors: [{ line: 1, column: 1, messageId: 'syntax' }] },
    { name: "another linter's word", code: '# fastapi-docker-lint disable=FDL004\nFROM python:3.12', errors: [{ line: 1, column: 1, messageId: 'syntax' }] },
    {
      code: '# fastapi-docker-lint ignore=FDL001,pip-no-cach-dir\nFROM python:3.12',
      errors: [{ line: 1, column: 37, messageId: 'misspeltRule', message: '`pip-no-cach-dir` is not a rule of fastapi-docker-lint: did you mean `FDL004`?' }],
    },
    {
      code: '# fastapi-docker-lint global ignore=DL3008\nFROM python:3.12',
      errors: [
        { line: 1, column: 37, messageId: 'unknownRule', message: '`DL3008` is not a rule of fastapi-docker-lint, so this comment silences nothing for it.' },
      ],
    },
    {
      name: 'a hadolint code ours covers, in our comment: not a misspelling of FDL025',
      code: '# fastapi-docker-lint ignore=DL3025\nFROM python:3.12',
      errors: [
        {
          line: 1,
          column: 30,
          endColumn: 36,
          messageId: 'otherLinterRule',
          message: "`DL3025` is hadolint's code, not ours, so it silences nothing here: write `FDL001`, which covers it.",
        },
      ],
    },
    {
      name: "Trivy's code",
      code: '# fastapi-docker-lint ignore=AVD-DS-0002\nFROM python:3.12',
      errors: [
        {
          line: 1,
          column: 30,
          messageId: 'otherLinterRule',
          message: "`AVD-DS-0002` is Trivy's code, not ours, so it silences nothing here: write `FDL014`, which covers it.",
        },
      ],
    },
    {
      name: 'unused, with --report-unused-ignores',
      code: '# fastapi-docker-lint ignore=FDL004\nFROM python:3.12\nRUN pip install --no-cache-dir x',
      options: { reportUnusedIgnores: true },
      errors: [{ line: 1, column: 30, messageId: 'unused' }],
    },
  ],
});

describe('FDL090: what ignore comments silence', () => {
  it('the example trips both rules without a comment', () => {
    expect(codes(withPragma('# a comment'))).toEqual(['FDL001', 'FDL006']);
    expect(codes(INSTALL)).toEqual(['FDL002', 'FDL004']);
  });

  for (const pragma of [
    '# fastapi-docker-lint ignore=FDL001, FDL006',
    '# fastapi-docker-lint ignore=FDL006,FDL001',
    '# fastapi-docker-lint ignore=FDL001 , server-host -- the proxy runs in this container',
    '# fastapi-docker-lint ignore=fdl001,Server-Host',
    '# FASTAPI-DOCKER-LINT IGNORE=CMD-EXEC-FORM, fdl006',
  ]) {
    it(`\`${pragma}\` silences both`, () => {
      expect(codes(withPragma(pragma))).toEqual([]);
    });
  }

  it('`global ignore=FDL004, FDL002` silences both in the whole file', () => {
    expect(codes(`# fastapi-docker-lint global ignore=FDL004, FDL002\n${INSTALL}`)).toEqual([]);
    expect(codes(`${INSTALL}\n# fastapi-docker-lint global ignore=pip-no-cache-dir, DEPS-BEFORE-CODE -- vendored wheels`)).toEqual([]);
  });

  it('an unreadable entry silences nothing, and FDL090 says so', () => {
    expect(codes(withPragma('# fastapi-docker-lint ignore=FDL001 FDL006'))).toEqual(['FDL090', 'FDL001', 'FDL006']);
  });

  it('the readable entries of a comment still apply beside an unreadable one', () => {
    expect(codes(withPragma('# fastapi-docker-lint ignore=FDL001,,FDL006'))).toEqual(['FDL090']);
  });

  it('an ignore comment above either instruction of a two-instruction finding silences it', () => {
    expect(codes(INSTALL.replace('COPY', '# fastapi-docker-lint ignore=FDL002\nCOPY'))).toEqual(['FDL004']);
    expect(codes(INSTALL.replace('RUN', '# fastapi-docker-lint ignore=FDL002\nRUN'))).toEqual(['FDL004']);
    expect(codes(INSTALL.replace('RUN', '# fastapi-docker-lint ignore=deps-before-code, FDL004\nRUN'))).toEqual([]);
    // Not the instruction after the RUN, nor another rule's finding on the RUN.
    expect(codes(INSTALL.replace('USER', '# fastapi-docker-lint ignore=FDL002\nUSER'))).toEqual(['FDL002', 'FDL004']);
    const unused = lint(INSTALL.replace('RUN', '# fastapi-docker-lint ignore=FDL002\nRUN'), { reportUnusedIgnores: true });
    expect(unused.map((finding) => finding.ruleId)).toEqual(['FDL004']);
  });

  describe('hadolint comments, for the hadolint rules ours cover', () => {
    it('`# hadolint ignore=DL3025` silences FDL001 on the next instruction, and nothing else', () => {
      expect(codes(withPragma('# hadolint ignore=DL3025'))).toEqual(['FDL006']);
      expect(codes(withPragma('#hadolint ignore=DL3008,DL3025 # JSON later'))).toEqual(['FDL006']);
      expect(codes(withPragma('# hadolint ignore=DL3042'))).toEqual(['FDL001', 'FDL006']);
      expect(codes(`# hadolint ignore=DL3025\n${withPragma('# a comment')}`)).toEqual(['FDL001', 'FDL006']);
    });

    it('`# hadolint global ignore=DL3042` silences FDL004 in the whole file', () => {
      expect(codes(`# hadolint global ignore=DL3042\n${INSTALL}`)).toEqual(['FDL002']);
      expect(codes(`${INSTALL}\n# hadolint global ignore=DL3042`)).toEqual(['FDL002']);
    });

    it('a hadolint code that matches only some findings of a rule silences those alone', () => {
      const rootLast = 'FROM python:3.13\nUSER 10001\n{{pragma}}\nUSER root\nCMD ["fastapi", "run", "main.py"]';
      expect(codes(rootLast.replace('{{pragma}}', '# hadolint ignore=DL3002'))).toEqual([]);
      expect(codes(rootLast.replace('{{pragma}}', '# a comment'))).toEqual(['FDL014']);
      // DL3002 is only an explicit `USER root`: a missing USER is not what it silences.
      expect(codes('# hadolint ignore=DL3002\nFROM python:3.13\nCMD ["fastapi", "run", "main.py"]')).toEqual(['FDL014']);
      expect(codes('# hadolint ignore=DL3006\nFROM python\nUSER 1\nCMD ["fastapi", "run", "main.py"]')).toEqual([]);
      expect(codes('# hadolint ignore=DL3007\nFROM python\nUSER 1\nCMD ["fastapi", "run", "main.py"]')).toEqual(['FDL011']);
      expect(codes('# hadolint ignore=DL3007\nFROM python:latest\nUSER 1\nCMD ["fastapi", "run", "main.py"]')).toEqual([]);
    });

    it('what hadolint could not read is not a hadolint comment', () => {
      for (const comment of [
        '# hadolint ignore=',
        '# hadolint ignore DL3025',
        '# hadolint: ignore=DL3025',
        '# hadolint ignore=DL3025 because',
        '# hadolintignore=DL3025',
      ]) {
        expect(codes(withPragma(comment)), comment).toEqual(['FDL001', 'FDL006']);
      }
    });

    it('the model keeps hadolint comments apart from ours', () => {
      const model = buildModel('# hadolint global ignore=DL3025, DL3042 # why\nFROM python:3.13');
      expect(model.pragmas).toEqual([]);
      const [pragma] = model.hadolintPragmas;
      expect([pragma.scope, pragma.rules.map((rule) => rule.text), pragma.rules.map((rule) => model.source.slice(rule.range))]).toEqual([
        'global',
        ['DL3025', 'DL3042'],
        ['DL3025', 'DL3042'],
      ]);
    });
  });

  it('the model keeps what it could not read', () => {
    const [pragma] = buildModel('# fastapi-docker-lint ignore=FDL004 x, ,FDL002 -- why\nFROM python:3.13').pragmas;
    expect(pragma.rules.map((rule) => rule.text)).toEqual(['FDL002']);
    expect(pragma.unreadable.map((problem) => [problem.kind, problem.text])).toEqual([
      ['entry', 'FDL004 x'],
      ['empty', ','],
    ]);
  });

  it('reads any case, also on the first line (where dockerfile-ast may see a parser directive)', () => {
    const [pragma] = buildModel('# FastAPI-Docker-Lint IGNORE=fdl004, Pip-No-Cache-Dir\nFROM python:3.13').pragmas;
    expect([pragma.scope, pragma.rules.map((rule) => rule.text), pragma.unreadable, pragma.target?.keyword]).toEqual([
      'next',
      ['fdl004', 'Pip-No-Cache-Dir'],
      [],
      'FROM',
    ]);
    const [global] = buildModel('FROM python:3.13\n#fastapi-docker-lint GLOBAL ignore=FDL001').pragmas;
    expect([global.scope, global.rules.map((rule) => rule.text), global.target]).toEqual(['global', ['FDL001'], undefined]);
  });
});
