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
export const CONTEXT_RULE_OPTIONS =
  "`--context DIR` (config `context`) when the context is not the Dockerfile's directory; `--no-context` turns the rule off.";
