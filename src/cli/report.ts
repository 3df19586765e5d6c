/**
 * The report as the run goes: each Dockerfile's findings are grouped by the file they are in,
 * handed to the format as soon as their place in the report is final, and dropped. Nothing of
 * a file (text, syntax tree, model) outlives its lint; what a whole-document format keeps is its
 * own business (see `collected`).
 *
 * The order is the one-shot order: files in the order they were first reported. A Dockerfile's
 * own findings are final when it is linted. Findings in another file (a requirements file) may
 * grow: a later Dockerfile built from the same context can add to them, and a file is listed in
 * one block. So such a block, and the blocks after it, wait while the Dockerfiles that follow
 * are built from the same context root (a folder of Dockerfiles, a Compose project building
 * every service from `.`), and are written when one with another root comes. Should a
 * Dockerfile further on, built from that root again, report a finding in that file that was not
 * reported yet, it starts a second block for the file; findings already listed are not repeated.
 */
import type { Finding } from '../core/lint.js';
import { reportedFields, type FileResult, type ReportStream } from '../formatters/types.js';

interface Pending {
  result: FileResult;
  /** Keys of the findings listed, to list a finding two Dockerfiles share once. */
  keys: Set<string>;
  /** May a later Dockerfile still add to it? */
  open: boolean;
  /** The build context root of the Dockerfiles that reported it (another file's block only). */
  root?: string;
}

export class StreamingReport {
  /** Blocks not written yet, in report order. */
  private readonly pending: Pending[] = [];
  private readonly pendingByPath = new Map<string, Pending>();
  /** The blocks that may still grow. */
  private readonly open = new Set<Pending>();
  /** The keys of findings written in files other than Dockerfiles (few), not to list them twice. */
  private readonly writtenKeys = new Map<string, Set<string>>();
  /** Warnings listed, counted before --quiet drops them from the report. */
  warnings = 0;
  /** Every finding listed, counted before --quiet. */
  findings = 0;

  /**
   * @param stream the format
   * @param write where its text goes, chunk by chunk
   * @param onlyErrors `--quiet`: the report shows errors only (the counts still see every finding)
   */
  constructor(
    private readonly stream: ReportStream,
    private readonly write: (text: string) => void,
    private readonly onlyErrors = false,
  ) {}

  /**
   * One Dockerfile's findings: those in the Dockerfile under `dockerfilePath`, the others under
   * their own file's path (`pathOf(finding.filePath)`). `contextRoot` is the build context it
   * was linted with (none for standard input without --context).
   */
  add(dockerfilePath: string, findings: readonly Finding[], pathOf: (absolute: string) => string, contextRoot?: string): void {
    const root = contextRoot ?? '';
    // Another root: no Dockerfile from here on is assumed to add to the blocks waiting.
    for (const entry of this.open) {
      if (entry.root === root) continue;
      entry.open = false;
      this.open.delete(entry);
    }
    const byFile = new Map<string, Finding[]>([[dockerfilePath, []]]);
    for (const finding of findings) {
      const file = finding.filePath === undefined ? dockerfilePath : pathOf(finding.filePath);
      let list = byFile.get(file);
      if (!list) byFile.set(file, (list = []));
      list.push(finding);
    }
    for (const [filePath, fileFindings] of byFile) {
      const own = filePath === dockerfilePath;
      let entry = this.pendingByPath.get(filePath);
      if (!entry) {
        const written = this.writtenKeys.get(filePath);
        // A second block for a file already written only for findings not listed yet.
        if (written && !fileFindings.some((finding) => !written.has(findingKey(finding)))) continue;
        entry = { result: { filePath, findings: [] }, keys: new Set(written), open: false };
        this.pending.push(entry);
        this.pendingByPath.set(filePath, entry);
      }
      if (!own) {
        entry.open = true;
        entry.root = root;
        this.open.add(entry);
      }
      for (const finding of fileFindings) {
        const key = findingKey(finding);
        if (entry.keys.has(key)) continue;
        entry.keys.add(key);
        entry.result.findings.push(reportedFields(finding));
        this.findings++;
        if (finding.severity === 'warning') this.warnings++;
      }
    }
    this.flush(false);
  }

  /** Writes every block left and the format's end. */
  finish(): void {
    this.flush(true);
    const end = this.stream.end();
    for (const text of typeof end === 'string' ? [end] : end) if (text !== '') this.write(text);
  }

  /** Writes the blocks whose place is final: those before the first that may still grow. */
  private flush(all: boolean): void {
    let done = 0;
    for (const entry of this.pending) {
      if (entry.open && !all) break;
      this.pendingByPath.delete(entry.result.filePath);
      this.open.delete(entry);
      if (entry.root !== undefined) this.writtenKeys.set(entry.result.filePath, entry.keys);
      const result = this.onlyErrors
        ? { filePath: entry.result.filePath, findings: entry.result.findings.filter((finding) => finding.severity === 'error') }
        : entry.result;
      const text = this.stream.file(result);
      if (text !== '') this.write(text);
      done++;
    }
    if (done > 0) this.pending.splice(0, done);
  }
}

function findingKey(finding: Finding): string {
  return `${finding.ruleId}:${finding.line}:${finding.column}:${finding.message}`;
}
