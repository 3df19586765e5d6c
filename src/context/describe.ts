import type { BuildContext } from './build-context.js';

/** Where the build context came from, in words for a message (never an absolute path). */
export function describeContext(context: BuildContext): string {
  switch (context.origin) {
    case 'option':
      return 'the --context directory';
    case 'compose':
      return `the context that ${context.compose?.file.path.split('/').pop() ?? 'the Compose file'} gives service \`${context.compose?.service}\``;
    default:
      return "the Dockerfile's directory";
  }
}
