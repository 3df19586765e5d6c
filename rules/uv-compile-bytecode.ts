import { defineRule } from '../src/core/rule.js';
import { basename, commandVariable, type DockerfileModel, packageInstall, type Stage, stageLineage } from '../src/core/facts.js';

const UV_TOOLS = new Set(['uv pip', 'uv sync', 'uv add']);

/** The final stage, the stages it is built FROM, and the stages they `COPY --from` (what the image is made of). */
function contributingStages(model: DockerfileModel): Set<Stage> {
  const found = new Set<Stage>();
  const visit = (stage: Stage | undefined): void => {
    for (const member of stageLineage(stage)) {
      if (found.has(member)) continue;
      found.add(member);
      for (const instruction of member.instructions) {
        const from = instruction.copy?.from?.toLowerCase();
        if (from === undefined) continue;
        const source = /^\d+$/.test(from)
          ? model.stages[Number(from)]
          : model.stages.find((candidate) => candidate.name === from && candidate.index < member.index);
        if (source && source.index < member.index) visit(source);
      }
    }
  };
  visit(model.finalStage);
  return found;
}

export const uvCompileBytecode = defineRule({
  code: 'FDL031',
  name: 'uv-compile-bytecode',
  severity: 'info',
  summary: 'uv compiles bytecode at build time, so containers start fast',
  fixable: false,
  messages: {
    noBytecode:
      '`{{command}}` installs without compiling bytecode, so each new container compiles on import and starts slower. Set `ENV UV_COMPILE_BYTECODE=1`.',
  },
  docs: {
    description:
      'Reports the first `uv sync`, `uv pip install`, `uv pip sync` or `uv add` that runs without `--compile-bytecode` (or `UV_COMPILE_BYTECODE` set to a true value) in a stage the image is made of: the final stage, the stages it is built FROM, and the stages they `COPY --from`. Not reported when the command says `--no-compile-bytecode`, or when a later RUN in those stages runs `python -m compileall`. One finding per Dockerfile: `ENV UV_COMPILE_BYTECODE=1` fixes every install.',
    why: "Unlike pip, uv does not compile `.py` files to bytecode when it installs them. The image then ships without `__pycache__`, and every container compiles FastAPI, Pydantic and the rest of your dependencies on first import: a slower cold start on every scale-up, and in a read-only root filesystem the work is redone in every process. uv's Docker guide sets `UV_COMPILE_BYTECODE=1` for production images.",
    bad: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev\nCOPY ./app /app/app\nCMD ["/app/.venv/bin/fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/\nWORKDIR /app\nENV UV_COMPILE_BYTECODE=1\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev\nCOPY ./app /app/app\nCMD ["/app/.venv/bin/fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: compiling makes the build slower and the image a little larger, a trade that is yours to make.',
    guideItems: [12],
    references: [
      'https://docs.astral.sh/uv/guides/integration/docker/#compiling-bytecode',
      'https://docs.astral.sh/uv/reference/environment/#uv_compile_bytecode',
    ],
  },
  check({ model, report }) {
    const stages = contributingStages(model);
    const instructions = model.instructions.filter(
      (instruction) => instruction.stage !== undefined && stages.has(instruction.stage) && instruction.keyword === 'RUN',
    );
    const compilesLater = (after: number) =>
      instructions.some(
        (instruction) =>
          instruction.range.start > after && instruction.command?.invocations.some((invocation) => basename(invocation.program) === 'compileall'),
      );
    for (const instruction of instructions) {
      for (const invocation of instruction.command?.invocations ?? []) {
        const install = packageInstall(invocation);
        if (!install || !UV_TOOLS.has(install.tool)) continue;
        const words = invocation.args.map((word) => word.value);
        if (words.includes('--compile-bytecode') || words.includes('--compile') || words.includes('--no-compile-bytecode') || words.includes('--no-compile'))
          continue;
        // Any value, even `UV_COMPILE_BYTECODE=0` or a build argument, is a choice; only the unset default is reported.
        const declared = commandVariable(instruction, invocation, 'UV_COMPILE_BYTECODE') !== undefined || instruction.buildScope.has('UV_COMPILE_BYTECODE');
        if (declared) continue;
        if (compilesLater(instruction.range.start)) return;
        report({ messageId: 'noBytecode', data: { command: install.text }, range: { start: invocation.programWord.start, end: install.subcommandWord.end } });
        return;
      }
    }
  },
});
