/** XML for the checkstyle and junit formats: fast-xml-parser escapes; we drop what XML 1.0 forbids. */
import { XMLBuilder } from 'fast-xml-parser';

const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text safe inside an XML 1.0 document once escaped (control characters become U+FFFD). */
export function xmlText(value: string | number): string {
  return String(value).replace(FORBIDDEN_IN_XML, '\uFFFD');
}

export function buildXml(document: Record<string, unknown>): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, processEntities: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document) as string}`;
}
