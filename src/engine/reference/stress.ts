import type { RiskPlan } from '../plan.js';
import { aggregateAccounts } from './aggregate.js';
import { revalueInstruments } from './revalue.js';
import { stressMoves } from './stressMoves.js';

/** Account P&L over the stress grid (account-major: accounts × stress scenarios). */
export function stressAccountPnl(plan: RiskPlan): Float64Array {
  const count = plan.stress.length;
  const instrumentPnl = new Float64Array(count * plan.instrumentIds.length);
  revalueInstruments(plan, stressMoves(plan), count, instrumentPnl);
  const out = new Float64Array(plan.accountIds.length * count);
  aggregateAccounts(plan, instrumentPnl, count, out);
  return out;
}
