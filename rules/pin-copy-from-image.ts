import { defineRule } from '../src/core/rule.js';
import { type DockerfileModel, type ImageReference, type InstructionModel, type OffsetRange, parseImageReference, substitute } from '../src/core/facts.js';

/**
 * The image a `--from` names, when it names one: not an earlier stage (`--from=builder`), not a
 * stage index (`--from=0`), not a value that depends on an unknown variable. Stage names are
 * matched case-insensitively, as BuildKit matches them.
 */
function fromImage(model: DockerfileModel, instruction: InstructionModel, written: string): ImageReference | undefined {
  const scope = instruction.stage ? instruction.buildScope : model.globalScope;
  const value = substitute(written, scope, model.escapeChar);
  if (value === undefined || value === '' || /^\d+$/.test(value)) return undefined;
  const isStage = model.stages.some((stage) => stage.index < (instruction.stage?.index ?? 0) && stage.name === value.toLowerCase());
  if (isStage) return undefined;
  return parseImageReference(value);
}

function isUv(image: ImageReference): boolean {
  return image.repository === 'astral-sh/uv' || image.repository === 'astral/uv';
}

export const pinCopyFromImage = defineRule({
  code: 'FDL019',
  name: 'pin-copy-from-image',
  severity: 'warning',
  summary: '`COPY --from` and `RUN --mount=from=` name an image by version tag or digest, not `latest`',
  fixable: false,
  messages: {
    unpinned: '`{{image}}` follows `latest`, so each build may copy in another version. Pin a version tag{{example}} or a digest.',
  },
  docs: {
    description:
      'Reports `COPY --from=<image>` and `RUN --mount=...,from=<image>` whose image has no tag and no digest, or the tag `latest` and no digest, such as `ghcr.io/astral-sh/uv:latest` or `ghcr.io/astral-sh/uv`. Not reported for earlier stage names (`--from=builder`), stage indexes (`--from=0`), or a value that depends on an ARG with no known value. FDL011 (pin-base-image) checks `FROM`.',
    why: "`COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/` fetches whatever uv was released last: a rebuild months later gets a new major version with changed defaults, and two builds of the same commit differ. uv's Docker guide recommends pinning a specific version, or a digest for full reproducibility.",
    bad: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /uvx /bin/\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: which version to pin is yours to choose.',
    guideItems: [12],
    references: ['https://docs.astral.sh/uv/guides/integration/docker/#installing-uv', 'https://docs.docker.com/reference/dockerfile/#copy---from'],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const candidates: { written: string; range: OffsetRange }[] = [];
      if (instruction.copy?.from !== undefined) {
        const flag = instruction.flags.find((found) => found.name === 'from');
        if (flag) candidates.push({ written: instruction.copy.from, range: flag.range });
      }
      for (const mount of instruction.command?.mounts ?? []) {
        const from = mount.flag.options.get('from');
        if (from) candidates.push({ written: from, range: mount.flag.range });
      }
      for (const candidate of candidates) {
        const image = fromImage(model, instruction, candidate.written);
        if (!image || image.digest || (image.tag !== undefined && image.tag !== 'latest') || image.repository === 'library/scratch') continue;
        const name = image.text.replace(/:latest$/, '');
        report({
          messageId: 'unpinned',
          data: { image: image.tag === undefined ? image.text : `${name}:latest`, example: isUv(image) ? ` (\`${name}:0.9.5\`)` : '' },
          range: candidate.range,
        });
      }
    }
  },
});
