/**
 * Repository fixtures (`fixtures/repositories/<pattern>/`, see test/helpers/repository.ts):
 * each is linted from its root with no argument, as an exported tree and as a checkout, and
 * both runs must lint the same files and report the same findings, the ones its markers state.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, expectationsOf, lintRepository, REPOSITORIES, repositoryFixtures } from './helpers/repository.js';

describe('repositories, linted from their root with no argument', () => {
  const fixtures = repositoryFixtures();
  it('cover the patterns of a whole repository', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of fixtures) {
    it(`${name}: the same with and without .git, as its markers say`, async () => {
      const fixture = path.join(REPOSITORIES, name);
      const exported = await lintRepository(copyFixture(fixture, { checkout: false }));
      const checkout = await lintRepository(copyFixture(fixture, { checkout: true }));
      expect(checkout).toEqual(exported);
      const expected = expectationsOf(fixture);
      expect(exported.errors).toEqual([]);
      expect(exported.linted).toEqual(expected.linted);
      expect(exported.findings).toEqual(expected.findings);
    });
  }
});
