import { join } from 'node:path';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { prepareOutputDirectory, writeFileAtomic } from '../output.js';

export async function sampleCommand(options: { out: string }): Promise<void> {
  prepareOutputDirectory(options.out);
  await writeFileAtomic(join(options.out, 'market.json'), `${JSON.stringify(sampleMarket(), null, 2)}\n`);
  await writeFileAtomic(join(options.out, 'params.json'), `${JSON.stringify(sampleParams(), null, 2)}\n`);
  await writeFileAtomic(join(options.out, 'book.json'), `${JSON.stringify(sampleBook(), null, 2)}\n`);
  process.stderr.write(`wrote ${options.out}/{market.json,params.json,book.json}\n`);
}
