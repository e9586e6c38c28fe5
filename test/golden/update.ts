/** Rewrites the golden fixtures from the current code (CPU backend). Run: npx tsx test/golden/update.ts */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenRun, goldenStress, STRESS_NAMES, VOLATILE_KEYS } from './goldenRuns.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
mkdirSync(dir, { recursive: true });
const strip = (_key: string, value: unknown) => (VOLATILE_KEYS.has(_key) ? undefined : value);
writeFileSync(join(dir, 'run-sample.json'), `${JSON.stringify(await goldenRun(), strip)}\n`);
for (const name of STRESS_NAMES) writeFileSync(join(dir, `stress-${name}.json`), `${JSON.stringify(await goldenStress(name), strip)}\n`);
console.log(`wrote ${1 + STRESS_NAMES.length} fixtures to ${dir}`);
