import { defineRule } from '../src/core/rule.js';
import { CONTEXT_RULE_OPTIONS } from '../src/core/facts.js';

/** FastAPI and the servers: the packages whose minor releases change how the app runs. */
const WATCHED = new Set(['fastapi', 'fastapi-slim', 'fastapi-cli', 'uvicorn', 'gunicorn', 'hypercorn']);

/** FastAPI itself, whose 0.x minor releases change behaviour (the servers follow their own schemes). */
const FASTAPI = new Set(['fastapi', 'fastapi-slim']);

export const requirementsPinned = defineRule({
  code: 'FDL024',
  name: 'requirements-pinned',
  severity: 'info',
  summary: 'FastAPI and the server are required with an upper bound, as the guide pins them',
  fixable: false,
  messages: {
    fastapi: "`{{name}}` is required {{how}}, and FastAPI's 0.x minors can break apps: cap it at a version you tested (the guide: `>=0.113.0,<0.114.0`).",
    unbounded: '`{{name}}` is required {{how}}, so a rebuild can install a release you never tested: cap it at a version you tested.',
  },
  docs: {
    description:
      "Reports `fastapi` (also `fastapi-slim`, `fastapi-cli`) or the server package (`uvicorn`, `gunicorn`, `hypercorn`) required without an upper bound, in the requirements files or pyproject.toml the Dockerfile installs, or on a `pip install` line. The finding points at the requirement's own line, in its own file. A cap in a constraints file (`-c`) counts, and a pyproject dependency counts as pinned when the project installs from a lock file (uv.lock, poetry.lock, pdm.lock).",
    why: 'FastAPI is 0.x: minor releases change behaviour (0.112 moved the CLI to `fastapi[standard]`, 0.100 moved to Pydantic 2). With `fastapi>=0.100` or no version at all, an image rebuilt next month can run different code than the one you tested. The guide pins a range such as `fastapi[standard]>=0.113.0,<0.114.0`: patch releases come in, breaking ones do not. The servers follow their own release schemes, so the message names no range for them: the bound to set is the newest version you have tested.',
    bad: '# requirements.txt: fastapi[standard]>=0.113.0\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: '# requirements.txt: fastapi[standard]>=0.113.0,<0.114.0\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: the bound to set is the newest version you tested, which only you know; the linter never invents one.',
    guideItems: [1, 2],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://fastapi.tiangolo.com/deployment/versions/'],
  },
  check({ project, report }) {
    if (project?.status !== 'usable') return;
    const installs = project.installs;
    const cappedByConstraint = new Set(
      installs.requirements.filter((requirement) => requirement.isConstraint && requirement.capped).map((requirement) => requirement.name),
    );
    const locked = installs.lockFiles.length > 0;
    const seen = new Set<string>();
    for (const requirement of installs.requirements) {
      if (!WATCHED.has(requirement.name) || requirement.capped || requirement.isDirectReference || requirement.isConstraint) continue;
      if (cappedByConstraint.has(requirement.name)) continue;
      if (locked && requirement.file?.path.endsWith('pyproject.toml')) continue;
      const key = `${requirement.file?.path ?? ''}:${requirement.range.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        messageId: FASTAPI.has(requirement.name) ? 'fastapi' : 'unbounded',
        data: {
          name: requirement.name,
          how: requirement.specifier ? `as \`${requirement.specifier}\`, with no upper bound` : 'with no version at all',
        },
        range: requirement.range,
        file: requirement.file,
      });
    }
  },
});
