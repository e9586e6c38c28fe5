/** The predictive volatility models a walk-forward backtest compares. */
export type { CrossAssetContext, ModelName, VolatilityModel } from './types.js';
export { TRAINING_DAYS, WARM_UP_DAYS } from './types.js';
export { ewmaModel, staticModel } from './simple.js';
export { garchModel } from './garch.js';
export { harModel } from './har.js';
export { learnedModel } from './learned.js';
export { ridgeFit, ridgePredict, type RidgeFit } from './ridge.js';

import type { ModelName, VolatilityModel } from './types.js';
import { ewmaModel, staticModel } from './simple.js';
import { garchModel } from './garch.js';
import { harModel } from './har.js';
import { learnedModel } from './learned.js';

export const MODEL_NAMES: readonly ModelName[] = ['static', 'ewma', 'garch', 'har', 'learned'];

/** A model by name, with its default settings. */
export function volatilityModel(name: ModelName): VolatilityModel {
  return { static: staticModel, ewma: ewmaModel(), garch: garchModel(), har: harModel(), learned: learnedModel() }[name];
}
