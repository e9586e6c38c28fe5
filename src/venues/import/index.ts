/**
 * Venue exports to our inputs: Deribit chain snapshots to a market, CCXT's and Deribit's
 * account exports to a book. Runtime-neutral: text and parsed JSON in, plain data out.
 */
export { type ChainOption, parseDeribitChain } from './deribitChainSnapshot.js';
export { type ChainExpiry, type ChainMarket, type ChainMarketOptions, DERIBIT_FUTURE_FACE_USD, deribitChainMarket } from './deribitChainMarket.js';
export { blackAt, checkChainMarks, type MarkCheck, summarizeMarkChecks } from './deribitChainCheck.js';
export { type CcxtSymbol, parseCcxtSymbol } from './ccxtSymbol.js';
export { type CcxtImportInput, importCcxt } from './ccxtImport.js';
export { type DeribitImportInput, importDeribit } from './deribitImport.js';
export type { ImportResult, VenuePosition } from './venuePosition.js';
