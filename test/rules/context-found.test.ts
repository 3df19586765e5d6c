import { contextFound } from '../../rules/context-found.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(contextFound, {
  valid: [
    { code: 'FROM python:3.13\nCOPY app /app', files: { 'app/main.py': '' } },
    { name: 'one source of two found', code: 'FROM python:3.13\nCOPY app /app\nCOPY nope /nope', files: { 'app/main.py': '' } },
    { name: 'no context sources at all', code: 'FROM python:3.13\nRUN pip install --no-cache-dir fastapi', files: {} },
    { name: 'no context given', code: 'FROM python:3.13\nCOPY app /app', options: {} },
  ],
  invalid: [
    {
      name: 'none of the sources exist',
      code: 'FROM python:3.13\nCOPY ./requirements.txt /code/\nCOPY ./app /code/app',
      files: { 'Makefile': '' },
      errors: [{ line: 2, column: 6, endColumn: 24, severity: 'info', message: "in the Dockerfile's directory" }],
    },
  ],
});
