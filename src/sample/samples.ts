import type { BookInput, MarketInput, RiskParamsInput } from '../model/schemas.js';
import { crossVenueBook, crossVenueMarket, crossVenueParams } from './crossVenueSample.js';
import { sampleBook, sampleMarket, sampleParams } from './sampleVenue.js';

/** An embedded sample: the three inputs, each a fresh object per call. */
export interface EmbeddedSample {
  /** How errors and messages name its inputs (`sample market`, `cross-venue sample book`). */
  label: string;
  market: () => MarketInput;
  book: () => BookInput;
  params: () => RiskParamsInput;
}

/**
 * The embedded samples by name (`--sample NAME`; `venue`, the default, is the one every command
 * used before there were two): the inputs a command takes for the files it is not given.
 */
export const EMBEDDED_SAMPLES = {
  venue: { label: 'sample', market: sampleMarket, book: sampleBook, params: sampleParams },
  'cross-venue': { label: 'cross-venue sample', market: crossVenueMarket, book: crossVenueBook, params: crossVenueParams },
} as const satisfies Record<string, EmbeddedSample>;

export type SampleName = keyof typeof EMBEDDED_SAMPLES;
export const SAMPLE_NAMES = Object.keys(EMBEDDED_SAMPLES) as SampleName[];
