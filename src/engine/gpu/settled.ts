/**
 * Waiting for GPU work without taking a CPU core away from it.
 *
 * Dawn's Node binding resolves its promises (onSubmittedWorkDone, mapAsync) by polling the
 * device from setImmediate for as long as one is pending, so a plain `await` keeps the main
 * thread at 100%. On a CPU adapter (lavapipe) that spin competes with the shader threads for
 * the same cores: on the 2-core CI machine a whole run's revaluation stage took ~1.5× and its
 * aggregation ~1.2× as long as with the main thread asleep (docs/webgpu.md).
 *
 * `settled` sleeps the thread between Dawn's polls (Atomics.wait), in steps growing from 20 µs
 * to 1 ms, so a short wait stays short and a long one costs one poll per millisecond. Only in
 * Node: a browser delivers the promise from its own event loop without spinning (and forbids
 * Atomics.wait on its main thread), so there the promise is returned as it is.
 */

const FIRST_SLEEP_MS = 0.02;
const LONGEST_SLEEP_MS = 1;

const sleeper: Int32Array | undefined =
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string' &&
  typeof SharedArrayBuffer === 'function' &&
  typeof setImmediate === 'function'
    ? new Int32Array(new SharedArrayBuffer(4))
    : undefined;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function settled<T>(work: Promise<T>): Promise<T> {
  if (!sleeper) return work;
  let pending = true;
  const done = () => {
    pending = false;
  };
  work.then(done, done);
  // Dawn polls once per event-loop turn; each turn of this loop sleeps before yielding.
  for (let sleep = FIRST_SLEEP_MS; pending; sleep = Math.min(LONGEST_SLEEP_MS, sleep * 2)) {
    await nextTurn();
    if (pending) Atomics.wait(sleeper, 0, 0, sleep);
  }
  return work;
}
