/**
 * The hit (exception) sequence of a VaR backtest. Sign convention of the whole folder: losses are
 * positive (loss = −P&L), and VaR and ES are positive loss levels, as the engine reports them.
 * Day t is an exception when its realized loss exceeds that day's VaR strictly (L_t > VaR_t):
 * a loss equal to the VaR is covered, as a margin equal to the loss is.
 */
import { assertFiniteSeries } from './validate.js';

export function hitSequence(losses: ArrayLike<number>, valueAtRisk: ArrayLike<number>): boolean[] {
  assertFiniteSeries(losses, 'hitSequence', 'losses');
  assertFiniteSeries(valueAtRisk, 'hitSequence', 'valueAtRisk', { length: losses.length });
  const hits = new Array<boolean>(losses.length);
  for (let t = 0; t < losses.length; t++) hits[t] = losses[t] > valueAtRisk[t];
  return hits;
}
