import { describe, expect, it } from 'vitest';
import { settled } from '../../src/engine/gpu/settled.js';

/**
 * A stand-in for Dawn's Node binding: while the work is pending it polls from setImmediate,
 * every event-loop turn, and the work completes after `ms` of wall time.
 */
function pollingWork<T>(ms: number, outcome: () => T): Promise<T> {
  const due = performance.now() + ms;
  return new Promise<T>((resolve, reject) => {
    const poll = () => {
      if (performance.now() < due) return void setImmediate(poll);
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    setImmediate(poll);
  });
}

/** CPU time this process spends (all threads) while `run` completes. */
async function cpuMsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('settled: waiting on polled GPU work', () => {
  it('resolves with the work value and rejects with its error', async () => {
    await expect(settled(pollingWork(5, () => 42))).resolves.toBe(42);
    await expect(settled(pollingWork(5, () => { throw new Error('device lost'); }))).rejects.toThrow('device lost');
    await expect(settled(Promise.resolve('already done'))).resolves.toBe('already done');
  });

  // A plain await on polled work keeps the thread busy for the whole wait (~300 ms of CPU);
  // settled sleeps between polls (measured: under 5% of the wait). The bounds sit far from
  // both, so a loaded machine that gives the spinning thread only part of a core still passes.
  it('sleeps the thread between polls instead of spinning', async () => {
    const waitMs = 300;
    const spinning = await cpuMsDuring(() => pollingWork(waitMs, () => 0));
    const sleeping = await cpuMsDuring(() => settled(pollingWork(waitMs, () => 0)));
    expect(spinning).toBeGreaterThan(waitMs / 4);
    expect(sleeping).toBeLessThan(spinning / 4);
  });
});
