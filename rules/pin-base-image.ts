import { defineRule } from '../src/core/rule.js';
import {
  DOCUMENTED_PYTHON_IMAGE,
  hasPlausibleFrom,
  isDeprecatedFastapiImage,
  isOfficialPythonImage,
  type LocalImage,
  localImageFor,
  locallyBuiltImages,
  suggestedPythonImage,
} from '../src/core/facts.js';

export const pinBaseImage = defineRule({
  code: 'FDL011',
  name: 'pin-base-image',
  severity: 'warning',
  summary: 'FROM names a version tag or digest, not an implicit or explicit `latest`',
  fixable: false,
  messages: {
    untagged: '`{{image}}` has no tag, so it follows `latest`: a rebuild may get another {{what}}. Pin a tag{{example}}, or a digest.',
    latest: '`{{image}}` follows `latest`: a rebuild may get another {{what}}. Pin a tag{{example}}, or a digest.',
  },
  docs: {
    description:
      "Reports `FROM` with no tag and no digest, or with the tag `latest` and no digest. Not reported for `scratch`, for earlier stage names (`FROM builder`), when the image depends on an ARG with no known value, for tiangolo's deprecated images (FDL003 says to leave them, which pinning would not fix), when the file is evidently not a Dockerfile (FDL000 reports it), or for the project's own image, built by an earlier step of the repository (see below).",
    why: `\`latest\` moves. A rebuild months later silently changes the Python version, the Debian release and every system library under your app: wheels stop matching, a dependency drops the old Python, and a build that worked yesterday fails with no change of yours. A version tag (\`${DOCUMENTED_PYTHON_IMAGE}\`) changes only within that version; a digest never changes.\n\nThe project's own image is not a registry tag: \`FROM base\` after a Makefile ran \`docker build -t base -f Dockerfile.base .\` uses what that step built. It is recognised by a name with no registry host and no \`/\` (\`base\`, \`web-app-base:latest\`, also through an ARG default), with the same tag (\`latest\` when none is written), that the repository builds: \`docker build -t NAME\` (or \`docker buildx build\`, \`docker image build\`, \`podman build\`, \`buildah bud\`) or \`docker tag SOURCE NAME\` in a Makefile, a justfile or a shell script, a target's \`tags\` in a \`docker-bake.hcl\` or \`docker-bake.json\`, or a Compose service with a \`build:\` and that \`image:\`. These are looked for in the Compose file that builds the Dockerfile, and in the build context: from the Dockerfile's directory up to the context's root, the Compose file's directory, the root's folders, and the \`scripts/\` and \`bin/\` folders of these. Without such evidence, \`FROM base\` is the Docker Hub image it names, and is reported.`,
    bad: 'FROM python\nWORKDIR /code',
    good: `FROM ${DOCUMENTED_PYTHON_IMAGE}\nWORKDIR /code`,
    fixSafety: 'No fix: which version to pin is yours to choose.',
    guideItems: [1],
    references: ['https://docs.docker.com/build/building/best-practices/#from'],
  },
  check({ model, project, options, report }) {
    let localImages: LocalImage[] | undefined;
    for (const stage of model.stages) {
      const image = stage.image;
      if (!image || !stage.imageRange || image.digest || image.repository === 'library/scratch' || !hasPlausibleFrom(stage)) continue;
      // FDL003 tells to leave a deprecated image altogether: pinning it is no remedy.
      if (isDeprecatedFastapiImage(image)) continue;
      if (image.tag !== undefined && image.tag !== 'latest') continue;
      // The project's own image, built by an earlier step (`docker build -t base`, a Compose
      // service's `image:`): no registry tag moves under it.
      if (project) {
        localImages ??= locallyBuiltImages(project.context);
        if (localImageFor(image, localImages)) continue;
      }
      const name = image.text.replace(/:latest$/, '');
      const isPython = isOfficialPythonImage(image);
      report({
        messageId: image.tag === undefined ? 'untagged' : 'latest',
        data: {
          image: image.tag === undefined ? image.text : `${name}:latest`,
          what: isPython ? 'Python version and Debian release' : 'version',
          example: isPython ? ` such as \`${suggestedPythonImage(options.today, name)}\`` : '',
        },
        range: stage.imageRange,
      });
    }
  },
});
