import { describe, expect, it } from 'vitest';
import { parseExecForm, readJsonLike } from '../../src/core/model/exec-form.js';

/** The text as a MappedText whose offsets are its own indices. */
const mapped = (text: string) => ({ text, offsets: Array.from({ length: text.length + 1 }, (_, index) => index) });

describe('readJsonLike', () => {
  it.each([
    [`['uvicorn', 'main:app']`, ['single-quotes'], ['uvicorn', 'main:app']],
    [`["uvicorn", "main:app",]`, ['trailing-comma'], ['uvicorn', 'main:app']],
    [`["uvicorn", "main:app"]  # serve`, ['trailing-comment'], ['uvicorn', 'main:app']],
    [`['a', "b\\"c",] # x`, ['single-quotes', 'trailing-comma', 'trailing-comment'], ['a', 'b"c']],
    [`[] # nothing`, ['trailing-comment'], []],
    [`["uvicorn", "main:app"`, ['other'], undefined],
    [`['C:\\\\x']`, ['single-quotes'], undefined],
    [`["--port", 8000]`, ['not-strings'], undefined],
    [`[["pip"]]`, ['not-strings'], undefined],
    [`uvicorn main:app`, ['other'], undefined],
  ])('%s', (text, problems, intended) => {
    expect(parseExecForm(mapped(text)).form).not.toBe('exec');
    const reading = readJsonLike(mapped(text));
    expect(reading.problems).toEqual(problems);
    expect(reading.intended?.map((word) => word.value)).toEqual(intended);
  });

  it('keeps each intended word where it is written, and the comment', () => {
    const text = `['uvicorn', 'main:app'] # serve`;
    const reading = readJsonLike(mapped(text));
    expect(reading.intended?.map((word) => text.slice(word.start, word.end))).toEqual([`'uvicorn'`, `'main:app'`]);
    expect(
      reading.intended?.[1].valueOffsets
        .slice(0, 4)
        .map((offset) => text[offset])
        .join(''),
    ).toBe('main');
    expect(reading.comment).toEqual({ text: '# serve', start: 24, end: 31 });
  });
});
