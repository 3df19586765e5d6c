import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { runInputs } from '../../src/core/model/run-inputs.js';
import type { InstructionModel } from '../../src/core/model/types.js';

describe('runInputs', () => {
  const inputs = (body: string) => {
    const model = buildModel(`FROM python:3.13\nWORKDIR /app\nENV SCRIPTS=/opt/scripts\n${body}`);
    return runInputs(model.instructions.at(-1) as InstructionModel);
  };

  it.each([
    ['RUN ./db_deps.sh', ['/app/db_deps.sh']],
    ['RUN sh -ex scripts/setup.sh && bash -o pipefail /tmp/x.sh', ['/app/scripts/setup.sh', '/tmp/x.sh']],
    ['RUN python3 -u tools/gen.py && python -m pip install x && python -c "print(1)"', ['/app/tools/gen.py']],
    ['RUN . ./env.sh && source /etc/profile.d/x.sh', ['/app/env.sh', '/etc/profile.d/x.sh']],
    ['RUN $SCRIPTS/install.sh', ['/opt/scripts/install.sh']],
    ['RUN xargs -a apt.txt apt-get install -y && apt-get install -y ./pkg.deb curl', ['/app/apt.txt', '/app/pkg.deb']],
    ['RUN dpkg -i /tmp/x.deb && cat list.txt | xargs echo', ['/tmp/x.deb', '/app/list.txt']],
    ['RUN apt-get install -y $(cat packages.txt) < /dev/null', ['/dev/null', '/app/packages.txt']],
    // Command substitutions run commands too: what they read is read by the RUN.
    ['RUN NODE_MAJOR="$(cut -d. -f1 < /srv/.nvmrc)" && echo "node ${NODE_MAJOR}"', ['/srv/.nvmrc']],
    ['RUN V=`cat VERSION` && echo "$(tr -d x < "$(cat name.txt)")" && echo "$(< list.txt)"', ['/app/VERSION', '/app/name.txt', '/app/list.txt']],
    ["RUN echo '$(cat not-run.txt)' && echo $((1 + 2))", []],
    ['RUN chmod +x db_deps.sh && chown app db_deps.sh && sed -i s/a/b/ db_deps.sh && rm -f old.sh', []],
    ['RUN ["./entry.sh", "--check"]', ['/app/entry.sh']],
    ['RUN $UNKNOWN/setup.sh', []],
  ])('%s', (body, expected) => {
    expect(inputs(body)).toEqual(expected);
  });
});
