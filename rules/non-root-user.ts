import { defineRule } from '../src/core/rule.js';
import { runsAsRootByDefault, shippedLineage, substitute } from '../src/core/facts.js';

/** `root`, `0`, `root:root`, `0:0`, `root:staff`: the user part decides. */
function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || /^0+$/.test(name);
}

export const nonRootUser = defineRule({
  code: 'FDL014',
  name: 'non-root-user',
  // A missing USER: info by default, so that everyone learns the image runs as root without a
  // build failing over the guide's own examples; a deployed image gets a warning, a Kubernetes one
  // an error. An explicit `USER root` is a warning (error on kubernetes) whatever the target.
  severity: 'info',
  targetSeverity: { any: 'warning', kubernetes: 'error' },
  summary: 'The final stage runs as a non-root user',
  fixable: false,
  messages: {
    noUser: 'The image runs as root: `{{image}}` starts as root and no USER follows. Add a user and switch to it, by numeric UID (`USER 10001`).',
    rootUser: '`USER {{user}}` makes the server run as root. Switch to an unprivileged user by numeric UID (`USER 10001`).',
  },
  docs: {
    description:
      "Reports a final stage with no `USER` at all (nor in a stage of ours it is built FROM) whose base image is known to start as root: Docker Hub's official images such as `python`, uv's `ghcr.io/astral-sh/uv` images, `tiangolo/*`, `nvidia/cuda`. Its level depends on where the image goes: info without a `deploy-target` (the guide's own examples have no USER, and many images are only built for development, but you should know), warning with any deploy target, error with `kubernetes`. Trivy and Checkov report every image without USER; info is the quiet middle.\n\nIt also reports a final stage whose last `USER` is `root` or `0` (`root:root`, `0:0`): a warning with or without a target, an error with `kubernetes`.\n\nNot reported for other base images, which may set a USER themselves (distroless `:nonroot`, Chainguard, Red Hat UBI images do), nor for `USER ${VAR}` whose value is only known at build time.",
    why: 'A server running as root turns any remote-code bug (a deserialisation flaw, a path traversal in an upload handler) into root inside the container, one kernel bug away from the host, and lets it rewrite its own code. A numeric UID lets Kubernetes verify `runAsNonRoot: true` (a user name cannot be checked), and the Pod Security "restricted" profile refuses pods that might run as root.',
    bad: 'FROM python:3.13-slim\nRUN useradd --uid 10001 --no-create-home app\nWORKDIR /code\nCOPY ./app /code/app\nUSER root\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nRUN useradd --uid 10001 --no-create-home app\nWORKDIR /code\nCOPY ./app /code/app\nUSER 10001\nCMD ["fastapi", "run", "app/main.py", "--port", "8000"]',
    fixSafety: 'No fix: the user must exist and own what the app writes, and ports below 1024 need root (listen on 8000 and map the port).',
    guideItems: [],
    options:
      '`deploy-target`: any target raises a missing USER from info to a warning; `kubernetes` raises every finding to an error, since the Pod Security "restricted" profile and `runAsNonRoot` refuse such pods. `rules: { FDL014: off }` (or any level) overrides all of this.',
    references: ['https://docs.docker.com/build/building/best-practices/#user', 'https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  },
  check({ model, options, report }) {
    const final = model.finalStage;
    if (!final) return;
    const chain = shippedLineage(model);
    for (let index = chain.length - 1; index >= 0; index--) {
      const lastUser = chain[index].instructions.filter((instruction) => instruction.keyword === 'USER').pop();
      if (!lastUser) continue;
      const written = lastUser.body.text.trim();
      // `USER ${APP_UID}` with no known value: a build argument, judged not to be root.
      const user = substitute(written, lastUser.buildScope, model.escapeChar);
      if (user !== undefined && isRootUser(user)) {
        const severity = options.deployTarget === 'kubernetes' ? 'error' : 'warning';
        report({
          messageId: 'rootUser',
          data: { user: written },
          range: { start: lastUser.body.offsets[0], end: lastUser.body.offsets[written.length] },
          severity,
        });
      }
      return;
    }
    // The level follows the deploy target (the rule's targetSeverity).
    const root = chain[0];
    if (!root.image || !root.imageRange || runsAsRootByDefault(root.image) !== true) return;
    report({ messageId: 'noUser', data: { image: root.image.text }, range: root.imageRange });
  },
});
