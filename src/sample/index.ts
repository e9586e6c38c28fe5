/** Input builders: the sample venue, synthetic venues of any size, and the seeded PRNG they use. */
export { createPrng, type Prng } from '../random/prng.js';
export { SAMPLE_FACTORS, SAMPLE_VALUATION_TIME, sampleBook, sampleMarket, sampleParams } from './sampleVenue.js';
export { generateVenue, type GeneratedVenue, type GenerateOptions } from './generate.js';
