/**
 * The core runs without Node: src/browser/index.ts (engine, rules, model, in-memory build context) is
 * bundled for the browser by esbuild, which fails on any Node built-in it reaches, and the bundle
 * runs in a bare V8 context with no `process`, `Buffer`, `require` or file system.
 */
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface BrowserCore {
  lintText(text: string, options: { files: Record<string, string>; behindProxy?: boolean }): { ruleId: string; line: number; file?: string }[];
  fixText(text: string, options: { files: Record<string, string> }): { output: string };
}

async function loadCoreWithoutNode(): Promise<{ core: BrowserCore; globals: string[] }> {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'src/browser/index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'fastapiDockerLint',
    platform: 'browser',
    logLevel: 'silent',
  });
  const sandbox: Record<string, unknown> = {};
  const context = vm.createContext(sandbox);
  vm.runInContext(bundle.outputFiles[0].text, context);
  return { core: sandbox.fastapiDockerLint as BrowserCore, globals: vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[] };
}

describe('the core in a browser', () => {
  it('bundles for the browser and lints with no Node globals', async () => {
    const { core, globals } = await loadCoreWithoutNode();
    for (const nodeGlobal of ['process', 'Buffer', 'require', 'module', '__dirname', 'global', 'setImmediate']) expect(globals).not.toContain(nodeGlobal);
    const text =
      '\uFEFFFROM python:3.13\nWORKDIR /code\nCOPY ./requirements.txt /code/requirements.txt\nRUN pip install -r /code/requirements.txt\nCOPY ./app /code/app\nCMD fastapi run app/main.py --port 80\nUSER 10001\n';
    const findings = core.lintText(text, { files: { 'requirements.txt': 'fastapi[standard]\n', 'app/main.py': 'app = None\n' } });
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.file])).toEqual(
      [
        ['FDL004', 4, undefined],
        ['FDL001', 6, undefined],
        ['FDL024', 1, 'requirements.txt'],
      ].sort((a, b) => String(a[2] ?? '').localeCompare(String(b[2] ?? '')) || (a[1] as number) - (b[1] as number)),
    );
    expect(core.fixText(text, { files: {} }).output).toContain('CMD ["fastapi", "run", "app/main.py", "--port", "80"]');
  });

  it('reads Compose from memory: a Traefik-labelled service is behind a proxy (FDL005)', async () => {
    const { core } = await loadCoreWithoutNode();
    const text = 'FROM python:3.13\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]\n';
    const compose = 'services:\n  api:\n    build: .\n    labels:\n      - traefik.enable=true\n';
    expect(core.lintText(text, { files: {} }).map((finding) => finding.ruleId)).not.toContain('FDL005');
    expect(core.lintText(text, { files: { 'compose.yaml': compose } }).map((finding) => finding.ruleId)).toContain('FDL005');
  });
});
