/**
 * Writes the README's screenshot of the lab (lab/screenshot.png): the sample venue on the
 * page's backend, one account open. `npx tsx test/lab/screenshot.ts`.
 */
import { join } from 'node:path';
import { launchChromium } from '../package/browser.js';
import { REPO } from '../package/packedPackage.js';
import { buildAndServeLab, openLab, settled } from './labSite.js';

const site = await buildAndServeLab();
const browser = await launchChromium();
try {
  const { context, page } = await openLab(browser, site.url);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.getByTestId('load-sample').click();
  await settled(page);
  await page.getByRole('gridcell', { name: 'acct-0010' }).click();
  await page.getByTestId('account-var').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(REPO, 'lab', 'screenshot.png') });
  await context.close();
} finally {
  await browser.close();
  await site.close();
}
process.exit(0);
