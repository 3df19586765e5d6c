#!/usr/bin/env node
/**
 * The parse floor of `npm run bench`: what dockerfile-ast alone costs on the same files, as a
 * whole process (read each file given, parse it, keep nothing). A linter built on dockerfile-ast
 * cannot be cheaper than this; it prints the number of instructions parsed, so the work is real.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { DockerfileParser } = createRequire(import.meta.url)('dockerfile-ast');
let instructions = 0;
for (const file of process.argv.slice(2)) instructions += DockerfileParser.parse(readFileSync(file, 'utf8')).getInstructions().length;
process.stdout.write(`${instructions}\n`);
