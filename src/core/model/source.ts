/**
 * The text of one Dockerfile and the conversions between offsets and positions.
 *
 * Every range in the model is a pair of 0-based offsets into `text` (the file without its UTF-8
 * BOM). Lines are split the way dockerfile-ast (vscode-languageserver-textdocument) splits them:
 * on `\r\n`, `\n` and a lone `\r`, so an offset computed here agrees with the parser's positions.
 */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column, in UTF-16 code units. */
  character: number;
}

export interface OffsetRange {
  start: number;
  end: number;
}

export class SourceText {
  readonly text: string;
  /** The file started with a UTF-8 byte order mark, which `text` does not contain. */
  readonly hasBom: boolean;
  /** The line ending new text should use: the file's first one, `\n` when it has none. */
  readonly eol: string;
  private readonly lineStarts: number[];

  constructor(raw: string) {
    this.hasBom = raw.charCodeAt(0) === 0xfeff;
    this.text = this.hasBom ? raw.slice(1) : raw;
    this.lineStarts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
    const firstBreak = /\r\n|\n|\r/.exec(text);
    this.eol = firstBreak ? firstBreak[0] : '\n';
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[Math.max(0, position.line)];
    return Math.min(lineStart + position.character, this.lineEnd(position.line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  /** Offset of the first character of `line`. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(line, this.lineStarts.length - 1)];
  }

  /** Offset just past the last character of `line`, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  slice(range: OffsetRange): string {
    return this.text.slice(range.start, range.end);
  }
}

/**
 * Text whose characters each remember their offset in the source file: what is left of an
 * instruction once line continuations are joined, or the script inside `sh -c "..."`. Rules can
 * then point at the exact source characters of a word found in the joined text.
 */
export interface MappedText {
  text: string;
  /** `offsets[i]` is the source offset of `text[i]`; one extra entry holds the end offset. */
  offsets: number[];
}

export function mappedSlice(source: string, start: number, end: number): MappedText {
  const offsets = new Array<number>(end - start + 1);
  for (let i = 0; i <= end - start; i++) offsets[i] = start + i;
  return { text: source.slice(start, end), offsets };
}
