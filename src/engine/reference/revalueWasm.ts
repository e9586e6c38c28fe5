import { HEAD_FACTORS } from '../../pricing/normal.js';
import { align, instantiateEmbedded, reserveMemory } from './embeddedWasm.js';
import { revalueWasmBase64 } from './revalueWasmModule.js';

/**
 * The option revaluation of revalue.ts (Black-76 on the shocked forward, per instrument over a
 * run of scenarios) in WebAssembly SIMD (assembly/revalue.ts), bit for bit the same numbers: the
 * same IEEE operations in the same order, with fdlibm's exp and log (what V8's Math.exp and
 * Math.log compute) and normal.ts's Φ written out. Where WebAssembly SIMD is missing, or where
 * this JavaScript engine's Math.exp or Math.log is not fdlibm's (a probe at instantiation: the
 * numbers would then differ in the last bits), the callers use the JavaScript loop, which stays
 * the reference the tests compare against.
 *
 * Each thread has its own instance; its memory holds, from address 0: the kernel's vector
 * constants, normal.ts's table of e^{−h²/2} (copied, the same bits), then for a run of `count`
 * scenarios the shocked spots, the vol multipliers, the output and three runs of scratch (f64 ×
 * count each). The memory grows to the largest run seen and is freed with the instance.
 */
export interface OptionRevaluation {
  /**
   * row[s] = multiplier · (Black-76 price − base) over the scenarios of `spots` and
   * `multipliers` (row.length of them), as revalue.ts's revalueOption.
   */
  revalueOption(spots: Float64Array, multipliers: Float64Array, row: Float64Array, option: OptionTerms): void;
}

/** What an option's revaluation needs of the instrument (revalue.ts's InstrumentConstants, and the plan's fields). */
export interface OptionTerms {
  multiplier: number;
  base: number;
  isCall: boolean;
  impliedVol: number;
  carryGrowth: number;
  discount: number;
  discountedStrike: number;
  sqrtTime: number;
}

interface RevalueExports {
  memory: WebAssembly.Memory;
  CONSTANTS_BYTES: WebAssembly.Global;
  writeConstants(table: number): void;
  expScalar(x: number): number;
  logScalar(x: number): number;
  revalueOption(
    count: number,
    spots: number,
    multipliers: number,
    out: number,
    heads: number,
    scratch: number,
    multiplier: number,
    base: number,
    isCall: number,
    impliedVol: number,
    carryGrowth: number,
    discount: number,
    discountedStrike: number,
    sqrtTime: number,
  ): void;
}

class WasmOptionRevaluation implements OptionRevaluation {
  private readonly heads: number;
  private readonly runs: number;

  constructor(private readonly kernel: RevalueExports) {
    const constantsBytes = kernel.CONSTANTS_BYTES.value as number;
    this.heads = align(constantsBytes, 16);
    this.runs = align(this.heads + 8 * HEAD_FACTORS.length, 16);
    this.reserve(this.runs);
    kernel.writeConstants(0);
    new Float64Array(kernel.memory.buffer, this.heads, HEAD_FACTORS.length).set(HEAD_FACTORS);
  }

  revalueOption(spots: Float64Array, multipliers: Float64Array, row: Float64Array, option: OptionTerms): void {
    const count = row.length;
    if (spots.length < count || multipliers.length < count) throw new RangeError(`an option row of ${count} scenarios needs as many spots and vol multipliers (got ${spots.length} and ${multipliers.length})`);
    const spotsAt = this.runs;
    const multipliersAt = spotsAt + 8 * count;
    const outAt = multipliersAt + 8 * count;
    const scratchAt = outAt + 8 * count;
    this.reserve(scratchAt + 24 * count);
    // Views are taken after any growth (growing detaches the previous buffer).
    const buffer = this.kernel.memory.buffer;
    new Float64Array(buffer, spotsAt, count).set(spots.subarray(0, count));
    new Float64Array(buffer, multipliersAt, count).set(multipliers.subarray(0, count));
    const o = option;
    this.kernel.revalueOption(count, spotsAt, multipliersAt, outAt, this.heads, scratchAt, o.multiplier, o.base, o.isCall ? 1 : 0, o.impliedVol, o.carryGrowth, o.discount, o.discountedStrike, o.sqrtTime);
    row.set(new Float64Array(buffer, outAt, count));
  }

  private reserve(bytes: number): void {
    if (!reserveMemory(this.kernel.memory, bytes)) throw new RangeError(`a revaluation run of ${bytes} bytes does not fit a WebAssembly memory`);
  }
}

let instance: WasmOptionRevaluation | null | undefined;

/**
 * This thread's instance, or null where WebAssembly SIMD is unavailable or this engine's
 * Math.exp and Math.log are not fdlibm's (then use revalue.ts's JavaScript loop).
 */
export function wasmOptionRevaluation(): OptionRevaluation | null {
  if (instance === undefined) instance = instantiate();
  return instance;
}

function instantiate(): WasmOptionRevaluation | null {
  const kernel = instantiateEmbedded<RevalueExports>(revalueWasmBase64);
  try {
    return kernel && agreesWithMath(kernel) ? new WasmOptionRevaluation(kernel) : null;
  } catch {
    return null; // the memory could not grow to the constants and the table
  }
}

/**
 * Whether the kernel's exp and log give this engine's Math.exp and Math.log bit for bit over a
 * spread of arguments (the ranges the revaluation meets and beyond). Two different
 * implementations of exp (fdlibm's, within one ulp, and a correctly rounded one, say) disagree on
 * a few percent of arguments, so 2,000 probes all agreeing leaves no practical doubt.
 */
function agreesWithMath(kernel: RevalueExports): boolean {
  for (let i = 0; i < 1000; i++) {
    // A deterministic spread: |x| up to ~40 for exp (both signs), ratios from e^−20 to e^20 for log.
    const u = (((i * 2654435761) >>> 0) / 2 ** 32) * 2 - 1;
    const x = u * (i % 4 === 0 ? 40 : i % 4 === 1 ? 3 : i % 4 === 2 ? 0.4 : 0.01);
    if (!Object.is(kernel.expScalar(x), Math.exp(x))) return false;
    const ratio = Math.exp(u * (i % 2 === 0 ? 20 : 0.2));
    if (!Object.is(kernel.logScalar(ratio), Math.log(ratio))) return false;
  }
  return true;
}
