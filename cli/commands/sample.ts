import { join } from 'node:path';
import { EMBEDDED_SAMPLES, type SampleName } from '../../src/sample/samples.js';
import { prepareOutputDirectory, writeFileAtomic } from '../output.js';

/** `margin sample --out DIR [--sample NAME]`: an embedded sample's three inputs as files. */
export async function sampleCommand(options: { out: string; sample?: SampleName }): Promise<void> {
  const sample = EMBEDDED_SAMPLES[options.sample ?? 'venue'];
  prepareOutputDirectory(options.out);
  await writeFileAtomic(join(options.out, 'market.json'), `${JSON.stringify(sample.market(), null, 2)}\n`);
  await writeFileAtomic(join(options.out, 'params.json'), `${JSON.stringify(sample.params(), null, 2)}\n`);
  await writeFileAtomic(join(options.out, 'book.json'), `${JSON.stringify(sample.book(), null, 2)}\n`);
  process.stderr.write(`wrote ${options.out}/{market.json,params.json,book.json}\n`);
}
