/** Runs a replay through one feed, step by step: the states a test or a cascade simulation reads. */
import { initialFeedState, updateFeed } from './feed.js';
import { DEFAULT_ORACLE_PARAMS } from './params.js';
import type { OracleReplay } from './replays.js';
import type { FeedState, OracleParams } from './types.js';

export interface ReplayStep {
  time: number;
  truePrice: number;
  state: FeedState;
}

export function runReplay(replay: OracleReplay, params: OracleParams = DEFAULT_ORACLE_PARAMS): ReplayStep[] {
  let state = initialFeedState(replay.asset, replay.initialPrice, replay.steps[0]);
  return replay.steps.map((time) => {
    state = updateFeed(state, replay.observationsAt(time), time, params);
    return { time, truePrice: replay.truePrice(time), state };
  });
}
