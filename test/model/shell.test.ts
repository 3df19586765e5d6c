import { describe, expect, it } from 'vitest';
import { parseShell } from '../../src/core/model/shell.js';
import { scriptInvocations } from '../../src/core/model/invocation.js';
import { mappedSlice } from '../../src/core/model/source.js';

function parse(text: string) {
  return parseShell(mappedSlice(text, 0, text.length));
}

function programs(text: string): string[] {
  return scriptInvocations(parse(text)).map((invocation) => [invocation.program, ...invocation.args.map((word) => word.value)].join(' '));
}

describe('shell reader', () => {
  it('splits commands on && || ; | & and newlines', () => {
    const script = parse('a 1 && b 2 || c; d | e & f\ng');
    expect(script.commands.map((command) => command.argv[0].value)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect([...script.features].sort()).toEqual(['and-or', 'background', 'pipe', 'sequence']);
  });

  it('removes quotes and keeps expansions literal', () => {
    const [command] = parse(`echo "a b" 'c $d' $HOME "\${X:-y}" \\$z`).commands;
    expect(command.argv.map((word) => word.value)).toEqual(['echo', 'a b', 'c $d', '$HOME', '${X:-y}', '$z']);
    expect(command.argv.map((word) => word.expands)).toEqual([false, false, false, true, true, false]);
  });

  it('keeps source offsets of every word', () => {
    const text = 'pip  install "x y"';
    const [command] = parse(text).commands;
    expect(command.argv.map((word) => text.slice(word.start, word.end))).toEqual(['pip', 'install', '"x y"']);
    expect(command.argv[2].valueOffsets.slice(0, 3)).toEqual([14, 15, 16]);
  });

  it('separates leading assignments', () => {
    const [command] = parse('A=1 B="two words" run --flag C=3').commands;
    expect(command.assignments.map((assignment) => [assignment.name, assignment.value])).toEqual([
      ['A', '1'],
      ['B', 'two words'],
    ]);
    expect(command.argv.map((word) => word.value)).toEqual(['run', '--flag', 'C=3']);
  });

  it('skips shell keywords and compound headers', () => {
    expect(programs('if [ -f x ]; then pip install x; else echo no; fi')).toEqual(['[ -f x ]', 'pip install x', 'echo no']);
    expect(programs('for f in a b; do rm $f; done')).toEqual(['rm $f']);
    expect(programs('while true; do sleep 1; done')).toEqual(['true', 'sleep 1']);
  });

  it('sees redirections and their targets apart from arguments', () => {
    const [command] = parse('fastapi run main.py > /tmp/log 2>&1').commands;
    expect(command.argv.map((word) => word.value)).toEqual(['fastapi', 'run', 'main.py']);
    expect(command.redirects.map((redirect) => redirect.operator)).toEqual(['>', '>&']);
  });

  it('reads command substitutions as one word', () => {
    const [command] = parse('gunicorn -w $(nproc --all) "main:app"').commands;
    expect(command.argv.map((word) => word.value)).toEqual(['gunicorn', '-w', '$(nproc --all)', 'main:app']);
  });

  it('joins backslash-newline inside a script', () => {
    expect(programs('pip install \\\n  fastapi')).toEqual(['pip install fastapi']);
  });

  it('skips comments', () => {
    expect(programs('# a comment\npip install x # trailing')).toEqual(['pip install x']);
  });

  it('collects heredoc bodies', () => {
    const script = parse('cat <<EOF > /etc/x\nline $one\nEOF\necho after');
    expect(script.commands[0].heredocs[0].body.text).toBe('line $one\n');
    expect(script.commands.map((command) => command.argv[0].value)).toEqual(['cat', 'echo']);
  });

  it('never throws on unterminated quotes and substitutions', () => {
    for (const text of ['echo "abc', "echo 'abc", 'echo $(abc', 'echo ${abc', 'echo `abc', 'a &&', '|| b', ')(', '<<', '2>']) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});

describe('wrappers', () => {
  it('looks through exec, env, sh -c, python -m and init wrappers', () => {
    expect(programs('exec uvicorn main:app')).toEqual(['uvicorn main:app']);
    expect(programs('env -i PATH=/bin X=1 pip install x')).toEqual(['pip install x']);
    expect(programs('sh -c "pip install x && exec fastapi run"')).toEqual(['pip install x', 'fastapi run']);
    expect(programs("bash -euxc 'python3 -m pip install x'")).toEqual(['pip install x']);
    expect(programs('python -u -m uvicorn main:app')).toEqual(['uvicorn main:app']);
    expect(programs('python -muvicorn main:app')).toEqual(['uvicorn main:app']);
    expect(programs('tini -- dumb-init gunicorn app')).toEqual(['gunicorn app']);
    expect(programs('python main.py -m x')).toEqual(['python main.py -m x']);
  });

  it('keeps the assignments of env and prefixes', () => {
    const [invocation] = scriptInvocations(parse('A=1 env B=2 pip install x'));
    expect(invocation.assignments.map((assignment) => assignment.name)).toEqual(['A', 'B']);
    expect(invocation.wrappers.map((wrapper) => wrapper.kind)).toEqual(['env']);
  });

  it('maps words inside sh -c back to the source', () => {
    const text = 'sh -c "pip install x"';
    const [invocation] = scriptInvocations(parse(text));
    expect(text.slice(invocation.programWord.start, invocation.programWord.end)).toBe('pip');
    expect(text.slice(invocation.args[0].start, invocation.args[0].end)).toBe('install');
  });
});
