/**
 * `--print-config FILE` and `--init`: the two commands that show or write configuration
 * instead of linting. Both exit at once; neither reads a Dockerfile's text.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from '../node/linter.js';
import { shadowingNotes } from '../node/config-load.js';
import type { FailureThreshold, Config } from '../core/config/schema.js';

export const INIT_FILE_NAME = '.fastapi-docker-lint.yaml';

/**
 * The starter file `--init` writes: every key commented out, so it changes nothing until edited,
 * and it loads with the config loader as it stands (a test does that).
 */
export const STARTER_CONFIG = `# fastapi-docker-lint configuration (every key is optional).
# Keys and values: https://github.com/fastapi-docker-lint/fastapi-docker-lint#configuration
# yaml-language-server: $schema=https://raw.githubusercontent.com/fastapi-docker-lint/fastapi-docker-lint/main/docs/fastapi-docker-lint.schema.json

# Severity per rule, by code or name: error, warning, info or off.
rules: {}
#   FDL004: error
#   pin-base-image: off

# Rules to turn off, by code or name.
ignore: []

# Presets to start from: with-hadolint turns off the rules hadolint already reports.
# extends: [with-hadolint]

# Exit 1 when a finding is at or above this level: error, warning, info or none.
failure-threshold: error

# The app is served behind a TLS-terminating proxy (FDL005).
# behind-proxy: true

# Where the image runs: kubernetes, compose or server (kubernetes enables FDL009).
# deploy-target: kubernetes

# The build context directory, relative to this file (default: from compose.yaml, else the
# Dockerfile's directory).
# context: .

# Report ignore comments that silence nothing (FDL090).
# report-unused-ignores: true

# Settings for some Dockerfiles only: globs relative to this file, later entries winning.
# overrides:
#   - files: ["services/dev/**"]
#     rules: { no-dev-server: off }
#   - files: ["legacy/Dockerfile"]
#     ignore: [python-eol]
`;

/** Writes the starter config in `cwd`; refuses to overwrite one. Returns the message for stderr, or undefined on success. */
export function initConfig(cwd: string, write: (text: string) => void): string | undefined {
  const target = path.join(cwd, INIT_FILE_NAME);
  if (existsSync(target)) return `${INIT_FILE_NAME} already exists; edit it, or remove it to start again`;
  try {
    // `wx`: never replace a file that appeared in the meantime, never write through a symbolic link.
    writeFileSync(target, STARTER_CONFIG, { flag: 'wx' });
  } catch (error) {
    return `${INIT_FILE_NAME}: cannot write it (${String((error as Error).message ?? error).split('\n')[0]})`;
  }
  write(`Wrote ${INIT_FILE_NAME}; see the comments in it, then run fastapi-docker-lint.\n`);
  return undefined;
}

/**
 * What `--print-config FILE` prints: the config file found (or given) for FILE, its settings,
 * the lint options after the command line's overrides, the failure threshold, and the build
 * context. All of it comes from `Linter.setup`, the same call a lint makes.
 */
export function describeSetup(
  linter: Linter,
  file: string,
  threshold: (config: Config) => FailureThreshold,
  show: (absolute: string) => string,
): Record<string, unknown> {
  const setup = linter.setup(file);
  const { buildContext, ...rest } = { ...setup.options };
  const context = setup.buildContext;
  return {
    file: show(path.resolve(linter.cwd, file)),
    configFile: setup.loaded.file === undefined ? null : show(setup.loaded.file),
    // Every config file the search came upon: the one used, and the others with why they are not.
    configFiles: linter
      .configCandidates(file)
      .map((candidate) => ({ file: show(candidate.file), ...(candidate.skipped ? { skipped: candidate.skipped } : { used: true }) })),
    config: setup.loaded.config,
    options: { ...rest, failureThreshold: threshold(setup.config) },
    buildContext:
      buildContext === undefined && context === undefined
        ? null
        : {
            // Relative to the working directory ('.' for itself), as a path the user can type.
            root:
              path
                .relative(linter.cwd, (context ?? buildContext)!.root)
                .split(path.sep)
                .join('/') || '.',
            origin: (context ?? buildContext)!.origin,
            compose: context?.compose ? { file: show(context.compose.file.path), service: context.compose.service } : null,
            refused: context?.refused ?? null,
          },
    notes: [
      setup.contextRefused,
      ...[...shadowingNotes(setup.loaded, show), ...(context?.notes ?? [])].map((note) => `${show(note.path)}: ${note.message}`),
    ].filter(Boolean),
  };
}
