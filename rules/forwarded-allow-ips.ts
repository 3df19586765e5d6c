import { defineRule } from '../src/core/rule.js';
import {
  DEVELOPMENT_COMPOSE_DOC,
  gunicornEnvOptions,
  type OffsetRange,
  proxyEvidence,
  runningServers,
  RUNTIME_COMMANDS_DOC,
  type ServerCommand,
  serverOption,
} from '../src/core/facts.js';

interface TrustAll {
  /** The setting as written, for the message. */
  setting: string;
  range: OffsetRange;
}

function trustsEveryone(value: string | undefined): boolean {
  return value?.split(',').some((part) => part.trim() === '*') === true;
}

/** Where the server is told to trust forwarded headers from every address, if it is. */
function trustAll(server: ServerCommand): TrustAll | undefined {
  const option = serverOption(server, '--forwarded-allow-ips');
  if (option) {
    if (!trustsEveryone(option.value)) return undefined;
    const end = (option.valueWord ?? option.word).end;
    return { setting: '--forwarded-allow-ips="*"', range: { start: option.word.start, end } };
  }
  const range = { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
  if (server.kind === 'gunicorn') {
    const fromArgs = gunicornEnvOptions(server)
      .filter((found) => found.name === '--forwarded-allow-ips')
      .pop();
    if (fromArgs) return trustsEveryone(fromArgs.value) ? { setting: '--forwarded-allow-ips="*" in GUNICORN_CMD_ARGS', range } : undefined;
  }
  // The uvicorn CLI reads UVICORN_FORWARDED_ALLOW_IPS first; uvicorn and gunicorn read FORWARDED_ALLOW_IPS.
  const names = server.kind === 'uvicorn' ? ['UVICORN_FORWARDED_ALLOW_IPS', 'FORWARDED_ALLOW_IPS'] : ['FORWARDED_ALLOW_IPS'];
  for (const name of names) {
    if (!server.env.has(name)) continue;
    return trustsEveryone(server.env.get(name)) ? { setting: `${name}=*`, range } : undefined;
  }
  return undefined;
}

export const forwardedAllowIps = defineRule({
  code: 'FDL018',
  name: 'forwarded-allow-ips',
  severity: 'warning',
  summary: 'Forwarded headers are trusted from every address only behind a proxy',
  fixable: false,
  messages: {
    trustsAll:
      "`{{setting}}` trusts X-Forwarded-* from any client, and no proxy is in sight: clients can fake their IP and scheme. Trust only the proxy's address.",
  },
  docs: {
    description: `Reports a server (\`fastapi run\`, \`uvicorn\`, \`gunicorn\`) told to trust X-Forwarded-For and X-Forwarded-Proto from every address (\`--forwarded-allow-ips="*"\`, \`FORWARDED_ALLOW_IPS=*\`, or \`UVICORN_FORWARDED_ALLOW_IPS\` / \`GUNICORN_CMD_ARGS\`) when nothing shows a proxy in front of it. A proxy is known exactly as FDL005 (proxy-headers) knows it: \`--behind-proxy\` (config \`behind-proxy: true\`), \`--proxy-headers\` or \`--root-path\` in the command, the Compose file (Traefik labels, or an nginx, Traefik, Caddy or HAProxy service routing to this one), or an Ingress or HTTPRoute of the repository's Kubernetes manifests in front of a workload that runs the image. With such evidence, \`*\` may be right (the proxy is the only way in) and the rule is silent.\n\n${RUNTIME_COMMANDS_DOC} ${DEVELOPMENT_COMPOSE_DOC}`,
    why: 'With `*`, the server believes whatever X-Forwarded-For and X-Forwarded-Proto a client sends. Without a proxy in front that overwrites them, any client can claim any IP address (defeating IP allow-lists, rate limits and audit logs) and make the app believe the request came over HTTPS.',
    bad: 'FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80", "--forwarded-allow-ips", "*"]',
    good: 'FROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--port", "80", "--forwarded-allow-ips", "10.0.0.5"]',
    fixSafety: "No fix: only you know the proxy's address.",
    guideItems: [5],
    options: '`--behind-proxy` / `behind-proxy: true`: a proxy is in front, so trusting every address may be intended.',
    references: [
      'https://www.uvicorn.org/settings/#http',
      'https://www.uvicorn.org/deployment/#proxies-and-forwarded-headers',
      'https://docs.gunicorn.org/en/stable/settings.html#forwarded-allow-ips',
    ],
  },
  check({ model, project, options, report }) {
    for (const server of runningServers(model, project, { production: true })) {
      if (server.kind === 'hypercorn') continue;
      const found = trustAll(server);
      if (!found || proxyEvidence(server, options.behindProxy, project)) continue;
      report({ messageId: 'trustsAll', data: { setting: found.setting }, range: found.range, file: server.override?.file });
    }
  },
});
