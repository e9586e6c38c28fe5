import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The browser bundle of Chart.js (UMD, minified) as text, to inline into a self-contained
 * report: the page must open offline, so no CDN. `</script` is escaped so the bundle cannot end
 * its own script element.
 */
export function chartJsBundle(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('chart.js'); // dist/chart.cjs
  const text = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
  return text.replace(/<\/script/gi, '<\\/script');
}
