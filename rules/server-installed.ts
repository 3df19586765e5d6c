import { defineRule } from '../src/core/rule.js';
import {
  CONTEXT_RULE_OPTIONS,
  highestMinor,
  type DockerfileModel,
  type InstalledRequirement,
  isOfficialPythonImage,
  lockListsPackage,
  serverCommand,
  type ServerKind,
  shippedLineage,
} from '../src/core/facts.js';

/**
 * Packages known to require uvicorn, gunicorn or the FastAPI CLI themselves: with one of them
 * installed (and no lock file to read), the server may be there although no file names it.
 */
const BRINGS_A_SERVER = new Set([
  'fastapi-cli',
  'fastapi-cloud-cli',
  'uvicorn-worker',
  'gradio',
  'chromadb',
  'vllm',
  'mlflow',
  'nicegui',
  'bentoml',
  'chainlit',
  'litellm',
  'dagster-webserver',
  'prefect',
  'ray',
  'open-webui',
  'mcp',
  'fastmcp',
  'google-adk',
  'langgraph-api',
  'langgraph-cli',
  'fastapi-mcp',
  'kserve',
  'mlserver',
  'jina',
  'apache-airflow',
  'apache-superset',
  'datasette',
  'strawberry-graphql',
  'sse-starlette',
  'langserve',
  'xinference',
  'label-studio',
  'llama-stack',
  'reflex',
  'panel',
  'solara',
  'a2a-sdk',
  'letta',
  'haystack-ai',
  'hayhooks',
]);

/**
 * FastAPI before 0.112 is another package: 0.111 installed the CLI and uvicorn by default, and
 * earlier releases had no `fastapi` command at all. We judge only releases from 0.112 on.
 */
function isOldFastapi(requirement: InstalledRequirement): boolean {
  if (requirement.name !== 'fastapi' && requirement.name !== 'fastapi-slim') return false;
  const highest = highestMinor(requirement.specifier);
  return highest !== undefined && highest[0] === 0 && highest[1] < 112;
}

/** Whether the final image is built on the official python image, whose packages we know (none of the servers). */
function startsFromPlainPython(model: DockerfileModel): boolean {
  const root = shippedLineage(model)[0];
  return root?.image !== undefined && isOfficialPythonImage(root.image);
}

/** What provides each server's command. */
const PROVIDERS: Record<ServerKind, { satisfies: (requirement: InstalledRequirement) => boolean; lockName: string; want: string }> = {
  fastapi: {
    satisfies: (requirement) =>
      requirement.name === 'fastapi-cli' ||
      ((requirement.name === 'fastapi' || requirement.name === 'fastapi-slim') &&
        requirement.extras.some((extra) => extra === 'standard' || extra === 'standard-no-fastapi-cloud-cli' || extra === 'all')),
    lockName: 'fastapi-cli',
    want: '`fastapi[standard]` (or `fastapi-cli`)',
  },
  uvicorn: {
    satisfies: (requirement) =>
      requirement.name === 'uvicorn' ||
      requirement.name === 'uvicorn-worker' ||
      ((requirement.name === 'fastapi' || requirement.name === 'fastapi-slim' || requirement.name === 'fastapi-cli') &&
        requirement.extras.some((extra) => extra.startsWith('standard') || extra === 'all')),
    lockName: 'uvicorn',
    want: '`uvicorn` (or `fastapi[standard]`)',
  },
  gunicorn: { satisfies: (requirement) => requirement.name === 'gunicorn', lockName: 'gunicorn', want: '`gunicorn`' },
  hypercorn: { satisfies: (requirement) => requirement.name === 'hypercorn', lockName: 'hypercorn', want: '`hypercorn`' },
};

export const serverInstalled = defineRule({
  code: 'FDL020',
  name: 'server-installed',
  severity: 'error',
  summary: 'The package that provides the server command is installed',
  fixable: false,
  messages: {
    plainFastapi: '`{{command}}` needs the FastAPI CLI, but {{files}} installs plain `fastapi`, which lacks it: require `fastapi[standard]`.',
    missing: '`{{command}}` needs {{want}}, which {{files}} {{doesNot}} install, so the container exits at start: add it.',
  },
  docs: {
    description:
      "Reports a server command whose package the project does not install: `fastapi run`/`fastapi dev` need `fastapi[standard]` (or `fastapi[standard-no-fastapi-cloud-cli]`, or `fastapi-cli`), `uvicorn` needs uvicorn (which `fastapi[standard]` brings), `gunicorn` needs gunicorn, `hypercorn` needs hypercorn. It reads the requirements files and pyproject.toml that the Dockerfile installs (through the build context), the packages named on `pip install` lines, and the lock file for transitive packages.\n\nSilent whenever the server could be there unseen: a base image other than the official python one (tiangolo's uvicorn-gunicorn images ship uvicorn and gunicorn; a company base may too), a stage built on such an image, an install we cannot read (a Pipfile, a wheel, a file from another stage, `uv sync` without a readable pyproject.toml), anything else that may install packages (a script such as `./install.sh` or `python setup.py install`, `conda`, `pipx`, `poetry add`, an OS package of a Python tool, a `COPY --from` of an image or of a stage not built on python), a package known to require a server itself (gradio, chromadb, vllm, mcp, ...), FastAPI before 0.112 (0.111 installed the CLI by default), or an unknown build context.",
    why: 'Since FastAPI 0.112, plain `fastapi` no longer installs the `fastapi` command line tool: `fastapi run` then prints an error and the container exits at once, although the image built fine. The same happens when `uvicorn` is missing because only `fastapi` was required. The build cannot catch it; the first `docker run` does.',
    bad: '# requirements.txt: fastapi>=0.115.0,<0.116.0\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: '# requirements.txt: fastapi[standard]>=0.115.0,<0.116.0\n# app/main.py: app = FastAPI()\nFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install --no-cache-dir -r /code/requirements.txt\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: the requirement lives in another file and its version range is yours to choose.',
    guideItems: [1],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://fastapi.tiangolo.com/#standard-dependencies'],
  },
  check({ model, project, report }) {
    if (project?.status !== 'usable') return;
    const server = serverCommand(model);
    // Any other base image (tiangolo's, a company base, a stage we cannot read) may ship the server.
    if (!server || !startsFromPlainPython(model)) return;
    const provider = PROVIDERS[server.kind];
    const installs = project.installs;
    const installed = installs.requirements.filter((requirement) => !requirement.isConstraint);
    if (installed.some(provider.satisfies)) return;
    if (!installs.complete || lockListsPackage(installs.lockFiles, provider.lockName)) return;
    if (installed.some((requirement) => BRINGS_A_SERVER.has(requirement.name) || isOldFastapi(requirement) || requirement.isDirectReference)) return;
    const files = [...new Set(installed.map((requirement) => (requirement.file ? `\`${requirement.file.path}\`` : 'the Dockerfile')))];
    const described =
      files.length === 0 ? 'the Dockerfile' : files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} more file${files.length > 2 ? 's' : ''}`;
    const command = server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind;
    const plain = server.kind === 'fastapi' && installed.some((requirement) => requirement.name === 'fastapi');
    report({
      messageId: plain ? 'plainFastapi' : 'missing',
      data: { command, files: described, want: provider.want, doesNot: files.length > 1 ? 'do not' : 'does not' },
      range: server.instruction.range,
    });
  },
});
