/**
 * Where the report goes while the run goes on: stdout (or stderr). On Linux, Node writes to
 * pipes and files synchronously, but elsewhere (and for any stream that says so) a write may be
 * queued in memory: then the run waits for the reader before linting the next file, so a slow
 * reader costs time, never memory. A reader that is gone (`| head`, EPIPE) ends the run: its
 * exit is the process's business (src/cli/main.ts), not an error of ours.
 */

/** The parts of a Node writable stream used here; a plain `{ write }` (as tests pass) is fine. */
export interface ReportOutput {
  write(text: string): unknown;
  once?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
  destroyed?: boolean;
  writableNeedDrain?: boolean;
}

export class OutputSink {
  private waiting = false;
  private failed = false;

  constructor(private readonly out: ReportOutput) {}

  write(text: string): void {
    if (this.failed) return;
    if (this.out.write(text) === false) this.waiting = true;
  }

  /** Resolves when the next chunk may be written: `true`, or `false` when the reader is gone. */
  async ready(): Promise<boolean> {
    if (this.failed || this.out.destroyed === true) return false;
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
