import { defineRule } from '../src/core/rule.js';
import { declarations } from '../src/core/model/declarations.js';

/** Names that hold a secret: `SECRET_KEY`, `GITHUB_TOKEN`, `OPENAI_API_KEY`, `DB_PASSWORD`, `CLIENT_SECRET`. */
const SECRET_NAME = /(?:^|_)(?:SECRET(?:_KEY)?|TOKEN|API_?KEY|PASSWORD|PASSWD|PRIVATE_KEY|ACCESS_KEY|SECRET_ACCESS_KEY)$/i;
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

export const noLiteralSecrets = defineRule({
  code: 'FDL017',
  name: 'no-literal-secrets',
  severity: 'error',
  summary: 'ENV and ARG hold no literal secrets',
  fixable: false,
  messages: {
    secret: '`{{name}}` is set to a literal secret, which stays in the image and its history. Pass it at run time, or use `RUN --mount=type=secret` to build with it.',
    credentials: '`{{name}}` holds a password in its URL, which stays in the image and its history. Pass the URL at run time, or use `RUN --mount=type=secret`.',
  },
  docs: {
    description:
      'Reports `ENV` and `ARG` declarations that set a secret to a literal value, judged by the name and the shape of the value: names such as `SECRET_KEY`, `*_TOKEN`, `*_API_KEY`, `*_PASSWORD`, `*_SECRET`, `*_PRIVATE_KEY`, `*_ACCESS_KEY` with a value; and `*_URL`, `*_URI` or `*_DSN` (`DATABASE_URL`) whose value has `user:password@`. Not reported: an empty value, a value built from another variable (`${DB_PASSWORD}`), an ARG with no default, a path (`/run/secrets/...`), and obvious placeholders (`changeme`, `xxx`, `<token>`, `your-...`, `example`, `dummy`, `placeholder`), in any stage. The finding names the variable, never its value.',
    why:
      'ENV values are stored in the image config: `docker inspect` and `docker history` show them to anyone who can pull the image, and every later stage and container inherits them. ARG values used in a RUN end up in the image history too. And the Dockerfile itself sits in git. Secrets belong to the runtime (environment variables from the orchestrator, Docker or Kubernetes secrets); a secret the build itself needs (a private package index token) goes through `RUN --mount=type=secret`, which is never stored in a layer.',
    bad: 'FROM python:3.13-slim\nENV SECRET_KEY=9f2c4e7a1b8d3f60\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    good: 'FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80"]',
    fixSafety: 'No fix: the secret must move to where the app runs, and it is already exposed: rotate it.',
    guideItems: [],
    references: [
      'https://docs.docker.com/build/building/secrets/',
      'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
    ],
  },
  check({ model, report }) {
    for (const declaration of declarations(model)) {
      const { name, raw, value } = declaration;
      if (raw === undefined || !isLiteral(raw, value)) continue;
      const trimmed = value.trim();
      if (SECRET_NAME.test(name)) {
        if (trimmed.startsWith('/') || PLACEHOLDER.test(trimmed) || /^(?:true|false|\d{1,3})$/i.test(trimmed)) continue;
        report({ messageId: 'secret', data: { name }, range: declaration.nameRange });
      } else if (URL_NAME.test(name)) {
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
