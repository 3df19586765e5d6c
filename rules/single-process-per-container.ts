import { defineRule } from '../src/core/rule.js';
import {
  describeEntryPoint,
  describeSource,
  DEVELOPMENT_COMPOSE_DOC,
  entryPointCalls,
  runningServers,
  RUNTIME_COMMANDS_DOC,
  serverCommand,
  uvicornArgument,
  uvicornWorkers,
  workersSetting,
} from '../src/core/facts.js';

export const singleProcessPerContainer = defineRule({
  code: 'FDL009',
  name: 'single-process-per-container',
  severity: 'info',
  summary: 'In a cluster, run one server process per container and let the cluster replicate',
  fixable: false,
  messages: {
    workers: 'The image starts {{count}} worker processes ({{how}}) for Kubernetes: run one process per container and scale with replicas.',
    entryPointWorkers:
      '`{{call}}`, run by {{command}}, starts {{count}} worker processes for Kubernetes: run one process per container and scale with replicas.',
  },
  docs: {
    description: `With \`--deploy-target kubernetes\` (config \`deploy-target: kubernetes\`), or when Kubernetes manifests in the repository run the image (the target is then \`kubernetes\`), reports a server command that starts several worker processes: \`--workers N\` or \`-w N\` with N > 1, or \`WEB_CONCURRENCY\`/\`UVICORN_WORKERS\` in the environment the server reads. A \`python main.py\` (or \`python -m pkg\`, or a console script) whose \`uvicorn.run(...)\` passes \`workers=N\` is reported in that module. Silent for \`compose\`, \`server\`, or when no target is given, and when the count is not a number we can read. The server is found through wrappers such as \`uv run\`, \`poetry run\`, \`tini --\`, \`gosu USER\`, \`opentelemetry-instrument\`, \`ddtrace-run\` and \`sh -c\`.\n\n${RUNTIME_COMMANDS_DOC} ${DEVELOPMENT_COMPOSE_DOC}`,
    why: "In a cluster (Kubernetes, Swarm, Nomad) the orchestrator replicates containers, balances load between them and restarts the ones that fail. Workers inside the container duplicate that, hide crashed workers from health checks and make the container's memory use the sum of N processes, so limits are hard to set. On a single server or with Docker Compose, several workers per container are the right choice, which is why the rule needs to know the target.",
    bad: 'FROM python:3.12\nWORKDIR /code\nCOPY ./app /code/app\nCMD ["fastapi", "run", "app/main.py", "--workers", "4"]',
    good: 'FROM python:3.12\nRUN useradd --uid 10001 --no-create-home app\nWORKDIR /code\nCOPY ./app /code/app\nUSER 10001\nCMD ["fastapi", "run", "app/main.py"]',
    fixSafety: 'No fix: the replica count to set in the cluster is yours to decide.',
    guideItems: [7, 8],
    options:
      '`--deploy-target kubernetes|compose|server` (config `deploy-target`): only `kubernetes` enables the rule; without the option, manifests in the repository that run the image make the target `kubernetes`.',
  },
  check({ model, project, options, report }) {
    if (options.deployTarget !== 'kubernetes') return;
    // The app's own entry point (`python main.py` ending in `uvicorn.run(app, workers=4)`).
    if (project && !serverCommand(model)) {
      for (const { entryPoint, reached } of entryPointCalls(project)) {
        const count = uvicornWorkers(reached.call);
        const workers = uvicornArgument(reached.call, 'workers');
        if (count === undefined || count <= 1 || workers.state !== 'given') continue;
        report({
          messageId: 'entryPointWorkers',
          data: { call: `${reached.call.calleeText}()`, command: describeEntryPoint(entryPoint), count },
          range: workers.argument.range,
          file: entryPoint.file,
        });
      }
    }
    for (const server of runningServers(model, project, { production: true })) {
      const workers = workersSetting(server);
      if (workers.count === undefined || workers.count <= 1) continue;
      const range =
        workers.source.kind === 'option'
          ? { start: workers.source.option.word.start, end: (workers.source.option.valueWord ?? workers.source.option.word).end }
          : { start: server.invocation.programWord.start, end: server.invocation.programWord.end };
      report({ messageId: 'workers', data: { count: workers.count, how: describeSource(workers.source) }, range, file: server.override?.file });
    }
  },
});
