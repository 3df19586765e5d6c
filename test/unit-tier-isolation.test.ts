/**
 * The unit tier runs with `isolate: false` (vitest.config.ts): its files share one module graph per worker.
 * That is sound only while no unit test changes what other files see, so this keeps it so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const testRoot = import.meta.dirname;
const SHARED_STATE_CHANGES = [/\bvi\.mock\(/, /\bvi\.doMock\(/, /\bvi\.stubGlobal\(/, /\bvi\.stubEnv\(/, /\bprocess\.chdir\(/, /\bvi\.useFakeTimers\(/];

function unitTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'integration' ? [] : unitTestFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the unit tier shares modules safely', () => {
  const files = unitTestFiles(testRoot).filter((file) => file !== import.meta.filename);
  it('finds the unit test files', () => expect(files.length).toBeGreaterThan(50));
  it.each(files.map((file) => [path.relative(testRoot, file), file]))('%s changes no shared state', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    expect(SHARED_STATE_CHANGES.filter((pattern) => pattern.test(source)).map(String)).toEqual([]);
  });
});
