import { inThreadExecutor } from './cpu/chunkExecutor.js';
import { CpuEngine } from './cpu/cpuEngine.js';
import type { RiskEngine } from './engine.js';

/**
 * Where a computation gets its engine. An engine passed in is borrowed: the caller opened it and
 * disposes it. A factory is called here and what it returns is disposed here; so is the default,
 * the CPU backend in the calling thread (runtime-neutral: no worker threads, no GPU).
 */
export type EngineSource = RiskEngine | (() => RiskEngine | Promise<RiskEngine>) | undefined;

function isEngine(source: EngineSource): source is RiskEngine {
  return typeof source === 'object' && source !== null;
}

/** Runs `use` with an engine from `source`, disposing it afterwards when it was opened here. */
export async function withEngine<T>(source: EngineSource, use: (engine: RiskEngine) => Promise<T>): Promise<T> {
  if (isEngine(source)) return use(source);
  const engine = source ? await source() : new CpuEngine(inThreadExecutor());
  try {
    return await use(engine);
  } finally {
    await engine.dispose();
  }
}
