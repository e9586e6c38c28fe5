#!/usr/bin/env node
/**
 * The `margin` process: runs the CLI (program.ts) and exits with its code. The explicit exit
 * matters: Dawn keeps the process alive while its instance lives.
 * Exit codes: 0 ok, 1 unexpected failure, 2 bad input or usage (nothing written),
 * 130 / 143 interrupted by SIGINT / SIGTERM (temporary outputs removed by output.ts's exit hook).
 */
import { runCli } from './program.js';

process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

process.exit(await runCli(process.argv));
