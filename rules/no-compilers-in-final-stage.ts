import { defineRule } from '../src/core/rule.js';
import { packagesKept, shippedLineage, type SystemPackage } from '../src/core/facts.js';

/** Compilers and headers: what building C extensions needs and running them does not. */
function isBuildTool(name: string): boolean {
  return /^(?:build-essential|build-base|gcc|g\+\+|clang|cc|c\+\+|gfortran)(?:-[\d.]+)?$/.test(name) || /-dev$/.test(name);
}

export const noCompilersInFinalStage = defineRule({
  code: 'FDL030',
  name: 'no-compilers-in-final-stage',
  severity: 'info',
  summary: 'Compilers and -dev headers stay in a builder stage, out of the shipped image',
  fixable: false,
  messages: {
    buildTools:
      'The shipped image keeps build tools ({{packages}}) only needed to compile. Build wheels in a builder stage and copy them, or purge these in this RUN.',
  },
  docs: {
    description:
      'Reports `apt-get install` / `apt install` / `apk add` of compilers (`build-essential`, `build-base`, `gcc`, `g++`, `clang`, and their versioned names) or development headers (any `*-dev` package: `libpq-dev`, `python3-dev`, `musl-dev`) in the final stage or a stage it is built FROM. Not reported when the same RUN removes them again (`apt-get purge`, `apt-get remove`, `apk del`, including an `apk add --virtual .build-deps ...` group deleted with `apk del .build-deps`), nor in builder stages the final image only copies from. One finding per RUN.',
    why: 'A compiler and headers add 200 MB or more to every image you push, pull and scan, and every CVE in them is yours to triage. They are only needed while pip builds C extensions from source: build in a stage of its own (or install wheels there) and copy the virtual environment into a clean final stage, which then needs only the runtime libraries (`libpq5`, not `libpq-dev`).',
    bad: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nCOPY ./requirements.txt /requirements.txt\nRUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r /requirements.txt\n\nFROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /venv /venv\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["/venv/bin/fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: which runtime libraries replace the headers depends on your packages.',
    guideItems: [],
    references: ['https://docs.docker.com/build/building/multi-stage/', 'https://pythonspeed.com/articles/multi-stage-docker-python/'],
  },
  check({ model, report }) {
    for (const stage of shippedLineage(model)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const tools: SystemPackage[] = packagesKept(instruction).filter((found) => isBuildTool(found.name));
        if (tools.length === 0) continue;
        const names = [...new Set(tools.map((found) => found.name))];
        const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
        report({ messageId: 'buildTools', data: { packages: listed }, range: { start: tools[0].word.start, end: tools[0].word.end } });
      }
    }
  },
});
