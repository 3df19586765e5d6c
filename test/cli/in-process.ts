/**
 * The command line run in this process (src/cli/run.ts's runCli) on fake streams: what a user
 * sees, without a build or a child process. Integration tests run the built executable.
 */
import { Readable } from 'node:stream';
import { runCli, type CliIo } from '../../src/cli/run.js';

export interface InProcessRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(
  args: string[],
  options: { cwd: string; input?: string; tty?: boolean; env?: Record<string, string> },
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        stdout += text;
        return true;
      },
      isTTY: options.tty,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
    },
    stdin: Readable.from([options.input ?? '']),
    cwd: options.cwd,
    env: options.env ?? {},
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}
