import { defineRule } from '../src/core/rule.js';
import { type Declaration, declarations, isShipped, type Stage } from '../src/core/facts.js';

/**
 * Names that hold a secret: `SECRET_KEY`, `GITHUB_TOKEN`, `OPENAI_API_KEY`, `DB_PASSWORD`,
 * `DB_PASS`, `MYSQL_PWD` (a suffix: the shell's own `PWD` is the working directory),
 * `GPG_PASSPHRASE`, `CLIENT_SECRET`, `GCP_CREDENTIALS`, `BASIC_AUTH`.
 */
const SECRET_NAME =
  /(?:^|_)(?:SECRET(?:_KEY)?|TOKEN|API_?KEY|PASSWORD|PASSWD|PASS|PASSPHRASE|PRIVATE_KEY|ACCESS_KEY|SECRET_ACCESS_KEY)$|_(?:PWD|CREDENTIALS|AUTH)$/i;
/**
 * Names of the app's own secrets and passwords, which a placeholder left in ENV becomes at run
 * time (`SECRET_KEY=changeme` signs the sessions): not tokens and keys for other services, where
 * a placeholder only fails to log in.
 */
const OWN_SECRET_NAME = /^(?:SECRET|SECRET_KEY)$|_SECRET(?:_KEY)?$|(?:^|_)(?:PASSWORD|PASSWD|PASS|PASSPHRASE)$|_PWD$/i;
/** Values that are switches, not secrets: `ENABLE_AUTH=true`, `USE_TOKEN=1`. */
const SWITCH = /^(?:true|false|yes|no|on|off|enabled?|disabled?|required|optional|\d{1,3})$/i;
/** A file a credentials variable names (`GOOGLE_APPLICATION_CREDENTIALS=sa.json`), not the secret itself. */
const FILE_NAME = /^(?:\.{0,2}\/|~\/)|^[\w.-]+\.(?:json|pem|key|crt|p12|pfx|txt|env|ya?ml|toml|ini|cfg|conf)$/i;
/** A scheme or mode (`HTTP_AUTH=basic`, `API_AUTH=jwt`), which `*_AUTH` names often hold. */
const AUTH_MODE = /^[a-z][a-z0-9-]{0,15}$/;
/** Names that hold a connection string, which may carry `user:password@`. */
const URL_NAME = /(?:^|_)(?:URL|URI|DSN)$/i;
/** `scheme://user:password@host`: the password part. */
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:([^/@\s]+)@/i;
/**
 * Values nobody means as a real secret: `changeme`, `xxx`, `<token>`, `your-api-key`,
 * `example`, `dummy`, `placeholder`, `***`, `...`.
 */
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|_+|<[^>]*>|\{\{[^}]*\}\}|none|null|nil|empty|todo|tbd|n\/a|test|testing|secret|password|token)$|change[-_ ]?me|replace[-_ ]?me|your[-_ ]|example|dummy|placeholder|^fake|^sample|^insecure|not[-_ ]?a[-_ ]?secret|^set[-_ ]?(?:me|this|in)|^<|>$/i;

function isLiteral(raw: string, value: string | undefined): value is string {
  // A value built from other variables (`${DB_PASSWORD}`) is not written here.
  return value !== undefined && value.trim() !== '' && !raw.includes('$');
}

/** Whether a value under a secret's name is no secret: a switch, a path, a file, an auth mode. */
function isNotASecret(name: string, value: string): boolean {
  if (value.startsWith('/') || SWITCH.test(value)) return true;
  if (/_CREDENTIALS$/i.test(name) && FILE_NAME.test(value)) return true;
  return /_AUTH$/i.test(name) && AUTH_MODE.test(value);
}

/** `$NAME` and `${NAME...}` references in a raw value. */
const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * The declarations a value built from variables takes its value from: for each name it refers
 * to, the last ENV or ARG with a value before it, in its stage (and the stages it is built FROM)
 * or among the global ARGs (which `ARG NAME` in a stage brings in). `undefined` when one of them
 * has no literal value the Dockerfile shows.
 */
function sourcesOf(all: readonly Declaration[], declaration: Declaration): Declaration[] | undefined {
  const sources: Declaration[] = [];
  const before = all.slice(0, all.indexOf(declaration));
  const lineage = new Set<Stage>();
  for (let stage = declaration.instruction.stage; stage && !lineage.has(stage); stage = stage.baseStage) lineage.add(stage);
  for (const match of (declaration.raw ?? '').matchAll(REFERENCE)) {
    const name = match[1] ?? match[2];
    let found: Declaration | undefined;
    for (let index = before.length - 1; index >= 0; index--) {
      const candidate = before[index];
      if (candidate.name !== name) continue;
      const stage = candidate.instruction.stage;
      if (stage !== undefined && !lineage.has(stage)) continue;
      // `ARG NAME` in a stage: the global ARG's default, looked for further up.
      if (candidate.raw === undefined) continue;
      found = candidate;
      break;
    }
    // Not declared: `${NAME:-default}` takes the default written here.
    if (!found) continue;
    if (found.value === undefined) return undefined;
    if (!sources.includes(found)) sources.push(found);
  }
  return sources;
}

export const noLiteralSecrets = defineRule({
  code: 'FDL017',
  name: 'no-literal-secrets',
  severity: 'error',
  summary: 'ENV and ARG hold no literal secrets',
  fixable: false,
  messages: {
    secret:
      '`{{name}}` is set to a literal secret, which stays in the image and its history. Pass it at run time, or use `RUN --mount=type=secret` to build with it.',
    credentials:
      '`{{name}}` holds a password in its URL, which stays in the image and its history. Pass the URL at run time, or use `RUN --mount=type=secret`.',
    secretFromDefault:
      '`{{name}}` gets the literal value of `{{source}}` (line {{line}}), which stays in the image and its history. Pass it at run time instead.',
    placeholder: '`{{name}}` is a placeholder that the app uses as its {{what}} unless the deployment sets another. Set it at run time only.',
  },
  docs: {
    description:
      "Reports `ENV` and `ARG` declarations that set a secret to a literal value, judged by the name and the shape of the value: names such as `SECRET_KEY`, `*_TOKEN`, `*_API_KEY`, `*_PASSWORD`, `PASSWD`, `*_PASS`, `*_PWD` (a suffix: the shell's own `PWD` is the working directory), `*_PASSPHRASE`, `*_SECRET`, `*_PRIVATE_KEY`, `*_ACCESS_KEY`, `*_CREDENTIALS` and `*_AUTH` with a value; and `*_URL`, `*_URI` or `*_DSN` (`DATABASE_URL`) whose value has `user:password@`.\n\nA value built from variables is followed to where it comes from: `ARG HASH_KEY=9f2c...` then `ENV SECRET_KEY=${HASH_KEY}` puts that literal in the image config, whatever the ARG is called, and is reported on the ENV (once: an ARG reported itself is not reported again through the ENV that copies it). A variable with no value the Dockerfile shows (`ARG HASH_KEY` with no default) is given at build or run time, and not reported.\n\nA placeholder (`changeme`, `xxx`, `<token>`, `your-...`, `example`, `dummy`, `insecure...`) is not a leaked secret, but left in the environment of the image it is the app's secret until the deployment sets another: `ENV SECRET_KEY=changeme` signs sessions with `changeme`. That is reported as a warning, with its own message, for the app's own secrets and passwords (`SECRET_KEY`, `*_SECRET`, passwords) set by ENV in the stages the image is made of. Placeholders in ARGs, in builder stages, and in tokens or keys for other services (where a placeholder only fails to log in) stay silent.\n\nNot reported: an empty value, an ARG with no default, a path (`/run/secrets/...`), a file under a `*_CREDENTIALS` name (`service-account.json`), a switch (`true`, `off`, `1`), an auth mode under a `*_AUTH` name (`basic`, `jwt`). The finding names the variable, never its value.",
    why: 'ENV values are stored in the image config: `docker inspect` and `docker history` show them to anyone who can pull the image, and every later stage and container inherits them. ARG values used in a RUN end up in the image history too. And the Dockerfile itself sits in git. Secrets belong to the runtime (environment variables from the orchestrator, Docker or Kubernetes secrets); a secret the build itself needs (a private package index token) goes through `RUN --mount=type=secret`, which is never stored in a layer.',
    bad: 'FROM python:3.13-slim\nENV SECRET_KEY=9f2c4e7a1b8d3f60\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: the secret must move to where the app runs, and it is already exposed: rotate it.',
    guideItems: [],
    references: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'],
  },
  check({ model, report }) {
    const all = declarations(model);
    /** The declarations reported as literal secrets themselves: an ENV that copies one is not reported again. */
    const reported = new Set<Declaration>();
    for (const declaration of all) {
      const { name, raw, value } = declaration;
      if (raw === undefined || value === undefined || value.trim() === '') continue;
      const trimmed = value.trim();
      if (SECRET_NAME.test(name)) {
        if (isNotASecret(name, trimmed)) continue;
        // A value built from variables: a secret only if they hold literal values (`ARG HASH_KEY=...`, then `ENV SECRET_KEY=${HASH_KEY}`).
        const sources = raw.includes('$') ? sourcesOf(all, declaration) : [];
        if (sources === undefined) continue;
        if (PLACEHOLDER.test(trimmed)) {
          // A placeholder left in the container's environment is the app's secret until the deployment sets one.
          if (declaration.keyword === 'ENV' && OWN_SECRET_NAME.test(name) && isShipped(model, declaration.instruction.stage)) {
            const what = /PASS|PWD/i.test(name) ? 'password' : 'secret';
            report({ messageId: 'placeholder', data: { name, what }, range: declaration.nameRange, severity: 'warning' });
          }
          continue;
        }
        if (sources.length === 0) {
          reported.add(declaration);
          report({ messageId: 'secret', data: { name }, range: declaration.nameRange });
          continue;
        }
        if (sources.every((source) => reported.has(source))) continue;
        const source = sources.find((candidate) => !reported.has(candidate)) as Declaration;
        reported.add(declaration);
        report({
          messageId: 'secretFromDefault',
          data: { name, source: source.name, line: model.source.positionAt(source.nameRange.start).line + 1 },
          range: declaration.nameRange,
          related: sources.map((candidate) => candidate.instruction.range),
        });
      } else if (URL_NAME.test(name) && isLiteral(raw, value)) {
        const password = URL_PASSWORD.exec(trimmed)?.[1];
        if (password === undefined || PLACEHOLDER.test(decodeURIComponentSafe(password))) continue;
        report({ messageId: 'credentials', data: { name }, range: declaration.nameRange });
      }
    }
  },
});

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
