/**
 * The repository fixtures through the real CLI process, as a new user runs it: `cd repo &&
 * fastapi-docker-lint` with no argument. A checkout and an exported tree of each give
 * byte-identical reports and exit codes, and the report holds what the Node API finds
 * (test/repositories.test.ts checks that against the fixtures' markers).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { isRootNote } from '../helpers/expectations.js';
import { copyFixture, FIXTURE_TODAY, lintRepository, REPOSITORIES, repositoryFixtures } from '../helpers/repository.js';

interface FileReport {
  filePath: string;
  messages: { ruleId: string; severity: string; line: number }[];
}

describe('repositories through the CLI, with no argument', () => {
  for (const name of repositoryFixtures()) {
    it(`${name}: a checkout and an exported tree report the same, byte for byte`, async () => {
      const fixture = path.join(REPOSITORIES, name);
      const exported = copyFixture(fixture, { checkout: false });
      const checkout = copyFixture(fixture, { checkout: true });
      const args = ['--format', 'json', '--today', FIXTURE_TODAY];
      const fromExport = runCli(args, { cwd: exported });
      const fromCheckout = runCli(args, { cwd: checkout });
      expect(fromExport.stderr).toBe('');
      expect(fromCheckout).toEqual(fromExport);
      const report = JSON.parse(fromExport.stdout) as FileReport[];
      const findings = [
        ...new Set(
          report.flatMap((file) =>
            file.messages.filter((message) => !isRootNote(message)).map((message) => `${file.filePath}:${message.ruleId}@${message.line}`),
          ),
        ),
      ].sort();
      const inProcess = await lintRepository(exported);
      expect(findings).toEqual(inProcess.findings);
      // Every file linted is in the report, findings or not.
      expect(report.map((file) => file.filePath).filter((file) => inProcess.linted.includes(file))).toEqual(inProcess.linted);
    });
  }
});
