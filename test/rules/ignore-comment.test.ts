import { ignoreComment } from '../../rules/ignore-comment.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(ignoreComment, {
  valid: [
    { code: '# fastapi-docker-lint ignore=FDL004\nFROM python:3.12\nRUN pip install x' },
    { code: '# fastapi-docker-lint ignore=pip-no-cache-dir -- the base sets it\nFROM python:3.12\nRUN pip install x', name: 'by name, with a reason' },
    { code: '# fastapi-docker-lint global ignore=FDL001,FDL004\nFROM python:3.12', name: 'global, unused without the option' },
    { code: '# hadolint ignore=DL3008\nFROM python:3.12', name: "another linter's pragma" },
  ],
  invalid: [
    { code: '# fastapi-docker-lint ignore=FDL04\nFROM python:3.12', errors: [{ line: 1, column: 30, endColumn: 35, message: 'did you mean `FDL004`' }] },
    { code: '# fastapi-docker-lint ignore=FDL001,pip-no-cach-dir\nFROM python:3.12', errors: [{ line: 1, column: 37, message: 'FDL004' }] },
    { code: '# fastapi-docker-lint global ignore=DL3008\nFROM python:3.12', errors: [{ line: 1, message: '`DL3008`' }] },
    {
      name: 'unused, with --report-unused-ignores',
      code: '# fastapi-docker-lint ignore=FDL004\nFROM python:3.12\nRUN pip install --no-cache-dir x',
      options: { reportUnusedIgnores: true },
      errors: [{ line: 1, column: 30, message: 'reports nothing here' }],
    },
  ],
});
