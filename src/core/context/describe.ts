import type { BuildContext } from './build-context.js';

/** Where the build context came from, in words for a message (never an absolute path). */
export function describeContext(context: BuildContext): string {
  switch (context.origin) {
    case 'option':
      return 'the --context directory';
    case 'memory':
      return 'the files given with the Dockerfile';
    case 'compose':
      return `service \`${context.compose?.service}\`'s context in ${context.compose?.file.path.split('/').pop() ?? 'the Compose file'}`;
    default:
      return "the Dockerfile's directory";
  }
}

/** The `options` section of the docs of every rule that reads the build context. */
export const CONTEXT_RULE_OPTIONS = "`--context DIR` (config `context`) when the context is not the Dockerfile's directory; `--no-context` turns the rule off.";

/**
 * For the docs of the server rules: which commands they judge besides the Dockerfile's own, and
 * where the finding goes (see `runtime.ts`).
 */
export const RUNTIME_COMMANDS_DOC =
  "Besides the Dockerfile's CMD and ENTRYPOINT, the rule judges the commands that replace them where the repository deploys the image: the `command:` and `entrypoint:` of a Compose service that builds the Dockerfile (over the files laid together, with its `environment:` and `working_dir:`), and the `command` and `args` of a Kubernetes container tied to the image (plain YAML manifests under `k8s/`, `deploy/`, `manifests/`, `kustomize/` and the like, not Helm templates; tied by the image name of that Compose service, a kustomization's `images:`, or an image named like the service or the Dockerfile's directory). Such a finding points at the line of the Compose file or manifest that wrote the command.";

/** For the docs of the rules that leave development Compose files alone (FDL005, FDL007, FDL009, FDL018). */
export const DEVELOPMENT_COMPOSE_DOC =
  'A Compose command written for development is not judged: one in `compose.override.yaml` / `docker-compose.override.yml` (which Compose lays over the default file on a developer\'s machine), in a file whose name has `dev`, `develop`, `development`, `local` or `debug` as a word (`docker-compose.dev.yml`, `compose-local.yaml`, `dev.yml`), of a service started only under such a profile (`profiles: [dev]`), or of a service that bind-mounts a folder of the project into the container (`volumes: [".:/code"]`, `./app:/code/app`): code mounted over the image\'s is there to be edited live, which is what reloading is for. A mounted single file (`./nginx.conf`, `./.env`) or a data folder (`./.data`) does not count. Any other Compose file, and every manifest, counts as production.';
