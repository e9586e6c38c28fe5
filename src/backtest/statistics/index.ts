/**
 * The statistics of a VaR/ES backtest and of margin procyclicality (runtime-neutral, f64).
 * Conventions (README.md beside this file): losses, VaR and ES are positive loss levels;
 * `coverage` is the VaR confidence (0.99), the exception probability under H0 being
 * 1 − coverage; an exception is a day with loss > VaR. Every function validates its input and
 * throws a BacktestInputError naming the argument.
 */
export { BacktestInputError } from './validate.js';
export { hitSequence } from './hitSequence.js';
export type { ExceptionCounts } from './exceptionCounts.js';
export { kupiecPof, type LikelihoodRatioTest } from './kupiecPof.js';
export { christoffersen, countTransitions, type ChristoffersenTest, type HitTransitions } from './christoffersen.js';
export {
  trafficLight,
  exceptionCumulativeProbability,
  YELLOW_ZONE_FROM,
  RED_ZONE_FROM,
  type TrafficLightZone,
} from './trafficLight.js';
export { durationTest, type DurationTest, type DurationTestOptions } from './durationTest.js';
export type { EsBacktestSeries } from './esInputs.js';
export { mcneilFreyTest, type McNeilFreyOptions, type McNeilFreyTest } from './mcneilFreyTest.js';
export { acerbiSzekelyZ2, type AcerbiSzekelyOptions, type AcerbiSzekelyTest } from './acerbiSzekelyZ2.js';
export {
  procyclicality,
  type MarginIncrease,
  type MarginPoint,
  type Procyclicality,
  type ProcyclicalityOptions,
} from './procyclicality.js';
export { chiSquareCdf, chiSquareSurvival } from './chiSquare.js';
export { regularizedGammaP, regularizedGammaQ } from './incompleteGamma.js';
export { binomialCdf } from './binomialCdf.js';
