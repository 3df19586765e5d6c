import { defineRule } from '../src/core/rule.js';
import {
  type BuildContext,
  CONTEXT_RULE_OPTIONS,
  type DockerfileModel,
  type InstructionModel,
  isInstructionShipped,
  resolvePath,
  segmentPattern,
  shippedStages,
  type Stage,
  stageRuntime,
  substitute,
} from '../src/core/facts.js';

/** The image path an instruction's files land at (`COPY . /app` in WORKDIR /code: /app), if known. */
function destinationOf(instruction: InstructionModel): string | undefined {
  const written = instruction.copy?.destination?.value;
  const value = written === undefined ? undefined : substitute(written, instruction.buildScope);
  return value === undefined || instruction.workdir === undefined ? undefined : resolvePath(instruction.workdir, value);
}

/**
 * Whether the files a COPY puts at `destination` in `stage` end up in the image: the stage is
 * shipped, or a stage that reaches the image copies them out of it (`COPY --from=build /app /app`:
 * the folder holding them, or an unknown path). A builder whose output alone is copied out
 * (`COPY --from=build /app/dist ...`) ships none of the context it was given.
 */
function filesReachImage(model: DockerfileModel, stage: Stage | undefined, destination: string | undefined, depth = 0): boolean {
  if (stage === undefined || shippedStages(model).has(stage) || destination === undefined || depth > model.stages.length) return true;
  for (const other of model.stages) {
    if (other.index <= stage.index) continue;
    for (const instruction of other.instructions) {
      const from = instruction.copy?.from;
      if (from === undefined || (from.toLowerCase() !== stage.name && from !== String(stage.index))) continue;
      for (const source of instruction.copy?.sources ?? []) {
        const value = substitute(source.value, instruction.buildScope);
        if (value === undefined) return true;
        const isGlob = /[*?[]/.test(value);
        // `COPY --from=build /dist/*.whl`: built files by name, never a `.env`, `.git` or `.venv`.
        if (isGlob && namesOnlyArtifacts(value)) continue;
        // A wildcard copies what it matches in its folder: judged as a copy of that folder.
        const copied = resolvePath('/', isGlob ? globFolder(value) : value);
        const holds = copied === '/' || destination === copied || destination.startsWith(`${copied}/`);
        if (!holds) continue;
        // Where the context's files land in the other stage: below the copy's destination.
        const target = destinationOf(instruction);
        const landed = target === undefined ? undefined : resolvePath(target, destination.slice(copied === '/' ? 1 : copied.length + 1) || '.');
        if (filesReachImage(model, other, landed, depth + 1)) return true;
      }
    }
  }
  return false;
}

/** What a new .dockerignore should list, by what the stage builds (see `stageRuntime`). */
const IGNORE_ADVICE = {
  python: '`.env`, `.git`, `.venv` and `__pycache__`',
  node: '`.env`, `.git` and `node_modules`',
  other: '`.env`, `.git` and the folders your local builds and installs make',
};

/** Names that must never ship (see `findLeaks`), to try a wildcard against. */
const LEAK_NAMES = ['.env', '.env.production', '.venv', 'venv', '__pycache__', '.git'];

/**
 * Whether a wildcard source matches only files of a build's output by their extension
 * (`/dist/*.whl`, `dist/app-*.tar.gz`): the wildcard is in the last segment, which ends in a
 * literal extension and matches none of the names that must never ship.
 */
function namesOnlyArtifacts(value: string): boolean {
  const segments = value.split('/').filter(Boolean);
  const last = segments.pop() ?? '';
  if (segments.some((segment) => /[*?[]/.test(segment)) || !/[*?[\]][^*?[\]]*\.[A-Za-z0-9]+$/.test(last)) return false;
  try {
    const pattern = segmentPattern(last);
    return !LEAK_NAMES.some((name) => pattern.matches(name));
  } catch {
    return false;
  }
}

/** The folder a wildcard source matches in: its segments before the first wildcard. */
function globFolder(value: string): string {
  const segments = value.split('/');
  const first = segments.findIndex((segment) => /[*?[]/.test(segment));
  return segments.slice(0, first).join('/') || '/';
}

function reachesImage(model: DockerfileModel, instruction: InstructionModel): boolean {
  return isInstructionShipped(model, instruction) || filesReachImage(model, instruction.stage, destinationOf(instruction));
}

/** `.env` files that are templates, not secrets. */
const ENV_TEMPLATE = /\.(?:example|sample|template|dist|defaults?)$/i;

interface Leak {
  path: string;
}

/** Files that only a Git repository has at its top: committed, so an exported tree has them too. */
const GIT_MARKERS = ['.gitignore', '.gitattributes', '.gitmodules', '.github', '.gitlab-ci.yml'];

/**
 * Whether a checkout of the project would send `.git`: the context is the project's root, the
 * project is a Git repository (it commits a `.gitignore`, a `.github/` ...), and .dockerignore
 * does not exclude it. Judged on what is committed, not on whether `.git` is there: a checkout
 * and an exported tree (`git archive`, a tarball) of one commit get the same findings.
 */
function shipsGit(context: BuildContext): boolean {
  return context.atProjectRoot && GIT_MARKERS.some((name) => context.exists(name)) && !context.isIgnored('.git');
}

/** What must never ship that the context holds and .dockerignore lets through. */
function findLeaks(context: BuildContext): Leak[] {
  const leaks: Leak[] = [];
  const queue: { path: string; depth: number }[] = [{ path: '', depth: 0 }];
  let visited = 0;
  let pycache: string | undefined;
  while (queue.length > 0 && visited < 5000) {
    const current = queue.shift() as { path: string; depth: number };
    for (const name of context.list(current.path)) {
      visited++;
      const child = current.path ? `${current.path}/${name}` : name;
      if (context.isIgnored(child)) continue;
      const kind = context.kind(child);
      if (kind === 'file' && /^\.env(?:\..+)?$/.test(name) && !ENV_TEMPLATE.test(name)) {
        leaks.push({ path: child });
      } else if (kind === 'directory' && (name === '.venv' || name === 'venv') && context.exists(`${child}/pyvenv.cfg`)) {
        leaks.push({ path: child });
      } else if (kind === 'directory' && name === '__pycache__') {
        pycache ??= child;
      } else if (kind === 'directory' && current.depth < 5 && name !== 'node_modules' && name !== '.git') {
        queue.push({ path: child, depth: current.depth + 1 });
      }
    }
  }
  if (pycache) leaks.push({ path: pycache });
  // In the place a walk of a checkout finds it: among the top level's names, in order.
  if (shipsGit(context)) leaks.splice(leaks.filter((leak) => !leak.path.includes('/') && leak.path < '.git').length, 0, { path: '.git' });
  return leaks;
}

export const dockerignore = defineRule({
  code: 'FDL022',
  name: 'dockerignore',
  severity: 'warning',
  summary: 'Copying the whole context needs a .dockerignore that keeps out `.env`, `.git`, virtualenvs and `__pycache__`',
  fixable: false,
  messages: {
    missing: '`{{keyword}} .` copies the whole build context and there is no .dockerignore{{leaks}}: add one listing {{advice}}.',
    leaking: '`{{keyword}} .` copies the whole build context, and `{{dockerignore}}` lets through {{leaks}}: add {{them}} there.',
  },
  docs: {
    description:
      "Reports `COPY .` or `ADD .` (the whole build context) when there is no `.dockerignore`, or when the one in effect lets through what must never ship and exists in the context: `.env` and `.env.*` files (not `.env.example` and other templates), `.git`, virtual environments (`.venv`, `venv`) and `__pycache__`. `.git` counts when the context is the project's root and the project is a Git repository by what it commits (a `.gitignore`, `.gitattributes`, `.gitmodules`, `.github/` or `.gitlab-ci.yml`), so a checkout and an exported tree (`git archive`, a tarball) of the same commit get the same finding. A `COPY .` in a build stage counts only when its files reach the image: the image copies out the folder holding them (`COPY --from=build /app /app`, or a wildcard in it: `/app/*`), not just what the stage built (`COPY --from=build /app/dist ...`, or files by their extension: `/dist/*.whl`). Without a .dockerignore, the advice fits the stage: `.venv` and `__pycache__` for a Python stage, `node_modules` for a Node one (a `node`, `bun` or `deno` image, or npm, yarn or pnpm), and the local build folders in general otherwise. The message names the leaks: `.env` files bake secrets into every layer, readable by anyone who can pull the image; `.git` ships the whole history, possibly with old secrets; a local virtual environment, built for your machine, can shadow the image's packages; `__pycache__` is stale bytecode from your machine.",
    why: 'Everything `COPY .` sends becomes part of an image layer, and layers are forever: deleting a file in a later step does not remove it from the image. A `.env` with production secrets is then readable by anyone who can pull the image; `.git` ships your history; a local `.venv` (built for your OS) can shadow the packages the image installed.',
    bad: '# no .dockerignore\n# requirements.txt: fastapi[standard]>=0.115.0,<0.116.0\n# .env: SECRET_KEY=change-me\n# .venv/pyvenv.cfg: home = /usr/bin\nFROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .',
    good: '# .dockerignore:\n#   .env\n#   .git\n#   .venv\n#   __pycache__\n# requirements.txt: fastapi[standard]>=0.115.0,<0.116.0\n# .env: SECRET_KEY=change-me\n# .venv/pyvenv.cfg: home = /usr/bin\nFROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .',
    fixSafety: 'No fix: the linter does not write files other than the Dockerfile.',
    guideItems: [1],
    options: CONTEXT_RULE_OPTIONS,
    references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  },
  check({ model, project, report }) {
    if (project?.status !== 'usable') return;
    const { context } = project;
    // The first `COPY .` whose files reach the image: in a shipped stage, or copied out of a builder.
    const whole = project.contextSources().find((source) => source.path === '' && reachesImage(model, model.instructions[source.instructionIndex]));
    if (!whole) return;
    const instruction = model.instructions[whole.instructionIndex];
    const written = (instruction.copy as NonNullable<typeof instruction.copy>).sources[whole.sourceIndex];
    // Once per context and .dockerignore in a session, however many Dockerfiles share them.
    const leaks = context.memo('dockerignore-leaks', () => findLeaks(context));
    const shown = leaks.slice(0, 2).map((leak) => `\`${leak.path}\``);
    const listed =
      leaks.length > 2
        ? `${shown.join(', ')} and ${leaks.length - 2} more`
        : shown.length > 1
          ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`
          : (shown[0] ?? '');
    const ignore = context.dockerignore();
    if (!ignore) {
      report({
        messageId: 'missing',
        data: {
          keyword: instruction.keyword,
          advice: IGNORE_ADVICE[stageRuntime(instruction.stage) ?? 'other'],
          leaks: listed ? `, so ${listed} ${leaks.length === 1 ? 'goes' : 'go'} into the image` : '',
        },
        range: written.range,
      });
    } else if (leaks.length > 0) {
      report({
        messageId: 'leaking',
        data: { keyword: instruction.keyword, leaks: listed, them: leaks.length === 1 ? 'it' : 'them', dockerignore: ignore.file?.path ?? '.dockerignore' },
        range: written.range,
      });
    }
  },
});
