import type { MarginModel } from '../model/schemas.js';

/**
 * The margin models a run can report. The first three are the engine's own and always
 * computed (one of them is enforced: it sets health and liquidation); the venue models are
 * the published portfolio-margin methods of Deribit and Derive, computed only when asked for
 * (`margin run --models`), over the same positions and the same valuation.
 */
export const CORE_MARGIN_MODELS: readonly MarginModel[] = ['isolated', 'cross', 'portfolio'];
export const VENUE_MARGIN_MODELS = ['deribit-pm', 'derive-pm'] as const;
export type VenueMarginModel = (typeof VENUE_MARGIN_MODELS)[number];
export type MarginModelName = MarginModel | VenueMarginModel;
export const MARGIN_MODEL_NAMES: readonly MarginModelName[] = [...CORE_MARGIN_MODELS, ...VENUE_MARGIN_MODELS];
/** What `margin run` reports without --models: today's three, so outputs stay as they were. */
export const DEFAULT_MARGIN_MODELS: readonly MarginModelName[] = CORE_MARGIN_MODELS;

export function isVenueMarginModel(name: string): name is VenueMarginModel {
  return (VENUE_MARGIN_MODELS as readonly string[]).includes(name);
}

export function isMarginModelName(name: string): name is MarginModelName {
  return (MARGIN_MODEL_NAMES as readonly string[]).includes(name);
}
