import type { Rule } from '../src/rule.js';
import { CONTEXT_RULE_OPTIONS } from '../src/context/describe.js';
import { serverCommand, type ServerKind } from '../src/model/server.js';
import { lockListsPackage, type InstalledRequirement } from '../src/context/installs.js';

/** What provides each server's command. */
const PROVIDERS: Record<ServerKind, { satisfies: (requirement: InstalledRequirement) => boolean; lockName: string; want: string }> = {
  fastapi: {
    satisfies: (requirement) =>
      requirement.name === 'fastapi-cli' ||
      ((requirement.name === 'fastapi' || requirement.name === 'fastapi-slim') &&
        requirement.extras.some((extra) => extra === 'standard' || extra === 'standard-no-fastapi-cloud-cli' || extra === 'all')),
    lockName: 'fastapi-cli',
    want: '`fastapi[standard]` (or `fastapi[standard-no-fastapi-cloud-cli]`, or `fastapi-cli`)',
  },
  uvicorn: {
    satisfies: (requirement) =>
      requirement.name === 'uvicorn' ||
      requirement.name === 'uvicorn-worker' ||
      ((requirement.name === 'fastapi' || requirement.name === 'fastapi-slim' || requirement.name === 'fastapi-cli') &&
        requirement.extras.some((extra) => extra.startsWith('standard') || extra === 'all')),
    lockName: 'uvicorn',
    want: 'the `uvicorn` package (which `fastapi[standard]` brings)',
  },
  gunicorn: { satisfies: (requirement) => requirement.name === 'gunicorn', lockName: 'gunicorn', want: 'the `gunicorn` package' },
  hypercorn: { satisfies: (requirement) => requirement.name === 'hypercorn', lockName: 'hypercorn', want: 'the `hypercorn` package' },
};

export const serverInstalled: Rule = {
  code: 'FDL020',
  name: 'server-installed',
  severity: 'error',
  summary: 'The package that provides the server command is installed',
  fixable: false,
  messages: {
    plainFastapi:
      '`{{command}}` needs the FastAPI CLI, but the project installs plain `fastapi` (read from {{files}}), whose `fastapi` command only prints an error asking for the standard extra. Require {{want}}, as the guide does: `fastapi[standard]>=0.113.0,<0.114.0`.',
    missing:
      '`{{command}}` needs {{want}}, but the project does not install it (read from {{files}}): the container will exit with `{{program}}: not found` (or `No module named {{program}}`).',
  },
  docs: {
    description:
      'Reports a server command whose package the project does not install: `fastapi run`/`fastapi dev` need `fastapi[standard]` (or `fastapi[standard-no-fastapi-cloud-cli]`, or `fastapi-cli`), `uvicorn` needs uvicorn (which `fastapi[standard]` brings), `gunicorn` needs gunicorn, `hypercorn` needs hypercorn. It reads the requirements files and pyproject.toml that the Dockerfile installs (through the build context), the packages named on `pip install` lines, and the lock file for transitive packages. Silent when any install reads something it cannot (a Pipfile, a file from another stage, a wheel) or when the context is unknown.',
    why:
      'Since FastAPI 0.112, plain `fastapi` no longer installs the `fastapi` command line tool: `fastapi run` then prints an error and the container exits at once, although the image built fine. The same happens when `uvicorn` is missing because only `fastapi` was required. The build cannot catch it; the first `docker run` does.',
    bad: '# requirements.txt: fastapi>=0.115,<0.116\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]',
    good: '# requirements.txt: fastapi[standard]>=0.115,<0.116\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety: 'No fix: the requirement lives in another file and its version range is yours to choose.',
    guideItems: [1],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://fastapi.tiangolo.com/#standard-dependencies'],
  },
  check({ model, project, report }) {
    if (!project || project.status !== 'usable') return;
    const server = serverCommand(model);
    if (!server) return;
    const provider = PROVIDERS[server.kind];
    const installs = project.installs;
    const installed = installs.requirements.filter((requirement) => !requirement.isConstraint);
    if (installed.some(provider.satisfies)) return;
    if (!installs.complete || lockListsPackage(installs.lockFiles, provider.lockName)) return;
    const files = [...new Set(installed.map((requirement) => (requirement.file ? requirement.file.path : 'the Dockerfile')))];
    const described = files.length === 0 ? 'the Dockerfile' : files.map((file) => (file === 'the Dockerfile' ? file : `\`${file}\``)).join(' and ');
    const command = server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind;
    const plain = server.kind === 'fastapi' && installed.some((requirement) => requirement.name === 'fastapi');
    report({
      messageId: plain ? 'plainFastapi' : 'missing',
      data: { command, files: described, want: provider.want, program: server.kind },
      range: server.instruction.range,
    });
  },
};
