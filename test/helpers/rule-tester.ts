/**
 * ESLint-style accept/reject tables for one rule, as strict as ESLint's RuleTester:
 *
 * - `valid` Dockerfiles the rule must not report;
 * - `invalid` ones with every finding it must report, each pinned by line, column and message
 *   id (ESLint's `messageId`; `message`, when given, is the whole message, not a fragment);
 * - for a rule that offers fixes, every invalid case pins `output`: the text after its fixes,
 *   or `null` when it offers none there;
 * - every message id of the rule is exercised by some invalid case.
 *
 * A case's `files` are the build context around the Dockerfile, held in memory (a
 * `MemoryFileSystem`, with `.gitignore` and Compose read as the disk context reads them), so the
 * tables never touch the disk.
 */
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { BuildContext, MemoryFileSystem, type ContextFileSystem, type ContextRead } from '../../src/core/context/build-context.js';
import { composeFilesAmong, composeProject, parseCompose } from '../../src/core/context/compose.js';
import { parseKubernetesManifest } from '../../src/core/context/kubernetes.js';
import { SourceText } from '../../src/core/model/source.js';
import { Engine, type Finding, type LintOptions } from '../../src/core/engine.js';
import { RuleSet } from '../../src/core/rule-set.js';
import { offersFix, type Rule } from '../../src/core/rule.js';
import { decodeUtf8 } from '../../src/node/read-limited.js';
import { rules } from '../../rules/index.js';

export interface ValidCase {
  code: string;
  options?: LintOptions;
  name?: string;
  /** Files of the build context around the Dockerfile (`code` is its `Dockerfile`); bytes as a Buffer. */
  files?: Record<string, string | Buffer>;
  /** Paths of the context that are symbolic links leading out of it (never followed). */
  links?: string[];
  /**
   * The context as `--context DIR` gives it, the Dockerfile being elsewhere (`files` are DIR's;
   * `exists: false`: DIR is not there). Without it, `files` are the Dockerfile's directory.
   */
  context?: { origin: 'option'; exists?: boolean };
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The key of the rule's `messages` the finding uses. */
  messageId: string;
  /** The whole message, when the case pins the words filled in too. */
  message?: string;
  severity?: Finding['severity'];
  /** The context file the finding is in, when it is not the Dockerfile. */
  file?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying the safe fixes; `null` when the rule offers none for this case. Required for a rule that offers safe fixes. */
  output?: string | null;
  /** The text after applying the unsafe fixes too (`--unsafe-fixes`); required when the case offers one. */
  unsafeOutput?: string;
}

/** Where an in-memory context lives: findings in its files are shown under it. */
const ROOT = '/project';
const DOCKERFILE = `${ROOT}/Dockerfile`;

/**
 * A memory file system (`MemoryFileSystem`) that also decodes bytes, has links out of the
 * context and answers `.gitignore`, as the disk one does.
 */
class TestFileSystem implements ContextFileSystem {
  readonly root = ROOT;
  private readonly memory: MemoryFileSystem;
  private readonly bytes = new Map<string, Buffer>();
  private readonly gitignores: { directory: string; text: string }[] = [];

  constructor(
    files: Record<string, string | Buffer>,
    private readonly links: readonly string[] = [],
    private readonly exists = true,
  ) {
    const texts: Record<string, string> = {};
    for (const [name, content] of Object.entries(files)) {
      texts[name] = typeof content === 'string' ? content : '';
      if (typeof content !== 'string') this.bytes.set(name, content);
      else if (name === '.gitignore' || name.endsWith('/.gitignore')) this.gitignores.push({ directory: name.slice(0, -'.gitignore'.length), text: content });
    }
    this.memory = new MemoryFileSystem(texts, ROOT);
  }

  rootExists(): boolean {
    return this.exists;
  }

  kind(relative: string): 'file' | 'directory' | 'outside' | undefined {
    if (!this.exists) return undefined;
    return this.links.includes(relative) ? 'outside' : this.memory.kind(relative);
  }

  list(relative: string): string[] {
    return this.memory.list(relative);
  }

  read(relative: string, limit: number): ContextRead {
    const buffer = this.bytes.get(relative);
    if (buffer === undefined) return this.memory.read(relative, limit);
    return buffer.length > limit ? { kind: 'too-large' } : decodeUtf8(buffer);
  }

  gitIgnored(relative: string): boolean {
    return this.gitignores.some(({ directory, text }) => relative.startsWith(directory) && ignore().add(text).ignores(relative.slice(directory.length)));
  }
}

/**
 * The build context of a case's files, as `locateContext` makes it on disk: the Dockerfile's
 * directory, or the Compose service beside it that builds the Dockerfile.
 */
function memoryContext(files: Record<string, string | Buffer>, links: readonly string[] | undefined): BuildContext {
  const fileSystem = new TestFileSystem(files, links);
  const composeFiles = composeFilesAmong(Object.keys(files).filter((name) => !name.includes('/')))
    .map((name) => parseCompose(files[name].toString(), `${ROOT}/${name}`))
    .filter((file) => file !== undefined);
  // Every service that builds the Dockerfile, those that run its own CMD first (as composeBuildOf orders them).
  const builders = composeFiles.flatMap((file) =>
    file.services
      .filter((candidate) => candidate.build?.dockerfile === DOCKERFILE && candidate.build.context === ROOT)
      .map((service) => ({
        file,
        service: service.name,
        target: service.build?.target,
        project: composeProject(file, service.name, composeFiles),
        overrides: service.overridesCommand === true,
      })),
  );
  const ordered = [...builders.filter((builder) => !builder.overrides), ...builders.filter((builder) => builder.overrides)].map(
    ({ overrides: _overrides, ...builder }) => builder,
  );
  const context = ordered[0]
    ? new BuildContext(fileSystem, DOCKERFILE, 'compose', { ...ordered[0], builders: ordered }, undefined, undefined, true)
    : // The case's files are the whole project: the context is its root, as a fresh folder on disk is.
      new BuildContext(fileSystem, DOCKERFILE, 'dockerfile-directory', undefined, undefined, undefined, true);
  // Manifests in folders named for them, as src/node/manifests.ts finds them on disk.
  const manifests = Object.keys(files)
    .filter(
      (name) =>
        /^(?:[^/]+\/)?\.?(?:k8s|kube|kubernetes|deploy|deployment|deployments|manifests|kustomize|overlays)\/(?:.*\/)?[^/]+\.ya?ml$/i.test(name) &&
        !/(?:^|\/)(?:templates|charts)\//.test(name),
    )
    .map((name) => ({
      manifest: parseKubernetesManifest(files[name].toString(), `${ROOT}/${name}`),
      file: { path: name, absolutePath: `${ROOT}/${name}`, source: new SourceText(files[name].toString()) },
    }))
    .filter((entry) => entry.manifest.skipped === undefined);
  if (manifests.length > 0) context.kubernetes = { manifests };
  return context;
}

function withContext(testCase: ValidCase): LintOptions | undefined {
  if (testCase.context) {
    const fileSystem = new TestFileSystem(testCase.files ?? {}, testCase.links, testCase.context.exists ?? true);
    return { ...testCase.options, buildContext: new BuildContext(fileSystem, undefined, testCase.context.origin) };
  }
  if (!testCase.files) return testCase.options;
  return { ...testCase.options, buildContext: memoryContext({ ...testCase.files, Dockerfile: testCase.code }, testCase.links) };
}

/** A separator no message contains: the tagged rule's messages start with their id and it. */
const ID_MARK = '\u0001';

/**
 * The engine with the rule under test tagged: each of its messages starts with its id, so a
 * finding tells which message it is without a public field for it. The other rules run as
 * they are (ignore comments and FDL000 see them).
 */
function taggedEngine(rule: Rule): Engine {
  const tagged: Rule = { ...rule, messages: Object.fromEntries(Object.entries(rule.messages).map(([id, template]) => [id, `${id}${ID_MARK}${template}`])) };
  return new Engine(new RuleSet(rules.map((other) => (other === rule ? tagged : other))));
}

interface TestedFinding extends Finding {
  messageId: string;
}

function findingsOf(engine: Engine, rule: Rule, code: string, options: LintOptions | undefined): TestedFinding[] {
  return engine
    .lint(code, options)
    .filter((finding) => finding.ruleId === rule.code)
    .map((finding) => {
      const mark = finding.message.indexOf(ID_MARK);
      return { ...finding, messageId: finding.message.slice(0, mark), message: finding.message.slice(mark + 1) };
    });
}

function title(testCase: ValidCase): string {
  return testCase.name ?? testCase.code.replace(/\n/g, ' ⏎ ').slice(0, 110);
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const engine = taggedEngine(rule);
  describe(`${rule.code} ${rule.name}`, () => {
    describe('accepts', () => {
      for (const testCase of cases.valid) {
        it(title(testCase), () => {
          expect(findingsOf(engine, rule, testCase.code, withContext(testCase))).toEqual([]);
        });
      }
    });
    describe('rejects', () => {
      for (const testCase of cases.invalid) {
        it(title(testCase), () => {
          const options = withContext(testCase);
          const findings = findingsOf(engine, rule, testCase.code, options);
          expect(
            findings.map((finding) => ({ line: finding.line, column: finding.column, messageId: finding.messageId })),
            'line, column and message id of each finding',
          ).toEqual(testCase.errors.map((error) => ({ line: error.line, column: error.column, messageId: error.messageId })));
          testCase.errors.forEach((expected, index) => {
            const actual = findings[index];
            if (expected.endLine !== undefined) expect(actual.endLine, 'endLine').toBe(expected.endLine);
            if (expected.endColumn !== undefined) expect(actual.endColumn, 'endColumn').toBe(expected.endColumn);
            if (expected.message !== undefined) expect(actual.message, 'the whole message').toBe(expected.message);
            if (expected.file !== undefined) expect(actual.filePath, `in ${expected.file}`).toBe(`${ROOT}/${expected.file}`);
            else expect(actual.filePath, 'in the Dockerfile').toBeUndefined();
            expect(actual.severity).toBe(expected.severity ?? rule.severity);
          });
          if (offersFix(rule.fixable, 'safe')) expect(testCase.output, 'a fixable rule pins `output` (null when this case has no fix)').not.toBeUndefined();
          if (testCase.output !== undefined) {
            // Only this rule's fixes: the others are turned off.
            const onlyThisRule = Object.fromEntries(rules.filter((other) => other !== rule).map((other) => [other.code, 'off' as const]));
            const fixOptions = { ...options, rules: { ...options?.rules, ...onlyThisRule } };
            const fixed = engine.lintAndFix(testCase.code, fixOptions);
            if (testCase.output === null) {
              expect(
                findings.every((finding) => !finding.fixable || finding.unsafeFix),
                'no safe fix offered',
              ).toBe(true);
            } else {
              expect(fixed.output).toBe(testCase.output);
              // The fix is complete and idempotent: the rule is silent afterwards and a second pass changes nothing.
              expect(findingsOf(engine, rule, fixed.output, options)).toEqual([]);
              expect(engine.lintAndFix(fixed.output, fixOptions).output).toBe(fixed.output);
            }
          }
          if (findings.some((finding) => finding.unsafeFix)) expect(testCase.unsafeOutput, 'an unsafe fix is offered: pin `unsafeOutput`').toBeDefined();
          if (testCase.unsafeOutput !== undefined) {
            const onlyThisRule = Object.fromEntries(rules.filter((other) => other !== rule).map((other) => [other.code, 'off' as const]));
            const unsafeOptions = { ...options, rules: { ...options?.rules, ...onlyThisRule }, unsafeFixes: true };
            const fixed = engine.lintAndFix(testCase.code, unsafeOptions);
            expect(fixed.output).toBe(testCase.unsafeOutput);
            // Complete and idempotent, as the safe ones: nothing fixable is left, and a second pass changes nothing.
            expect(findingsOf(engine, rule, fixed.output, options).filter((finding) => finding.fixable)).toEqual([]);
            expect(engine.lintAndFix(fixed.output, unsafeOptions).output).toBe(fixed.output);
          }
        });
      }
    });
    it('exercises every message id', () => {
      const used = new Set(cases.invalid.flatMap((testCase) => testCase.errors.map((error) => error.messageId)));
      expect(
        Object.keys(rule.messages).filter((id) => !used.has(id)),
        'message ids no invalid case uses',
      ).toEqual([]);
    });
  });
}
