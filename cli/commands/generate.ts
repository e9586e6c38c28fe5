import { join } from 'node:path';
import { formatBookCsv } from '../../src/model/bookCsv.js';
import { generateVenue } from '../../src/sample/generate.js';
import { prepareOutputDirectory, writeFileAtomic } from '../output.js';

export async function generateCommand(options: { accounts: number; instruments: number; seed: number; out: string }): Promise<void> {
  prepareOutputDirectory(options.out);
  const venue = generateVenue({ accounts: options.accounts, instruments: options.instruments, seed: options.seed });
  await writeFileAtomic(join(options.out, 'market.json'), `${JSON.stringify(venue.market, null, 2)}\n`);
  await writeFileAtomic(join(options.out, 'params.json'), `${JSON.stringify(venue.params, null, 2)}\n`);
  await writeFileAtomic(join(options.out, 'book.json'), `${JSON.stringify(venue.book)}\n`);
  await writeFileAtomic(join(options.out, 'book.csv'), formatBookCsv(venue.book));
  process.stderr.write(
    `wrote ${options.out}/{market.json,params.json,book.json,book.csv}: ${venue.book.accounts.length} accounts, ` +
      `${venue.market.instruments.length} instruments, seed ${options.seed}\n`,
  );
}
