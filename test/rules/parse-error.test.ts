import { parseError } from '../../rules/parse-error.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(parseError, {
  valid: [
    { code: 'FROM python:3.13\nCMD ["fastapi", "run"]' },
    { name: 'ARGs before FROM', code: 'ARG V=3.13\nFROM python:${V}' },
    { name: 'a closed heredoc', code: 'FROM python:3.13\nRUN <<EOF\necho hi\nEOF' },
    { name: 'a tab-stripped heredoc', code: 'FROM python:3.13\nRUN <<-EOF\n\techo hi\n\tEOF' },
    { name: 'bare CMD and HEALTHCHECK', code: 'FROM python:3.13\nCMD\nHEALTHCHECK NONE' },
    { name: 'a backtick escape', code: '# escape=`\nFROM python:3.13' },
    { name: 'COPY heredoc', code: 'FROM python:3.13\nCOPY <<EOF /etc/x\nhi\nEOF' },
    { name: 'lower-case keywords', code: 'from python:3.13\nrun echo hi' },
    { name: 'a trailing line continuation', code: 'FROM python:3.13\nRUN echo hi \\' },
  ],
  invalid: [
    { name: 'empty file', code: '', errors: [{ line: 1, column: 1, message: 'no instructions' }] },
    { name: 'comments only', code: '# just a comment\n# another\n', errors: [{ line: 1, message: 'no instructions' }] },
    { name: 'FROM with no image', code: 'FROM\nRUN echo', errors: [{ line: 1, column: 1, endColumn: 5, message: 'FROM names no image' }] },
    { name: 'an unknown instruction', code: 'FORM python:3.13', errors: [{ line: 1, message: '`FORM` is not a Dockerfile instruction (did you mean `FROM`?)' }] },
    { name: 'RUN before FROM', code: 'RUN echo hi\nFROM python:3.13', errors: [{ line: 1, message: 'before the first FROM' }] },
    { name: 'no FROM at all, said once', code: 'WORKDIR /app\nRUN echo hi', errors: [{ line: 1, message: 'has no FROM' }] },
    { name: 'a misspelt FROM is not also "no FROM"', code: 'FORM python\nRUN echo hi', errors: [{ line: 1, message: '`FORM` is not a Dockerfile instruction' }] },
    { name: 'COPY without destination', code: 'FROM python:3.13\nCOPY requirements.txt', errors: [{ line: 2, column: 6, message: 'needs a source and a destination' }] },
    { name: 'WORKDIR without a path', code: 'FROM python:3.13\nWORKDIR', errors: [{ line: 2, message: '`WORKDIR` has no arguments' }] },
    { name: 'an unterminated heredoc', code: 'FROM python:3.13\nRUN <<EOF\npip install --no-cache-dir x\n', errors: [{ line: 2, column: 5, endColumn: 10, message: 'never closed' }] },
    { name: 'a heredoc on the last line', code: 'FROM python:3.13\nRUN cat <<EOF', errors: [{ line: 2, message: 'never closed' }] },
    { name: 'an invalid escape directive', code: '# escape=x\nFROM python:3.13', errors: [{ line: 1, message: '`# escape=x` is not a valid escape character' }] },
  ],
});
