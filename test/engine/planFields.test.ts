import { describe, expect, it } from 'vitest';
import { INSTRUMENT_FIELDS } from '../../src/engine/plan.js';
import { prepareRisk } from '../../src/engine/risk.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';

describe('INSTRUMENT_FIELDS', () => {
  it('lists every per-instrument field of a plan (what a plan cut to some accounts must keep)', () => {
    const plan = prepareRisk({ market: sampleMarket(), book: sampleBook(), params: sampleParams() }, { scenarios: 1000 });
    const instruments = plan.instrumentIds.length;
    // The sample's instrument count is no other dimension's, so a length says which fields are per instrument.
    expect([plan.accountIds.length, plan.factorCount, plan.underlyings.length, plan.positionQuantity.length]).not.toContain(instruments);
    const perInstrument = Object.entries(plan)
      .filter(([, value]) => (Array.isArray(value) || ArrayBuffer.isView(value)) && (value as ArrayLike<unknown>).length === instruments)
      .map(([field]) => field)
      .sort();
    expect(perInstrument).toEqual([...INSTRUMENT_FIELDS].sort());
  });
});
