import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model/build.js';
import { pipArguments } from '../../src/core/model/pip-arguments.js';
import { packageInstall, type PackageInstall } from '../../src/core/model/python-tools.js';

function install(command: string): PackageInstall {
  const model = buildModel(`FROM python:3.13\nRUN ${command}`);
  const found = model.instructions
    .at(-1)
    ?.command?.invocations.map(packageInstall)
    .find((candidate) => candidate !== undefined);
  if (!found) throw new Error('no install');
  return found;
}

const shown = (command: string) => pipArguments(install(command)).map((argument) => `${argument.kind}:${argument.value}`);

describe('pipArguments', () => {
  it.each([
    ['pip install -r requirements.txt', ['requirement:requirements.txt']],
    ['pip install --requirement requirements.txt', ['requirement:requirements.txt']],
    ['pip install --requirement=req/prod.txt', ['requirement:req/prod.txt']],
    ['pip install -rrequirements.txt', ['requirement:requirements.txt']],
    ['pip install -Ur requirements.txt', ['requirement:requirements.txt']],
    ['pip install -qUrrequirements.txt', ['requirement:requirements.txt']],
    ['pip install -r a.txt -c constraints.txt --constraint=c2.txt', ['requirement:a.txt', 'constraint:constraints.txt', 'constraint:c2.txt']],
    ['pip install -e ./shared -e. --editable=../lib', ['editable:./shared', 'editable:.', 'editable:../lib']],
    ['pip install --no-cache-dir -i https://mirror/simple fastapi .', ['package:fastapi', 'path:.']],
    ['pip install -ihttps://mirror/simple fastapi', ['package:fastapi']],
    ['pip install file:///src/lib ./x "uvicorn[standard]"', ['path:file:///src/lib', 'path:./x', 'package:uvicorn[standard]']],
    ['uv pip install --system -r requirements.txt', ['requirement:requirements.txt']],
    ['uv add --requirements requirements.txt --editable ./lib', ['requirement:requirements.txt', 'path:./lib']],
    ['poetry install', []],
  ])('%s', (command, expected) => {
    expect(shown(command)).toEqual(expected);
  });

  it('points at the value inside an attached option', () => {
    const text = 'FROM python:3.13\nRUN pip install --requirement=req.txt';
    const [argument] = pipArguments(install('pip install --requirement=req.txt'));
    expect(text.slice(argument.word.start, argument.word.end)).toBe('req.txt');
  });
});
