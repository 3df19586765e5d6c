/**
 * Which stages end up in the image, and whether the file is a Dockerfile at all. Rules about the
 * image's contents (caches left in layers, the Python version it runs) ask these questions, so
 * that a builder stage's leftovers are not reported as the image's.
 */
import type { DockerfileModel, InstructionModel, Stage } from './types.js';

const shippedCache = new WeakMap<DockerfileModel, ReadonlySet<Stage>>();

/**
 * The stages whose layers the image is made of: the final stage and the stages it is built
 * FROM, transitively (`FROM base`). A stage the final one only copies files out of
 * (`COPY --from=builder`) is not shipped: only the copied files are, and rules about them judge
 * the COPY, not the builder's layers.
 */
export function shippedStages(model: DockerfileModel): ReadonlySet<Stage> {
  let shipped = shippedCache.get(model);
  if (!shipped) {
    shipped = new Set(stageLineage(model.finalStage).reverse());
    shippedCache.set(model, shipped);
  }
  return shipped;
}

/**
 * A stage and the stages it is built FROM, oldest (the one FROM an image) first: whose layers,
 * ENV, USER and SHELL the stage inherits. For the final stage, these are the shipped stages.
 */
export function stageLineage(stage: Stage | undefined): Stage[] {
  const lineage: Stage[] = [];
  const seen = new Set<Stage>();
  for (let current = stage; current && !seen.has(current); current = current.baseStage) {
    seen.add(current);
    lineage.push(current);
  }
  // Gathered newest first and turned once: unshift made 8,000 chained stages quadratic twice over.
  return lineage.reverse();
}

/** The shipped stages in build order, oldest first (see `shippedStages`). */
export function shippedLineage(model: DockerfileModel): Stage[] {
  return stageLineage(model.finalStage);
}

/** Whether the stage's layers are part of the image (see `shippedStages`). */
export function isShipped(model: DockerfileModel, stage: Stage | undefined): boolean {
  return stage !== undefined && shippedStages(model).has(stage);
}

/**
 * Whether an instruction's effects reach the image: it belongs to a shipped stage. In a file
 * with no stage at all (the FROM is missing or misspelt, which FDL000 reports), the
 * instructions are judged as the image they were meant to build.
 */
export function isInstructionShipped(model: DockerfileModel, instruction: InstructionModel): boolean {
  return instruction.stage === undefined ? model.stages.length === 0 : isShipped(model, instruction.stage);
}

/**
 * Whether a FROM reads as BuildKit accepts it: one image (or stage) name, optionally followed by
 * `AS name`. `from fastapi import FastAPI`, the first line of a Python module, does not.
 */
export function hasPlausibleFrom(stage: Stage): boolean {
  const words = stage.from.body.text.split(/\s+/).filter(Boolean);
  const shapeIsValid = words.length === 1 || (words.length === 3 && words[1].toLowerCase() === 'as');
  if (!shapeIsValid) return false;
  // An image that resolved must be a valid reference: repository paths are lower case.
  if (stage.image && /[A-Z]/.test(stage.image.text.split(/[:@]/)[0])) return false;
  return true;
}

/**
 * The stages that are built as images someone runs: the final stage, the stages a Compose file
 * builds with `build.target` (`targets`, as written), and the stages no other stage uses (a
 * `dev` stage beside `prod` is built with `--target`). A stage that other stages only build on
 * (`FROM base`) or copy from (`COPY --from=builder`) is not one: its CMD runs in no container,
 * unless a stage built on it inherits it.
 */
export function imageStages(model: DockerfileModel, targets: readonly string[] = []): Stage[] {
  const wanted = new Set(targets.map((target) => target.toLowerCase()));
  const used = new Set<Stage>();
  const named = (reference: string, before: number) =>
    model.stages.find((stage) => stage.index < before && (stage.name === reference.toLowerCase() || String(stage.index) === reference));
  for (const stage of model.stages) {
    if (stage.baseStage) used.add(stage.baseStage);
    for (const instruction of stage.instructions) {
      const references = [
        ...(instruction.copy?.from !== undefined ? [instruction.copy.from] : []),
        ...(instruction.command?.mounts ?? []).flatMap((mount) => mount.flag.options.get('from') ?? []),
      ];
      for (const reference of references) {
        const found = named(reference, stage.index);
        if (found) used.add(found);
      }
    }
  }
  return model.stages.filter((stage) => stage === model.finalStage || (stage.name !== undefined && wanted.has(stage.name)) || !used.has(stage));
}

const NODE_IMAGE = /(?:^|\/)(?:node|bun|deno)$|^oven\/bun$|^denoland\/deno$/;
const PYTHON_IMAGE = /(?:^|\/)python$|(?:^|\/)uv$|^astral-sh\/uv$/;
const NODE_PROGRAMS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'bun', 'node']);
const PYTHON_PROGRAMS = /^(?:python[\d.]*|pip[\d.]*|uv|poetry|pipenv|pdm|uvicorn|gunicorn|fastapi)$/;

/**
 * What a stage builds, as its base image and its programs say: `python`, `node` (a Node,
 * Bun or Deno image, or npm, yarn or pnpm and no Python tool), else `undefined`. Advice about
 * the files a project makes locally (`.venv`, `node_modules`) depends on it.
 */
export function stageRuntime(stage: Stage | undefined): 'python' | 'node' | undefined {
  const lineage = stageLineage(stage);
  const repository = lineage[0]?.image?.repository;
  if (repository && PYTHON_IMAGE.test(repository)) return 'python';
  const programs = lineage
    .flatMap((each) => each.instructions)
    .flatMap((instruction) =>
      (instruction.keyword === 'RUN' ? (instruction.command?.invocations ?? []) : []).map((invocation) =>
        invocation.program.slice(invocation.program.lastIndexOf('/') + 1),
      ),
    );
  if (programs.some((program) => PYTHON_PROGRAMS.test(program))) return 'python';
  if ((repository && NODE_IMAGE.test(repository)) || programs.some((program) => NODE_PROGRAMS.has(program))) return 'node';
  return undefined;
}
