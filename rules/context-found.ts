import { defineRule } from '../src/core/rule.js';
import { describeContext } from '../src/core/facts.js';

export const contextFound = defineRule({
  code: 'FDL025',
  name: 'context-found',
  severity: 'info',
  summary: 'The build context was found; otherwise the project checks are skipped, and this says so',
  fixable: false,
  messages: {
    elsewhere:
      'None of the files this Dockerfile copies are in {{context}}, so the project checks are skipped: pass `--context DIR` if you build from elsewhere.',
    unconfirmed:
      "Nothing marks the Dockerfile's directory as the build context (no requirements, pyproject.toml or app file): project checks skipped; pass `--context DIR`.",
  },
  docs: {
    description:
      "Says, once per Dockerfile, that the project checks (FDL020-FDL024) are skipped because the directory taken as the build context is evidently not it. The Dockerfile's own directory is taken as the context only when a source it names (not `.`, not a wildcard that matches nothing) exists there, or a project file does: a requirements or constraints file, pyproject.toml, a Pipfile, setup.py, the app module the server command names, or a file the container's command runs (`python main.py`, `python -m app.main`, `./start.sh`) where the COPY instructions put it. With mixed evidence (some sources there, some not), the directory is the context and FDL021 reports what is missing. A source that names the Dockerfile's own folder from its parent (`COPY config/requirements.txt .` in `config/Dockerfile`, beside `config/requirements.txt`) says the context is the parent. The `build.context` of a Compose service that builds the Dockerfile is what `docker compose build` sends, so it is always the context; one given with `--context` is trusted unless none of the files the Dockerfile copies exist there.",
    why: 'A Dockerfile kept in `docker/` and built with `docker build -f docker/Dockerfile .` has its context one level up. Judged against `docker/`, every COPY would look missing, `COPY . .` would seem to lack a .dockerignore, and the app path would look wrong: false alarms about a project the linter has not seen. Saying once that the checks are skipped, and how to turn them on, is better than either.',
    bad: '# docker/Dockerfile: this file, built from the root with `docker build -f docker/Dockerfile .`\n# requirements.txt: fastapi[standard]>=0.115.0,<0.116.0\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: '# docker/Dockerfile: this file, built by the Compose file below\n# compose.yaml: services: {api: {build: {context: ., dockerfile: docker/Dockerfile}}}\n# requirements.txt: fastapi[standard]>=0.115.0,<0.116.0\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: pass `--context DIR` (or set `context` in the config, or build it from a Compose file).',
    guideItems: [],
    options: '`--context DIR` (config `context`); `--no-context` skips the project checks without this notice.',
  },
  check({ model, project, report }) {
    if (!project || project.status === 'usable') return;
    const [first] = project.contextSources();
    const instruction = model.instructions[first.instructionIndex];
    const written = (instruction.copy as NonNullable<typeof instruction.copy>).sources[first.sourceIndex];
    report({ messageId: project.status, data: { context: describeContext(project.context) }, range: written.range });
  },
});
