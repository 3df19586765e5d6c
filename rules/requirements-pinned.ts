import type { Rule } from '../src/rule.js';
import { CONTEXT_RULE_OPTIONS } from '../src/context/describe.js';

/** FastAPI and the servers: the packages whose minor releases change how the app runs. */
const WATCHED = new Set(['fastapi', 'fastapi-slim', 'fastapi-cli', 'uvicorn', 'gunicorn', 'hypercorn']);

export const requirementsPinned: Rule = {
  code: 'FDL024',
  name: 'requirements-pinned',
  severity: 'info',
  summary: 'FastAPI and the server are required with an upper bound, as the guide pins them',
  fixable: false,
  messages: {
    unbounded:
      '`{{name}}` is required {{how}}, so every rebuild may install a newer minor version, and FastAPI\'s 0.x minor releases can break apps. Pin a range, as the guide does: `{{example}}`.',
  },
  docs: {
    description:
      'Reports `fastapi` (also `fastapi-slim`, `fastapi-cli`) or the server package (`uvicorn`, `gunicorn`, `hypercorn`) required without an upper bound, in the requirements files or pyproject.toml the Dockerfile installs, or on a `pip install` line. The finding points at the requirement\'s own line, in its own file. A cap in a constraints file (`-c`) counts, and a pyproject dependency counts as pinned when the project installs from a lock file (uv.lock, poetry.lock, pdm.lock).',
    why:
      'FastAPI is 0.x: minor releases change behaviour (0.112 moved the CLI to `fastapi[standard]`, 0.100 moved to Pydantic 2). With `fastapi>=0.100` or no version at all, an image rebuilt next month can run different code than the one you tested. The guide pins a range such as `fastapi[standard]>=0.113.0,<0.114.0`: patch releases come in, breaking ones do not.',
    bad: '# requirements.txt holds the line: fastapi[standard]>=0.113.0\nFROM python:3.13\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    good: '# requirements.txt holds the line: fastapi[standard]>=0.113.0,<0.114.0\nFROM python:3.13\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    fixSafety: 'No fix: the range to pin is the one you tested.',
    guideItems: [1, 2],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://fastapi.tiangolo.com/deployment/versions/'],
  },
  check({ project, report }) {
    if (!project || project.status !== 'usable') return;
    const installs = project.installs;
    const cappedByConstraint = new Set(installs.requirements.filter((requirement) => requirement.isConstraint && requirement.capped).map((requirement) => requirement.name));
    const locked = installs.lockFiles.length > 0;
    const seen = new Set<string>();
    for (const requirement of installs.requirements) {
      if (!WATCHED.has(requirement.name) || requirement.capped || requirement.isDirectReference || requirement.isConstraint) continue;
      if (cappedByConstraint.has(requirement.name)) continue;
      if (locked && requirement.file?.path.endsWith('pyproject.toml')) continue;
      const key = `${requirement.file?.path ?? ''}:${requirement.range.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const extras = requirement.extras.length > 0 ? `[${requirement.extras.join(',')}]` : '';
      report({
        messageId: 'unbounded',
        data: {
          name: requirement.name,
          how: requirement.specifier ? `as \`${requirement.specifier}\`, with no upper bound` : 'with no version at all',
          example: requirement.name === 'fastapi' ? `fastapi${extras || '[standard]'}>=0.113.0,<0.114.0` : `${requirement.name}${extras}>=0.32.0,<0.33.0` + ' (with the versions you tested)',
        },
        range: requirement.range,
        file: requirement.file,
      });
    }
  },
};
