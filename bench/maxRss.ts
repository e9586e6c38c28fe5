/**
 * Preloaded into a measured child process (`node --import ./maxRss.js ...`): at exit, writes the
 * process's peak resident memory in KiB (worker threads included) to $MAX_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
