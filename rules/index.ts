/** The registry: every rule, in code order. Adding a rule means adding its module here. */
import type { Rule } from '../src/core/rule.js';
import { RuleSet } from '../src/core/rule-set.js';
import { parseError } from './parse-error.js';
import { cmdExecForm } from './cmd-exec-form.js';
import { depsBeforeCode } from './deps-before-code.js';
import { ignoreComment } from './ignore-comment.js';
import { noDeprecatedBase } from './no-deprecated-base.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { proxyHeaders } from './proxy-headers.js';
import { serverHost } from './server-host.js';
import { noDevServer } from './no-dev-server.js';
import { noGunicornUvicornWorker } from './no-gunicorn-uvicorn-worker.js';
import { singleProcessPerContainer } from './single-process-per-container.js';
import { pythonEol } from './python-eol.js';
import { pinBaseImage } from './pin-base-image.js';
import { shellWrapperExec } from './shell-wrapper-exec.js';
import { uvCache } from './uv-cache.js';
import { serverInstalled } from './server-installed.js';
import { copySourceExists } from './copy-source-exists.js';
import { dockerignore } from './dockerignore.js';
import { appPath } from './app-path.js';
import { requirementsPinned } from './requirements-pinned.js';
import { contextFound } from './context-found.js';
import { nonRootUser } from './non-root-user.js';
import { healthcheckTool } from './healthcheck-tool.js';
import { lockfileInstall } from './lockfile-install.js';
import { noLiteralSecrets } from './no-literal-secrets.js';
import { forwardedAllowIps } from './forwarded-allow-ips.js';
import { pinCopyFromImage } from './pin-copy-from-image.js';
import { shutdownGracePeriod } from './shutdown-grace-period.js';
import { noCompilersInFinalStage } from './no-compilers-in-final-stage.js';
import { uvCompileBytecode } from './uv-compile-bytecode.js';
import { migrationsRunOnce } from './migrations-run-once.js';
import { dependenciesInstalled } from './dependencies-installed.js';
import { virtualenvPath } from './virtualenv-path.js';

export const rules: readonly Rule[] = [
  parseError,
  cmdExecForm,
  depsBeforeCode,
  noDeprecatedBase,
  pipNoCacheDir,
  proxyHeaders,
  serverHost,
  noDevServer,
  noGunicornUvicornWorker,
  singleProcessPerContainer,
  pythonEol,
  pinBaseImage,
  shellWrapperExec,
  uvCache,
  nonRootUser,
  healthcheckTool,
  lockfileInstall,
  noLiteralSecrets,
  forwardedAllowIps,
  pinCopyFromImage,
  serverInstalled,
  copySourceExists,
  dockerignore,
  appPath,
  requirementsPinned,
  contextFound,
  shutdownGracePeriod,
  noCompilersInFinalStage,
  uvCompileBytecode,
  migrationsRunOnce,
  dependenciesInstalled,
  virtualenvPath,
  ignoreComment,
];

/** The built-in rules as a set, for the engine, config validation and formatters. */
export const builtinRules = new RuleSet(rules);

/** The rule with this code or name (case-insensitive). */
export function findRule(codeOrName: string): Rule | undefined {
  return builtinRules.find(codeOrName);
}

/** The code of the rule nearest to a misspelt code or name, if one is close enough. */
export function suggestRule(codeOrName: string): string | undefined {
  return builtinRules.suggest(codeOrName);
}

/** "unknown rule 'FDL04' (did you mean FDL004?); run --list-rules to see them", for every place that takes rule names. */
export function describeUnknownRule(codeOrName: string): string {
  return builtinRules.describeUnknown(codeOrName);
}
