/**
 * The core for the browser (the playground): lint a Dockerfile's text against an in-memory
 * project. TEMPORARY: lints without the build context until the core split lands.
 */
import { lint, lintAndFix, type Finding } from './lint.js';
import { findRule } from '../rules/index.js';
import { ruleDocUrl as docUrl } from './docs/markdown.js';
import type { DeployTarget } from './rule.js';

export interface PlaygroundOptions {
  files: Record<string, string>;
  behindProxy?: boolean;
  deployTarget?: DeployTarget;
}

export interface PlaygroundFinding extends Finding {
  file?: string;
  fixTitle?: string;
}

export function lintText(text: string, options: PlaygroundOptions): PlaygroundFinding[] {
  return lint(text, { behindProxy: options.behindProxy, deployTarget: options.deployTarget });
}

export function fixText(text: string, options: PlaygroundOptions): { output: string; findings: PlaygroundFinding[] } {
  return lintAndFix(text, { behindProxy: options.behindProxy, deployTarget: options.deployTarget });
}

export function ruleDocUrl(code: string): string {
  const rule = findRule(code);
  return rule ? docUrl(rule) : '';
}
