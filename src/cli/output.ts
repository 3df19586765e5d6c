/**
 * Where the report goes while the run goes on: stdout (or stderr). On Linux, Node writes to
 * pipes and files synchronously, but elsewhere (and for any stream that says so) a write may be
 * queued in memory: then the run waits for the reader before linting the next file, so a slow
 * reader costs time, never memory. A reader that is gone (`| head`, EPIPE) ends the run: its
 * exit is the process's business (src/cli/main.ts), not an error of ours. Into a file (or
 * /dev/null) the text is written in batches of 64 KiB.
 */
import { fstatSync } from 'node:fs';

/** The parts of a Node writable stream used here; a plain `{ write }` (as tests pass) is fine. */
export interface ReportOutput {
  write(text: string): unknown;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
  destroyed?: boolean;
  writableNeedDrain?: boolean;
  isTTY?: boolean;
  /** The descriptor behind process.stdout and process.stderr. */
  fd?: number;
}

/** Where else a run writes (its notes, a diff): written only after the report's text before them. */
interface Writer {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Text gathered before a write: one system call for many files' reports (2,000 files made 2,000
 * writes).
 */
const BATCH_CHARACTERS = 64 * 1024;

/**
 * Whether the output is a file or a character device that is no terminal (/dev/null): nobody
 * reads it as it comes. A terminal and a pipe get each file's report as soon as it is final (a
 * reader may act on the first file while the last is linted, and may ask the run to wait).
 */
function batchable(out: ReportOutput): boolean {
  if (typeof out.fd !== 'number' || out.isTTY === true) return false;
  try {
    const stats = fstatSync(out.fd);
    return stats.isFile() || stats.isCharacterDevice();
  } catch {
    return false;
  }
}

export class OutputSink {
  private waiting = false;
  private failed = false;
  private batch: string[] = [];
  private batched = 0;
  private readonly batching: boolean;

  constructor(private readonly out: ReportOutput) {
    this.batching = batchable(out);
  }

  write(text: string): void {
    if (this.failed) return;
    if (!this.batching) {
      if (this.out.write(text) === false) this.waiting = true;
      return;
    }
    this.batch.push(text);
    this.batched += text.length;
    if (this.batched >= BATCH_CHARACTERS) this.flush();
  }

  /** Writes what is gathered; the run calls it at its end. */
  flush(): void {
    if (this.batch.length === 0) return;
    const text = this.batch.length === 1 ? this.batch[0] : this.batch.join('');
    this.batch = [];
    this.batched = 0;
    if (this.failed) return;
    if (this.out.write(text) === false) this.waiting = true;
  }

  /**
   * `io` whose stdout and stderr first write the text gathered: a note, an error line or a diff
   * keeps its place after the report text before it (as in a terminal showing both streams).
   */
  ordered<T extends { stdout: Writer; stderr: Writer }>(io: T): T {
    const first = (stream: Writer): Writer => ({
      isTTY: stream.isTTY,
      write: (text: string) => {
        this.flush();
        return stream.write(text);
      },
    });
    return { ...io, stdout: first(io.stdout), stderr: first(io.stderr) };
  }

  /** Resolves when the next chunk may be written: `true`, or `false` when the reader is gone. */
  async ready(): Promise<boolean> {
    if (this.failed || this.out.destroyed === true) {
      this.failed = true;
      return false;
    }
    if (!this.waiting) return true;
    this.waiting = false;
    const { once, removeListener } = this.out;
    if (typeof once !== 'function' || typeof removeListener !== 'function') return true;
    if (this.out.writableNeedDrain === false) return true;
    const outcome = await new Promise<boolean>((resolve) => {
      const events: Record<string, () => void> = {};
      const settle = (value: boolean) => () => {
        for (const [event, listener] of Object.entries(events)) removeListener.call(this.out, event, listener);
        resolve(value);
      };
      events.drain = settle(true);
      events.error = settle(false);
      events.close = settle(false);
      for (const [event, listener] of Object.entries(events)) once.call(this.out, event, listener);
    });
    if (!outcome) this.failed = true;
    return outcome;
  }
}
