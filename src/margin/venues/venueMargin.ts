import type { Holding, MarginContext } from '../context.js';
import type { VenueMarginModel } from '../marginModels.js';
import { type DeribitPmMargin, deribitPmMargin } from './deribitPm.js';
import { type DerivePmMargin, derivePmMargin } from './derivePmrm.js';

/** The venue models' results, by model name. */
export interface VenueMargins {
  'deribit-pm': DeribitPmMargin;
  'derive-pm': DerivePmMargin;
}

/** One venue model's margin of an account's positions (pure; the valuation is the engine's). */
export function venueMargin<M extends VenueMarginModel>(ctx: MarginContext, model: M, positions: readonly Holding[]): VenueMargins[M] {
  const margin: VenueMargins[VenueMarginModel] = model === 'deribit-pm' ? deribitPmMargin(ctx, positions) : derivePmMargin(ctx, positions);
  return margin as VenueMargins[M];
}
