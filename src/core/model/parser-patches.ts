/**
 * dockerfile-ast's parser asks whether the first character is a UTF-8 byte order mark through
 * Node's `Buffer` global, which a browser does not have. The answer is a comparison: U+FEFF is
 * the only character whose UTF-8 encoding is EF BB BF. With this, the parser runs anywhere.
 */
import { Util } from 'dockerfile-ast/lib/util.js';

(Util as unknown as { isUTF8BOM(char: string): boolean }).isUTF8BOM = (char: string) => char === '\uFEFF';
