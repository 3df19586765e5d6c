/** The report's sink: batched writes off a terminal, in order with everything else the run writes. */
import { closeSync, openSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputSink } from '../src/cli/output.js';

/** A descriptor that is a character device and no terminal, as `> /dev/null` gives. */
const devNull = openSync('/dev/null', 'w');
afterAll(() => closeSync(devNull));

/** A stream writing to `fd` (`null`: one with no descriptor, as tests pass) that records its writes. */
function recorder(fd: number | null = devNull, isTTY = false) {
  const writes: string[] = [];
  return { writes, stream: { fd: fd ?? undefined, isTTY, write: (text: string) => writes.push(text) } };
}

describe('OutputSink', () => {
  it('into a file or /dev/null, gathers the reports and writes them in 64 KiB batches, the rest at flush', () => {
    const { writes, stream } = recorder();
    const sink = new OutputSink(stream);
    const file = `${'x'.repeat(1023)}\n`;
    for (let index = 0; index < 100; index++) sink.write(file);
    expect(writes.map((text) => text.length)).toEqual([64 * 1024]);
    sink.flush();
    sink.flush();
    expect(writes.join('')).toBe(file.repeat(100));
    expect(writes).toHaveLength(2);
  });

  it('on a terminal, a stream without a descriptor or one it cannot stat, writes each report as it comes (pipes: test/integration/stream.test.ts)', () => {
    for (const { writes, stream } of [recorder(devNull, true), recorder(null), recorder(-1)]) {
      const sink = new OutputSink(stream);
      sink.write('a\n');
      sink.write('b\n');
      expect(writes).toEqual(['a\n', 'b\n']);
    }
  });

  it('a note on stderr or a diff on stdout comes after the report text written before it', () => {
    const shared: string[] = [];
    const out = { fd: devNull, write: (text: string) => shared.push(`out:${text}`) };
    const err = { write: (text: string) => shared.push(`err:${text}`) };
    const sink = new OutputSink(out);
    const io = sink.ordered({ stdout: out, stderr: err, cwd: '/' });
    sink.write('one\n');
    io.stderr.write('note\n');
    sink.write('two\n');
    io.stdout.write('diff\n');
    sink.write('three\n');
    sink.flush();
    expect(shared).toEqual(['out:one\n', 'err:note\n', 'out:two\n', 'out:diff\n', 'out:three\n']);
    expect(io.cwd).toBe('/');
  });

  it('writes nothing more once the reader is gone', async () => {
    const { writes, stream } = recorder();
    const sink = new OutputSink({ ...stream, destroyed: true });
    sink.write('a\n');
    expect(await sink.ready()).toBe(false);
    sink.flush();
    expect(writes).toEqual([]);
  });
});
