import { join } from 'node:path';
import { z } from 'zod';
import { BookSchema, MarketSchema, RiskParamsSchema } from '../../src/model/schemas.js';
import { prepareOutputDirectory, writeFileAtomic } from '../output.js';

/** JSON Schemas generated from the zod validators, so the documented format cannot drift. */
export function inputJsonSchemas(): Record<string, unknown> {
  return {
    'market.schema.json': z.toJSONSchema(MarketSchema, { io: 'input' }),
    'params.schema.json': z.toJSONSchema(RiskParamsSchema, { io: 'input' }),
    'book.schema.json': z.toJSONSchema(BookSchema, { io: 'input' }),
  };
}

export async function schemaCommand(options: { out: string }): Promise<void> {
  prepareOutputDirectory(options.out);
  for (const [name, schema] of Object.entries(inputJsonSchemas())) {
    await writeFileAtomic(join(options.out, name), `${JSON.stringify(schema, null, 2)}\n`);
  }
  process.stderr.write(`wrote ${Object.keys(inputJsonSchemas()).join(', ')} to ${options.out}\n`);
}
