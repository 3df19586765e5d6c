import { describe, expect, it } from 'vitest';
import { shutdownGracePeriod } from '../../rules/shutdown-grace-period.js';
import { formatComposeDuration, parseComposeDuration } from '../../src/core/context/compose-duration.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\n';
const APP = { 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };
const UVICORN_30 = 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--timeout-graceful-shutdown", "30"]';
const GUNICORN = 'CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "-b", "0.0.0.0:80", "app.main:app"]';

function compose(service: string): Record<string, string> {
  return { ...APP, 'compose.yaml': `services:\n  api:\n    build: .\n${service}` };
}

ruleTester(shutdownGracePeriod, {
  valid: [
    { name: 'no Compose file', code: `${FROM}${UVICORN_30}`, files: APP },
    { name: 'no build context at all', code: `${FROM}${UVICORN_30}` },
    { name: 'long enough', code: `${FROM}${UVICORN_30}`, files: compose('    stop_grace_period: 35s\n') },
    { name: 'equal', code: `${FROM}${UVICORN_30}`, files: compose('    stop_grace_period: 30s\n') },
    { name: 'minutes', code: `${FROM}${UVICORN_30}`, files: compose('    stop_grace_period: 1m30s\n') },
    { name: 'uvicorn default waits with no limit', code: `${FROM}CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]`, files: compose('') },
    { name: 'fastapi run default', code: `${FROM}CMD ["fastapi", "run", "app/main.py"]`, files: compose('') },
    { name: 'gunicorn shorter than the default grace', code: `${FROM}CMD ["gunicorn", "--graceful-timeout", "5", "app.main:app"]`, files: compose('') },
    { name: 'gunicorn with a config file', code: `${FROM}CMD ["gunicorn", "-c", "gunicorn.conf.py", "app.main:app"]`, files: compose('') },
    {
      name: "gunicorn's default gunicorn.conf.py in its working directory sets graceful_timeout",
      code: `FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCOPY gunicorn.conf.py .\n${GUNICORN}`,
      files: { ...compose(''), 'gunicorn.conf.py': 'workers = 4\ngraceful_timeout = 5\n' },
    },
    { name: 'gunicorn default within the grace period', code: `${FROM}${GUNICORN}`, files: compose('    stop_grace_period: 40s\n') },
    { name: 'the service overrides the command', code: `${FROM}${UVICORN_30}`, files: compose('    command: ["uvicorn", "app.main:app"]\n') },
    { name: 'a grace period we cannot read', code: `${FROM}${UVICORN_30}`, files: compose('    stop_grace_period: ${GRACE}\n') },
    { name: 'a timeout from a variable', code: `${FROM}CMD uvicorn app.main:app --timeout-graceful-shutdown $GRACE`, files: compose('') },
  ],
  invalid: [
    {
      name: 'uvicorn 30 s against the default 10 s',
      code: `${FROM}${UVICORN_30}`,
      files: compose(''),
      errors: [
        {
          line: 4,
          column: 54,
          endColumn: 89,
          messageId: 'tooShort',
          message:
            '`--timeout-graceful-shutdown 30` lets requests run 30 s after SIGTERM, but Compose kills it after 10 s (its default). Set `stop_grace_period: 35s`.',
        },
      ],
    },
    {
      name: 'explicit grace shorter',
      code: `${FROM}CMD ["uvicorn", "app.main:app", "--timeout-graceful-shutdown=90"]`,
      files: compose('    stop_grace_period: 1m\n'),
      errors: [
        {
          line: 4,
          column: 33,
          messageId: 'tooShort',
          message: '`--timeout-graceful-shutdown 90` lets requests run 90 s after SIGTERM, but Compose kills it after 60 s. Set `stop_grace_period: 1m35s`.',
        },
      ],
    },
    {
      name: 'gunicorn default 30 s against Compose default',
      code: `${FROM}${GUNICORN}`,
      files: compose(''),
      errors: [
        {
          line: 4,
          column: 6,
          endColumn: 16,
          messageId: 'tooShort',
          message:
            "gunicorn's default `--graceful-timeout` (30) lets requests run 30 s after SIGTERM, but Compose kills it after 10 s (its default). Set `stop_grace_period: 35s`.",
        },
      ],
    },
    {
      name: 'gunicorn explicit',
      code: `${FROM}CMD ["gunicorn", "--graceful-timeout", "120", "app.main:app"]`,
      files: compose('    stop_grace_period: 30s\n'),
      errors: [{ line: 4, column: 18, messageId: 'tooShort' }],
    },
    {
      name: 'gunicorn through GUNICORN_CMD_ARGS',
      code: `${FROM}ENV GUNICORN_CMD_ARGS="--graceful-timeout=45"\nCMD ["gunicorn", "app.main:app"]`,
      files: compose('    stop_grace_period: 20s\n'),
      errors: [
        {
          line: 5,
          column: 6,
          messageId: 'tooShort',
          message:
            '`--graceful-timeout 45` in GUNICORN_CMD_ARGS lets requests run 45 s after SIGTERM, but Compose kills it after 20 s. Set `stop_grace_period: 50s`.',
        },
      ],
    },
    {
      name: 'uvicorn environment',
      code: `${FROM}ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=25\nCMD ["uvicorn", "app.main:app"]`,
      files: compose(''),
      errors: [{ line: 5, column: 6, messageId: 'tooShort' }],
    },
    {
      name: "gunicorn's default gunicorn.conf.py in the image sets no graceful_timeout: the default stands",
      code: `FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCOPY gunicorn.conf.py .\n${GUNICORN}`,
      files: { ...compose(''), 'gunicorn.conf.py': 'workers = 4\nbind = "0.0.0.0:80"\n' },
      errors: [
        {
          line: 5,
          column: 6,
          messageId: 'tooShort',
          message:
            "gunicorn's default `--graceful-timeout` (30) lets requests run 30 s after SIGTERM, but Compose kills it after 10 s (its default). Set `stop_grace_period: 35s`.",
        },
      ],
    },
    {
      name: 'a gunicorn.conf.py in the context that the image does not copy is not read',
      code: `${FROM}${GUNICORN}`,
      files: { ...compose(''), 'gunicorn.conf.py': 'graceful_timeout = 5\n' },
      errors: [
        {
          line: 4,
          column: 6,
          messageId: 'tooShort',
          message:
            "gunicorn's default `--graceful-timeout` (30) lets requests run 30 s after SIGTERM, but Compose kills it after 10 s (its default). Set `stop_grace_period: 35s`.",
        },
      ],
    },
  ],
});

describe('Compose durations', () => {
  it('reads what Compose writes', () => {
    expect(parseComposeDuration('45s')).toBe(45);
    expect(parseComposeDuration('1m30s')).toBe(90);
    expect(parseComposeDuration('1h')).toBe(3600);
    expect(parseComposeDuration('1500ms')).toBe(1.5);
    expect(parseComposeDuration('2.5s')).toBe(2.5);
  });
  it('refuses what it cannot be sure of', () => {
    for (const text of ['', '10', 's', '1 m', '${GRACE}', '1d', '-5s']) expect(parseComposeDuration(text)).toBeUndefined();
  });
  it('writes seconds back', () => {
    expect(formatComposeDuration(35)).toBe('35s');
    expect(formatComposeDuration(95)).toBe('1m35s');
    expect(formatComposeDuration(120)).toBe('2m');
    expect(formatComposeDuration(10.2)).toBe('11s');
  });
});
