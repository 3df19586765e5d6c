import { defineRule } from '../src/core/rule.js';
import { DEVELOPMENT_COMPOSE_DOC, isTruthy, proxyEvidence, runningServers, RUNTIME_COMMANDS_DOC, type ServerCommand, serverOption } from '../src/core/facts.js';

/** The trusted-IPs setting in force: a flag, or the environment the server reads. */
function trustsForwardedIps(server: ServerCommand): boolean {
  if (serverOption(server, '--forwarded-allow-ips')) return true;
  if (server.env.has('FORWARDED_ALLOW_IPS')) return true;
  if (server.kind !== 'gunicorn' && server.env.has('UVICORN_FORWARDED_ALLOW_IPS')) return true;
  if (server.kind === 'gunicorn' && /--forwarded-allow-ips/.test(server.env.get('GUNICORN_CMD_ARGS') ?? '')) return true;
  return false;
}

function disablesProxyHeaders(server: ServerCommand): boolean {
  if (serverOption(server, '--no-proxy-headers', '--proxy-headers')?.name === '--no-proxy-headers') return true;
  const fromEnv = server.env.get('UVICORN_PROXY_HEADERS');
  return server.kind === 'uvicorn' && fromEnv !== undefined && !isTruthy(fromEnv);
}

export const proxyHeaders = defineRule({
  code: 'FDL005',
  name: 'proxy-headers',
  severity: 'warning',
  summary: 'Behind a TLS-terminating proxy, trust its forwarded headers',
  fixable: false,
  messages: {
    untrusted:
      "Behind a proxy ({{evidence}}), `{{server}}` trusts X-Forwarded-* headers only from 127.0.0.1. Add `--forwarded-allow-ips` with the proxy's address.",
    disabled:
      'The app is behind a proxy ({{evidence}}), but `--no-proxy-headers` makes `{{server}}` ignore X-Forwarded-*. Remove it and add `--forwarded-allow-ips`.',
  },
  docs: {
    description: `Reports a server behind a TLS-terminating proxy that does not trust it: \`fastapi run\`, \`uvicorn\`, or \`gunicorn\` with no trusted-IPs setting (\`--forwarded-allow-ips\` or \`FORWARDED_ALLOW_IPS\` in the environment), or with proxy headers turned off (\`--no-proxy-headers\`). "Behind a proxy" is known from \`--behind-proxy\` (config \`behind-proxy: true\`), from the command itself (\`--proxy-headers\` or \`--root-path\`), or from the Compose file that builds the Dockerfile: Traefik labels on its service, or a Traefik, nginx, Caddy or HAProxy service that depends on or links to it; or from the repository's Kubernetes manifests: an Ingress or an HTTPRoute that routes, through a Service selecting its pods, to a workload whose container runs the image. The message names the file that gave the evidence. Without that evidence the rule says nothing. The server is found through wrappers such as \`uv run\`, \`poetry run\`, \`tini --\`, \`gosu USER\`, \`opentelemetry-instrument\`, \`ddtrace-run\` and \`sh -c\`.\n\n${RUNTIME_COMMANDS_DOC} ${DEVELOPMENT_COMPOSE_DOC}`,
    why: "`fastapi run` and `uvicorn` read X-Forwarded-Proto and X-Forwarded-For by default, but only from 127.0.0.1. A proxy in another container (Traefik, nginx, a cloud load balancer) has another address, so its headers are ignored: `request.url` says http://, redirects (including FastAPI's trailing-slash redirects) send browsers to http://, and every client IP in your logs is the proxy's. A proxy on 127.0.0.1 (a sidecar in the same network namespace) already works; turning proxy headers off (`--no-proxy-headers`) loses the scheme and client address even from it.",
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--proxy-headers", "--port", "80"]',
    good: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--proxy-headers", "--forwarded-allow-ips", "10.0.0.0/8", "--port", "80"]',
    fixSafety: 'No fix: which addresses to trust depends on your network; trusting "*" is only safe when the proxy is the only way in.',
    guideItems: [5],
    options: '`--behind-proxy` / `behind-proxy: true`: the app is served behind a proxy even though the command does not show it.',
    references: ['https://www.uvicorn.org/settings/#http', 'https://fastapi.tiangolo.com/advanced/behind-a-proxy/'],
  },
  check({ model, project, options, report }) {
    for (const server of runningServers(model, project, { production: true })) {
      if (server.kind === 'hypercorn') continue;
      const evidence = proxyEvidence(server, options.behindProxy, project);
      if (!evidence) continue;
      const serverName = server.subcommand ? `${server.kind} ${server.subcommand}` : server.kind;
      const range = { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
      const file = server.override?.file;
      if (disablesProxyHeaders(server)) {
        const option = serverOption(server, '--no-proxy-headers');
        report({
          messageId: 'disabled',
          data: { evidence, server: serverName },
          range: option ? { start: option.word.start, end: option.word.end } : range,
          file,
        });
      } else if (!trustsForwardedIps(server)) {
        report({ messageId: 'untrusted', data: { evidence, server: serverName }, range, file });
      }
    }
  },
});
