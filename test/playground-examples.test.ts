/**
 * The playground's examples, linted with the files and paths the page gives them: each shows the
 * mistake it is named for and nothing else. The guide's own Dockerfile, the page's first
 * impression, is clean: the page models its app/ (the "other files" tab), so no existence check
 * speaks about a file the page does not have. Each example is built on an official image with no
 * USER, so each also shows FDL014's true note that the image runs as root (info).
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../playground/examples.js';
import { lintText } from '../src/browser/index.js';
import { isRootNote } from './helpers/expectations.js';

const EXPECTED: Record<string, string[]> = {
  guide: [],
  'shell-form': ['FDL001'],
  'code-before-deps': ['FDL002', 'FDL004', 'FDL022', 'requirements.txt:FDL024', 'requirements.txt:FDL024'],
  'deprecated-base': ['FDL003'],
  'dev-server': ['FDL006', 'FDL007'],
  'behind-proxy': ['FDL005'],
};

describe('playground examples', () => {
  it('are all pinned here', () => {
    expect(EXAMPLES.map((example) => example.id).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(EXAMPLES[0].id).toBe('guide');
  });

  for (const example of EXAMPLES) {
    it(`${example.id}: ${EXPECTED[example.id]?.join(', ') || 'clean'}`, () => {
      const findings = lintText(example.dockerfile, { files: example.files ?? {}, paths: example.paths, behindProxy: example.behindProxy });
      expect(
        findings
          .filter((finding) => !isRootNote(finding))
          .map((finding) => `${finding.file ? `${finding.file}:` : ''}${finding.ruleId}`)
          .sort(),
      ).toEqual(EXPECTED[example.id]);
      expect(findings.filter(isRootNote).map((finding) => finding.message)).toEqual([expect.stringMatching(/^The image runs as root/)]);
    });
  }

  it('the proxy example shows what its title says: FDL005, the forwarded headers of Traefik not trusted', () => {
    const example = EXAMPLES.find((candidate) => candidate.id === 'behind-proxy')!;
    expect(example.title).toContain('X-Forwarded-*');
    const [finding] = lintText(example.dockerfile, { files: example.files ?? {}, paths: example.paths }).filter((found) => found.ruleId === 'FDL005');
    expect(finding.message).toBe(
      "Behind a proxy (service `api` has Traefik labels in compose.yaml), `fastapi run` trusts X-Forwarded-* headers only from 127.0.0.1. Add `--forwarded-allow-ips` with the proxy's address.",
    );
  });

  it('a COPY of a file the page does not list is missing from its files, and listing it is enough', () => {
    const [guide] = EXAMPLES;
    const dockerfile = guide.dockerfile.replace('COPY ./app /code/app', 'COPY ./app /code/app\nCOPY ./static /code/static');
    const missing = lintText(dockerfile, { files: guide.files ?? {}, paths: guide.paths }).filter((finding) => !isRootNote(finding));
    expect(missing.map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['FDL021', '`./static` does not exist in the build context (the files given with the Dockerfile), so the build fails with `"/static": not found`.'],
    ]);
    expect(lintText(dockerfile, { files: guide.files ?? {}, paths: [...(guide.paths ?? []), 'static/'] }).filter((finding) => !isRootNote(finding))).toEqual(
      [],
    );
  });

  it('with no file at all, the project checks say nothing', () => {
    expect(lintText(EXAMPLES[0].dockerfile, { files: {} }).map((finding) => finding.ruleId)).toEqual(['FDL014']);
  });
});
