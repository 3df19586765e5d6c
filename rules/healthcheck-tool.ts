import { defineRule } from '../src/core/rule.js';
import {
  basename,
  effectiveHealthcheck,
  type ImageReference,
  isOfficialPythonImage,
  packagesKept,
  serverCommand,
  shippedLineage,
  type Stage,
} from '../src/core/facts.js';

type Tool = 'curl' | 'wget';

/**
 * The HTTP tools a base image ships, for the images whose contents we know; `undefined` otherwise.
 * docker-library/python: the full images build on buildpack-deps (curl and wget); `-slim` starts
 * from debian:*-slim and purges the wget it used for the build; `-alpine` has BusyBox wget only.
 * uv's images follow the same bases (`python3.x-bookworm-slim`, `-alpine`, `bookworm` on
 * buildpack-deps). Plain debian and ubuntu images have neither.
 */
function toolsOf(image: ImageReference): Set<Tool> | undefined {
  const tag = image.tag;
  if (tag === undefined && image.digest) return undefined;
  const variant = tag ?? 'latest';
  if (/windowsservercore|nanoserver/.test(variant)) return undefined;
  const repository = image.repository;
  const isUv = repository === 'astral-sh/uv' || repository === 'astral/uv';
  if (isOfficialPythonImage(image) || (isUv && /python|bookworm|trixie|debian|alpine/.test(variant))) {
    if (/alpine/.test(variant)) return new Set(['wget']);
    if (/slim/.test(variant)) return new Set();
    return new Set(['curl', 'wget']);
  }
  if (repository === 'library/alpine') return new Set(['wget']);
  if (repository === 'library/debian' || repository === 'library/ubuntu') return new Set();
  return undefined;
}

/** Whether a shipped stage installs the tool, or copies something by that name in. */
function addsTool(chain: Stage[], tool: Tool): boolean {
  return chain.some((stage) =>
    stage.instructions.some((instruction) => {
      if (instruction.keyword === 'RUN') {
        // BusyBox provides wget (and on Alpine, `apk add busybox-extras` more applets).
        return packagesKept(instruction).some((found) => found.name === tool || (tool === 'wget' && found.name.startsWith('busybox')));
      }
      if (instruction.copy)
        return [...instruction.copy.sources, instruction.copy.destination].some(
          (path) => path !== undefined && basename(path.value.replace(/\/+$/, '')) === tool,
        );
      return false;
    }),
  );
}

export const healthcheckTool = defineRule({
  code: 'FDL015',
  name: 'healthcheck-tool',
  severity: 'error',
  summary: 'HEALTHCHECK uses a tool the image has; with deploy target `compose` or `server`, the image has a HEALTHCHECK (info)',
  fixable: false,
  messages: {
    missingTool:
      "HEALTHCHECK runs `{{tool}}`, which `{{image}}` lacks: the check always fails. Install it, or check with Python's `urllib.request` (see the docs).",
    noHealthcheck:
      "No HEALTHCHECK: {{target}} cannot tell a hung server from a healthy one. Add one that requests a health endpoint with Python's `urllib.request`.",
  },
  docs: {
    description:
      'Reports a `HEALTHCHECK` that runs `curl` or `wget` in an image that lacks it and does not install it (`apt-get install curl`, `apk add curl`) in the final stage or the stages it is built FROM: `python:*-slim` has neither, `python:*-alpine` has BusyBox `wget` but no `curl`, plain `debian` and `ubuntu` have neither. The full `python:3.x` images (bookworm, trixie) have both. With `deploy-target: compose` or `server`, it also reports (as info) an image that starts a server and has no HEALTHCHECK; Kubernetes ignores HEALTHCHECK (it uses probes), so with `kubernetes` or no deploy target it stays silent about that.',
    why: 'A health check whose program is missing fails every time: Docker marks the container unhealthy, Compose never starts the services that wait for `condition: service_healthy`, and Swarm replaces the task over and over, while the server itself is fine. The Python that runs the app can make the request itself, with nothing to install.',
    bad: 'FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nHEALTHCHECK CMD curl -f http://localhost/health || exit 1\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nHEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost/health\', timeout=3)"]\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: "No fix: the health endpoint and port are the app's.",
    guideItems: [],
    options: '`deploy-target: compose` or `server`: also report an image with no HEALTHCHECK (info).',
    references: [
      'https://docs.docker.com/reference/dockerfile/#healthcheck',
      "https://github.com/docker-library/python (the images' Dockerfiles)",
      'https://docs.python.org/3/library/urllib.request.html',
    ],
  },
  check({ model, options, report }) {
    const final = model.finalStage;
    if (!final) return;
    const chain = shippedLineage(model);
    const healthcheck = effectiveHealthcheck(final);
    if (!healthcheck) {
      if ((options.deployTarget === 'compose' || options.deployTarget === 'server') && serverCommand(model)) {
        const target = options.deployTarget === 'compose' ? 'Compose' : 'Docker';
        report({ messageId: 'noHealthcheck', data: { target }, range: final.from.keywordRange, severity: 'info' });
      }
      return;
    }
    const image = chain[0].image;
    const tools = image && toolsOf(image);
    if (!image || !tools) return;
    for (const invocation of healthcheck.invocations) {
      const tool = basename(invocation.program);
      if ((tool !== 'curl' && tool !== 'wget') || tools.has(tool) || addsTool(chain, tool)) continue;
      report({ messageId: 'missingTool', data: { tool, image: image.text }, range: { start: invocation.programWord.start, end: invocation.programWord.end } });
      return;
    }
  },
});
