import { defineRule } from '../src/core/rule.js';
import {
  formatComposeDuration,
  path,
  type Project,
  readPythonModule,
  gunicornEnvOptions,
  type OffsetRange,
  parseComposeDuration,
  serverCommand,
  type ServerCommand,
  serverOption,
  serverOptions,
} from '../src/core/facts.js';

/** Docker Compose's default `stop_grace_period`. */
const COMPOSE_DEFAULT_SECONDS = 10;
/** gunicorn's default `--graceful-timeout`. */
const GUNICORN_DEFAULT_SECONDS = 30;

interface GracefulTimeout {
  seconds: number;
  /** How it was set, for the message. */
  setting: string;
  range: OffsetRange;
}

function toSeconds(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * Whether the `gunicorn.conf.py` that gunicorn reads from its working directory when given no
 * `-c` is in the image there and may set `graceful_timeout` (it binds the name, imports `*`, or
 * cannot be read). A file only a RUN could write is not looked for.
 */
function defaultConfigMaySet(server: ServerCommand, project: Project): boolean {
  if (server.workdir === undefined) return false;
  const found = project.imageFs.lookup(path.join(server.workdir, 'gunicorn.conf.py'));
  if (found.kind !== 'file') return false;
  const file = project.context.file(found.contextPath);
  if (!file) return true;
  const module = readPythonModule(file.source.text);
  return module.hasSyntaxError || module.names.has('graceful_timeout') || /\bimport\s+\*/.test(file.source.text);
}

/**
 * How long the server lets requests in flight finish after SIGTERM. uvicorn and `fastapi run`
 * wait with no limit unless told (`--timeout-graceful-shutdown`); gunicorn waits 30 s by default,
 * unless a config file may say otherwise.
 */
function gracefulTimeout(server: ServerCommand, project: Project): GracefulTimeout | 'unknown' | undefined {
  const programRange = { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
  const name = server.kind === 'gunicorn' ? '--graceful-timeout' : '--timeout-graceful-shutdown';
  const option = serverOption(server, name);
  if (option) {
    const seconds = toSeconds(option.value);
    if (seconds === undefined) return 'unknown';
    return { seconds, setting: `\`${name} ${option.value}\``, range: { start: option.word.start, end: (option.valueWord ?? option.word).end } };
  }
  if (server.kind === 'gunicorn') {
    const fromArgs = gunicornEnvOptions(server)
      .filter((found) => found.name === name)
      .pop();
    if (fromArgs) {
      const seconds = toSeconds(fromArgs.value);
      return seconds === undefined ? 'unknown' : { seconds, setting: `\`${name} ${fromArgs.value}\` in GUNICORN_CMD_ARGS`, range: programRange };
    }
    const readsConfig =
      serverOptions(server, '-c', '--config').length > 0 || gunicornEnvOptions(server).some((found) => found.name === '-c' || found.name === '--config');
    if (readsConfig || defaultConfigMaySet(server, project)) return 'unknown';
    return { seconds: GUNICORN_DEFAULT_SECONDS, setting: "gunicorn's default `--graceful-timeout` (30)", range: programRange };
  }
  if (server.kind === 'uvicorn' && server.env.has('UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN')) {
    const seconds = toSeconds(server.env.get('UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN'));
    return seconds === undefined ? 'unknown' : { seconds, setting: `\`UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=${seconds}\``, range: programRange };
  }
  return undefined;
}

export const shutdownGracePeriod = defineRule({
  code: 'FDL026',
  name: 'shutdown-grace-period',
  severity: 'warning',
  summary: "Compose's stop_grace_period gives the server as long as it takes to finish requests",
  fixable: false,
  messages: {
    tooShort: '{{setting}} lets requests run {{server}} s after SIGTERM, but Compose kills it after {{grace}}. Set `stop_grace_period: {{suggested}}`.',
  },
  docs: {
    description:
      "Reads the Compose service that builds the Dockerfile and reports when its `stop_grace_period` (Compose's default: 10 s) is shorter than the time the server gives requests in flight to finish after SIGTERM: `--timeout-graceful-shutdown` for uvicorn and `fastapi run` (or `UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN`), `--graceful-timeout` for gunicorn (also in `GUNICORN_CMD_ARGS`). gunicorn's default of 30 s counts, since it is longer than Compose's default; uvicorn's default (wait with no limit) does not, as no grace period could satisfy it. Silent when the service overrides `command` or `entrypoint`, when gunicorn reads a config file (`-c`, or the `gunicorn.conf.py` it reads from its working directory by default, when that sets `graceful_timeout`), and when a value is not a plain number or duration.",
    why: "On `docker compose stop`, `down` or a redeploy, Compose sends SIGTERM and, once the grace period is over, SIGKILL. The server stops accepting connections and waits for requests in flight up to its graceful timeout; if Compose kills it first, those requests are cut off mid-response and FastAPI's lifespan shutdown (closing database pools, flushing queues) never runs.",
    bad: '# Compose waits 10 s by default (no stop_grace_period):\n# app/main.py: app = FastAPI()\n# compose.yaml:\n#   services:\n#     api:\n#       build: .\nFROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80", "--timeout-graceful-shutdown", "30"]',
    good: '# app/main.py: app = FastAPI()\n# compose.yaml:\n#   services:\n#     api:\n#       build: .\n#       stop_grace_period: 35s\nFROM python:3.13-slim\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80", "--timeout-graceful-shutdown", "30"]',
    fixSafety: 'No fix: the grace period lives in the Compose file, and how long to wait is yours to choose.',
    guideItems: [4],
    references: [
      'https://docs.docker.com/reference/compose-file/services/#stop_grace_period',
      'https://www.uvicorn.org/settings/#timeouts',
      'https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout',
    ],
  },
  check({ model, project, report }) {
    const compose = project?.context.compose;
    if (!compose) return;
    const service = compose.file.services.find((candidate) => candidate.name === compose.service);
    if (!service || service.overridesCommand) return;
    const grace = service.stopGracePeriod === undefined ? COMPOSE_DEFAULT_SECONDS : parseComposeDuration(service.stopGracePeriod);
    if (grace === undefined) return;
    const server = serverCommand(model);
    if (!server || server.kind === 'hypercorn') return;
    const timeout = gracefulTimeout(server, project);
    if (timeout === undefined || timeout === 'unknown' || timeout.seconds <= grace) return;
    report({
      messageId: 'tooShort',
      data: {
        setting: timeout.setting,
        server: timeout.seconds,
        grace: service.stopGracePeriod === undefined ? `${grace} s (its default)` : `${grace} s`,
        suggested: formatComposeDuration(timeout.seconds + 5),
      },
      range: timeout.range,
    });
  },
});
