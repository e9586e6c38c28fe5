/** f64 option pricing: the normal distribution, generalized BSM / Black-76, implied vol. */
export { normalCdf, normalInverseCdf, normalPdf } from './normal.js';
export { bsm, bsmPrice, type BsmGreeks, type BsmInput, type OptionType } from './bsm.js';
export { impliedVol, type ImpliedVolInput, type ImpliedVolOptions } from './impliedVol.js';
