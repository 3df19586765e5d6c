import { singleProcessPerContainer } from '../../rules/single-process-per-container.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13\n';
const k8s = { deployTarget: 'kubernetes' as const };
const ENTRY =
  'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY main.py .\nCMD ["python", "main.py"]';
const ENTRY_REQUIREMENTS = { 'requirements.txt': 'fastapi>=0.115,<0.116\nuvicorn>=0.30,<0.31\n' };

ruleTester(singleProcessPerContainer, {
  valid: [
    {
      name: 'uvicorn.run with workers, no target',
      code: ENTRY,
      files: { ...ENTRY_REQUIREMENTS, 'main.py': 'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="0.0.0.0", workers=4)\n' },
    },
    { name: 'no target', code: `${FROM}CMD ["fastapi", "run", "--workers", "4"]` },
    { name: 'compose', code: `${FROM}CMD ["fastapi", "run", "--workers", "4"]`, options: { deployTarget: 'compose' } },
    { name: 'server', code: `${FROM}CMD ["fastapi", "run", "--workers", "4"]`, options: { deployTarget: 'server' } },
    { name: 'one worker', code: `${FROM}CMD ["fastapi", "run", "--workers", "1"]`, options: k8s },
    { name: 'default', code: `${FROM}CMD ["uvicorn", "main:app"]`, options: k8s },
    { name: 'unreadable count', code: `${FROM}CMD ["sh", "-c", "exec gunicorn -w $(nproc) main:app"]`, options: k8s },
    { name: 'fastapi run ignores WEB_CONCURRENCY', code: `${FROM}ENV WEB_CONCURRENCY=4\nCMD ["fastapi", "run"]`, options: k8s },
  ],
  invalid: [
    {
      name: 'through gosu and uv run',
      code: `${FROM}CMD ["gosu", "app", "uv", "run", "uvicorn", "main:app", "--workers", "4"]`,
      options: k8s,
      errors: [{ line: 2, column: 57, endColumn: 73, messageId: 'workers' }],
    },
    {
      name: 'through newrelic-admin',
      code: `${FROM}CMD ["newrelic-admin", "run-program", "fastapi", "run", "--workers", "2"]`,
      options: k8s,
      errors: [{ line: 2, column: 57, messageId: 'workers' }],
    },
    {
      code: `${FROM}CMD ["fastapi", "run", "--workers", "4"]`,
      options: k8s,
      errors: [
        {
          line: 2,
          column: 24,
          endColumn: 40,
          messageId: 'workers',
          message: 'The image starts 4 worker processes (`--workers 4`) for Kubernetes: run one process per container and scale with replicas.',
        },
      ],
    },
    { name: '--workers=N', code: `${FROM}CMD ["uvicorn", "main:app", "--workers=2"]`, options: k8s, errors: [{ line: 2, column: 29, messageId: 'workers' }] },
    {
      name: 'gunicorn -w',
      code: `${FROM}CMD ["gunicorn", "-w", "4", "-k", "uvicorn_worker.UvicornWorker", "main:app"]`,
      options: k8s,
      errors: [{ line: 2, column: 18, messageId: 'workers' }],
    },
    { name: 'gunicorn -w4', code: `${FROM}CMD gunicorn -w4 main:app`, options: k8s, errors: [{ line: 2, column: 14, messageId: 'workers' }] },
    {
      name: 'WEB_CONCURRENCY for uvicorn',
      code: `${FROM}ENV WEB_CONCURRENCY=3\nCMD ["uvicorn", "main:app"]`,
      options: k8s,
      errors: [
        {
          line: 3,
          column: 6,
          messageId: 'workers',
          message:
            'The image starts 3 worker processes (`WEB_CONCURRENCY` in the environment) for Kubernetes: run one process per container and scale with replicas.',
        },
      ],
    },
    {
      name: 'WEB_CONCURRENCY for gunicorn',
      code: `${FROM}ENV WEB_CONCURRENCY=3\nCMD ["gunicorn", "main:app"]`,
      options: k8s,
      errors: [{ line: 3, column: 6, messageId: 'workers' }],
    },
    {
      name: 'UVICORN_WORKERS',
      code: `${FROM}ENV UVICORN_WORKERS=2\nCMD ["uvicorn", "main:app"]`,
      options: k8s,
      errors: [{ line: 3, column: 6, messageId: 'workers' }],
    },
    {
      name: 'python main.py whose uvicorn.run starts four workers',
      code: ENTRY,
      options: k8s,
      files: { ...ENTRY_REQUIREMENTS, 'main.py': 'import uvicorn\nif __name__ == "__main__":\n    uvicorn.run("main:app", host="0.0.0.0", workers=4)\n' },
      errors: [
        {
          messageId: 'entryPointWorkers',
          file: 'main.py',
          line: 3,
          column: 45,
          endColumn: 54,
          message: '`uvicorn.run()`, run by `python main.py`, starts 4 worker processes for Kubernetes: run one process per container and scale with replicas.',
        },
      ],
    },
  ],
});
