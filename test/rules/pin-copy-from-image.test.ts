import { pinCopyFromImage } from '../../rules/pin-copy-from-image.js';
import { ruleTester } from '../helpers/rule-tester.js';

const FROM = 'FROM python:3.13-slim\n';

ruleTester(pinCopyFromImage, {
  valid: [
    { name: 'version tag', code: `${FROM}COPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /uvx /bin/` },
    { name: 'digest', code: `${FROM}COPY --from=ghcr.io/astral-sh/uv@sha256:2fd1b38e3398a256d6af3f71f0e2ba6a517b249998726a64d8cfbe55ab34af5e /uv /bin/` },
    {
      name: 'latest with a digest',
      code: `${FROM}COPY --from=ghcr.io/astral-sh/uv:latest@sha256:2fd1b38e3398a256d6af3f71f0e2ba6a517b249998726a64d8cfbe55ab34af5e /uv /bin/`,
    },
    { name: 'a stage name', code: `FROM python:3.13 AS builder\nRUN pip wheel .\n${FROM}COPY --from=builder /wheels /wheels` },
    { name: 'a stage name in another case', code: `FROM python:3.13 AS Builder\n${FROM}COPY --from=BUILDER /wheels /wheels` },
    { name: 'a stage index', code: `FROM python:3.13\n${FROM}COPY --from=0 /wheels /wheels` },
    { name: 'an ARG with a version', code: `ARG UV_VERSION=0.9.5\n${FROM}ARG UV_VERSION\nCOPY --from=ghcr.io/astral-sh/uv:\${UV_VERSION} /uv /bin/` },
    { name: 'a global ARG not declared in the stage is not expanded', code: `ARG UV=ghcr.io/astral-sh/uv:latest\n${FROM}COPY --from=\${UV} /uv /bin/` },
    { name: 'an ARG with no value', code: `ARG UV_IMAGE\n${FROM}COPY --from=\${UV_IMAGE} /uv /bin/` },
    { name: 'a pinned mount', code: `${FROM}RUN --mount=from=ghcr.io/astral-sh/uv:0.9.5,source=/uv,target=/bin/uv uv --version` },
    { name: 'a build context mount', code: `${FROM}RUN --mount=type=bind,source=uv.lock,target=uv.lock uv sync --locked` },
  ],
  invalid: [
    {
      name: 'uv latest',
      code: `${FROM}COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/`,
      errors: [
        {
          line: 2,
          column: 6,
          endColumn: 40,
          messageId: 'unpinned',
          message:
            '`ghcr.io/astral-sh/uv:latest` follows `latest`, so each build may copy in another version. Pin a version tag (`ghcr.io/astral-sh/uv:0.9.5`) or a digest.',
        },
      ],
    },
    {
      name: 'no tag',
      code: `${FROM}COPY --from=ghcr.io/astral-sh/uv /uv /bin/`,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'unpinned',
          message:
            '`ghcr.io/astral-sh/uv` follows `latest`, so each build may copy in another version. Pin a version tag (`ghcr.io/astral-sh/uv:0.9.5`) or a digest.',
        },
      ],
    },
    {
      name: 'a Docker Hub image',
      code: `${FROM}COPY --from=nginx /etc/nginx/nginx.conf /etc/`,
      errors: [
        {
          line: 2,
          column: 6,
          messageId: 'unpinned',
          message: '`nginx` follows `latest`, so each build may copy in another version. Pin a version tag or a digest.',
        },
      ],
    },
    {
      name: 'an ARG that resolves to latest',
      code: `ARG UV=ghcr.io/astral-sh/uv:latest\n${FROM}ARG UV\nCOPY --from=\${UV} /uv /bin/`,
      errors: [{ line: 4, column: 6, messageId: 'unpinned' }],
    },
    {
      name: 'a name that is a later stage, so an image',
      code: `${FROM}COPY --from=builder /wheels /wheels\nFROM python:3.13 AS builder`,
      errors: [{ line: 2, column: 6, messageId: 'unpinned' }],
    },
    {
      name: 'RUN --mount from an image',
      code: `${FROM}RUN --mount=from=ghcr.io/astral-sh/uv,source=/uv,target=/bin/uv uv sync --locked`,
      errors: [{ line: 2, column: 5, messageId: 'unpinned' }],
    },
  ],
});
