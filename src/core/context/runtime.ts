/**
 * The command that really runs: the Dockerfile's own ENTRYPOINT and CMD, and the commands that
 * replace them where the image is deployed from this repository: a Compose service that builds
 * the Dockerfile (`command:`, `entrypoint:`, over all the files laid together, with its
 * `environment:` and `working_dir:`), and a Kubernetes container tied to it (`command:`, `args:`,
 * `env:`, `workingDir:`; see `kubernetes-evidence.ts`). The server rules judge every one of them,
 * and a finding about a replaced command points into the file that wrote it.
 */
import * as path from 'pathe';
import { overriddenServers, serverCommand, serverCommands, type RuntimeOverride, type ServerCommand } from '../model/server.js';
import { SourceText } from '../model/source.js';
import type { DockerfileModel } from '../model/types.js';
import type { ContextFile } from './build-context.js';
import { isDevelopmentCompose, type ComposeCommand, type ComposeFile } from './compose.js';
import { contextContainers, kubernetesOverrides } from './kubernetes-evidence.js';
import type { Project } from './project.js';

const composeFiles = new WeakMap<ComposeFile, ContextFile>();

/** A Compose file as a file findings point into. */
export function composeContextFile(file: ComposeFile, root: string): ContextFile {
  let found = composeFiles.get(file);
  if (!found) {
    found = { path: path.relative(root, file.path) || path.basename(file.path), absolutePath: file.path, source: new SourceText(file.text ?? '') };
    composeFiles.set(file, found);
  }
  return found;
}

/**
 * The Compose services that build the Dockerfile's final stage and replace its command, each as
 * Compose merges its files (`docker compose -f a -f b`): the last file that sets `command:` or
 * `entrypoint:` wins, `environment:` adds up.
 */
export function composeOverrides(project: Project): RuntimeOverride[] {
  const compose = project.context.compose;
  if (!compose) return [];
  const finalStage = project.model.finalStage;
  const found: RuntimeOverride[] = [];
  for (const builder of compose.builders ?? [compose]) {
    if (builder.target !== undefined && builder.target.toLowerCase() !== finalStage?.name) continue;
    let command: { value: ComposeCommand; file: ComposeFile } | undefined;
    let entrypoint: { value: ComposeCommand; file: ComposeFile } | undefined;
    const env: [string, string | undefined][] = [];
    let workdir: string | undefined;
    let profiles: string[] | undefined;
    let mountsProjectFolder = false;
    let unknownEnv = false;
    for (const file of builder.project ?? [builder.file]) {
      const service = file.services.find((candidate) => candidate.name === builder.service);
      if (!service) continue;
      if (service.command) command = { value: service.command, file };
      if (service.entrypoint) entrypoint = { value: service.entrypoint, file };
      env.push(...Object.entries(service.environment ?? {}));
      unknownEnv ||= service.envFile === true;
      workdir = service.workingDir ?? workdir;
      profiles = service.profiles ?? profiles;
      mountsProjectFolder ||= service.mountsProjectFolder === true;
    }
    const written = entrypoint ?? command;
    if (!written) continue;
    // The file written last decides whether the command is a development one.
    const last =
      command && entrypoint
        ? (builder.project ?? []).indexOf(command.file) > (builder.project ?? []).indexOf(entrypoint.file)
          ? command
          : entrypoint
        : written;
    if ((command && command.value.words === undefined) || (entrypoint && entrypoint.value.words === undefined)) continue;
    // An `env_file:` may set what the command's server reads (UVICORN_*): its settings are unknown.
    if (unknownEnv) for (const name of SERVER_VARIABLES) env.push([name, undefined]);
    const file = composeContextFile(last.file, project.context.root);
    // A service that mounts the project's code over the image's is run to edit that code live.
    const development = isDevelopmentCompose(last.file, profiles) || mountsProjectFolder;
    const ranges = [command?.file === last.file ? command.value.range : undefined, entrypoint?.file === last.file ? entrypoint.value.range : undefined].filter(
      (range) => range !== undefined,
    );
    found.push({
      override: {
        kind: 'compose',
        file,
        range: { start: Math.min(...ranges.map((range) => range.start)), end: Math.max(...ranges.map((range) => range.end)) },
        where: `service \`${builder.service}\` in ${path.basename(last.file.path)}`,
        development,
      },
      entrypoint: entrypoint?.value.words,
      command: command?.value.words,
      env,
      workdir,
    });
  }
  return found;
}

/** Variables the servers read their settings from, unknown when an env file may set them. */
const SERVER_VARIABLES = [
  'UVICORN_HOST',
  'UVICORN_RELOAD',
  'UVICORN_WORKERS',
  'WEB_CONCURRENCY',
  'GUNICORN_CMD_ARGS',
  'FORWARDED_ALLOW_IPS',
  'UVICORN_FORWARDED_ALLOW_IPS',
  'UVICORN_PROXY_HEADERS',
];

const overridesCache = new WeakMap<Project, RuntimeOverride[]>();

/** Every replaced command of the project, read once per lint. */
export function runtimeOverrides(project: Project): RuntimeOverride[] {
  let found = overridesCache.get(project);
  if (!found) {
    found = [...composeOverrides(project), ...kubernetesOverrides(contextContainers(project.context))];
    overridesCache.set(project, found);
  }
  return found;
}

/**
 * The servers the container may start: the Dockerfile's own (its first, or with `all` every one
 * a shell `if` may choose), then the first (or every) server of each command that replaces it.
 * `production`: leave out the commands written for development (see `isDevelopmentCompose`).
 */
export function runningServers(model: DockerfileModel, project: Project | undefined, options: { all?: boolean; production?: boolean } = {}): ServerCommand[] {
  const servers = options.all ? serverCommands(model) : [serverCommand(model)].filter((server): server is ServerCommand => server !== undefined);
  const stage = model.finalStage;
  if (!project || !stage) return servers;
  for (const replaced of runtimeOverrides(project)) {
    if (options.production && replaced.override.development) continue;
    const env = new Map(stage.end.runtimeEnv);
    for (const [name, value] of replaced.env) env.set(name, value);
    const found = overriddenServers(
      stage,
      replaced,
      env,
      replaced.workdir === undefined ? stage.end.workdir : path.resolve(stage.end.workdir ?? '/', replaced.workdir),
      replaced.override,
    );
    servers.push(...(options.all ? found : found.slice(0, 1)));
  }
  return servers;
}
