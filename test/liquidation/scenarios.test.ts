import { describe, expect, it } from 'vitest';
import { runCascade } from '../../src/liquidation/cascade.js';
import { builtinScenario, crashReplay, flashCrash } from '../../src/liquidation/scenarios.js';
import { InputError, InputErrors } from '../../src/model/errors.js';
import { expectRelClose } from '../helpers/expectClose.js';
import { randomBook, setupFor } from '../helpers/cascadeBooks.js';

describe('cascade scenarios', () => {
  it('flash crash: falls geometrically to depth × beta in crashSteps, then recovers the given share', () => {
    const s = flashCrash({ depth: 0.3, crashSteps: 6, recovery: 0.5, recoverySteps: 4 });
    expect(s.path.length).toBe(11);
    expect(s.path[0]).toEqual({ BTC: 1, ETH: 1, SOL: 1 });
    expectRelClose(s.path[6].BTC, 0.7, 1e-12, 'BTC trough');
    expectRelClose(s.path[6].SOL, 1 - 0.3 * 1.4, 1e-12, 'SOL trough (beta 1.4)');
    expectRelClose(s.path[10].BTC, 0.85, 1e-12, 'BTC after half the fall recovered');
    // Equal log steps down: the speed is set by crashSteps.
    expectRelClose(s.path[1].BTC / s.path[0].BTC, s.path[6].BTC / s.path[5].BTC, 1e-12, 'equal steps');
    expect(() => flashCrash({ depth: 1.2 })).toThrow(RangeError);
  });

  it('a crash replay applies the closes as returns on today prices; missing assets keep their last multiplier', () => {
    const s = crashReplay({ name: 'toy', steps: [{ prices: { BTC: 8000, ETH: 200 } }, { prices: { BTC: 4000 } }, { prices: { BTC: 6000, ETH: 120 } }] });
    expect(s.path).toEqual([{ BTC: 1, ETH: 1 }, { BTC: 0.5, ETH: 1 }, { BTC: 0.75, ETH: 0.6 }]);
    expect(s.params?.stepDays).toBe(1);
  });

  it('a bad replay file is refused with the field named', () => {
    expect(() => crashReplay({ name: 'x', steps: [{ prices: { BTC: 1 } }] }, 'f.json')).toThrow(InputErrors);
    expect(() => crashReplay({ name: 'x', steps: [{ prices: { BTC: 1 } }, { prices: { BTC: -5 } }] }, 'f.json')).toThrow(/steps\[1\]\.prices\.BTC/);
    expect(() => crashReplay({ name: 'x', steps: [{ prices: { BTC: 1 } }, { prices: { DOGE: 2 } }] }, 'f.json')).toThrow(InputError);
    expect(() => builtinScenario('nope')).toThrow(/flash-crash/);
  });

  it('a generated two-day crash replay runs with daily steps and conserves value', async () => {
    // A March-2020-like shape, generated here: −8%, then −40%, then +15%.
    const replay = crashReplay({
      name: 'generated-crash',
      steps: [{ prices: { BTC: 100, ETH: 10, SOL: 1 } }, { prices: { BTC: 92, ETH: 9, SOL: 0.9 } }, { prices: { BTC: 55, ETH: 5.2, SOL: 0.5 } }, { prices: { BTC: 63, ETH: 6, SOL: 0.58 } }],
    });
    const run = await runCascade(setupFor(randomBook(7, 40), 300), replay, { params: { insuranceFund: 1e5 } });
    expect(run.steps.length).toBe(4);
    expect(run.liquidatedAccounts).toBeGreaterThan(0);
    expect(run.conservationError).toBeLessThan(1e-9);
  });
});
