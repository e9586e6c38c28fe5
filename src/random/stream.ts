/**
 * The scenario random stream: the specification that the CPU (this file, f64) and the WGSL
 * shader (f32) both implement. The Philox words are identical on both backends; the uniforms
 * are identical numbers; normals and the mixing draw agree to f32 rounding of ln/sqrt/cos/sin,
 * except that a Marsaglia–Tsang accept/reject test landing within that rounding of its
 * threshold may go the other way on the GPU (rare; that scenario's W then differs outright).
 *
 * Building blocks
 *   philox(ctr, key)   Philox4x32-10, Random123-compatible (src/random/philox.ts); on the GPU
 *                      the 32×32→64-bit multiply is built from 16-bit halves.
 *   uniform(w)         ((w >>> 9) + 0.5) · 2^-23, in [2^-24, 1 − 2^-24] and exact in f32
 *                      (src/random/uniform.ts says why 23 bits, not 24).
 *   boxMuller(a, b)    u1 = uniform(a), u2 = uniform(b); r = sqrt(−2 ln u1); θ = π·(2·u2 − 1);
 *                      (z0, z1) = (r·cos θ, r·sin θ).
 *
 * Key
 *   seed: an integer in [0, 2^53). key = (k0, k1) = (seed mod 2^32, floor(seed / 2^32)).
 *
 * Counter
 *   (scenario, index, stream, 0), all u32; scenario in [0, 2^32).
 *   STREAM_NORMALS = 0, STREAM_MIXING = 1.
 *
 * Normals: normal j (0 ≤ j < count) of scenario s
 *   (w0, w1, w2, w3) = philox((s, floor(j / 4), STREAM_NORMALS, 0), key)
 *   j mod 4 = 0, 1: z0, z1 of boxMuller(w0, w1)
 *   j mod 4 = 2, 3: z0, z1 of boxMuller(w2, w3)
 *   so normals 4b .. 4b+3 come from one Philox call, and the first m normals of a scenario do
 *   not depend on how many are drawn in total.
 *
 * Chi-square mixing W ~ χ²(ν) = 2·Gamma(ν/2, 1), Marsaglia & Tsang (2000), ν > 2 finite:
 *   d = ν/2 − 1/3, c = 1 / sqrt(9d)
 *   for a = 0 .. MAX_MIXING_ATTEMPTS − 1:
 *     (w0, w1, w2, w3) = philox((s, a, STREAM_MIXING, 0), key)      (w3 unused)
 *     x = z0 of boxMuller(w0, w1); u = uniform(w2)
 *     b = 1 + c·x; v = b·b·b   (two multiplies, not pow, on both backends)
 *     if v > 0 and ln(u) < 0.5·x² + d − d·v + d·ln(v): return 2·d·v
 *   return 2·d   (all attempts rejected; see below)
 *   For shape ν/2 > 1 one attempt is rejected with probability below 5% (about 4.8% as
 *   ν → 2, 2.7% at ν = 3, 0.6% at ν = 10), so 64 rejections in a row have probability below
 *   0.05^64 < 1e-80. The fallback 2d = ν − 2/3 (near the mean ν, finite and positive) only
 *   keeps the loop bounded on the GPU; it does not occur in any realistic run.
 *
 * Historical days (filtered historical simulation): draw j (0 ≤ j < count) of scenario s picks
 *   (w0, w1, w2, w3) = philox((s, floor(j / 4), STREAM_HISTORY, 0), key)
 *   day = floor(w_(j mod 4) · D / 2^32)   for a table of D days
 *   an integer product (mulhi on the GPU), so both backends pick the same day exactly; for
 *   D < 2^16 every day has probability within 2^-16 relative of 1/D.
 *
 * Student-t scale: sqrt((ν − 2) / W)
 *   Multiplying all normals of a scenario by this one scale gives a multivariate Student-t
 *   with ν degrees of freedom and UNIT variance (the textbook t = z·sqrt(ν / W) has variance
 *   ν / (ν − 2)), so a vol parameter is the same standard deviation under the normal and the
 *   Student-t models; only the tails change.
 */
import { philox4x32Into } from './philox.js';
import { boxMullerCos, normalsFromBlock } from './normal.js';
import { uniformFromWord } from './uniform.js';

export const STREAM_NORMALS = 0;
export const STREAM_MIXING = 1;
export const STREAM_HISTORY = 2;
export const MAX_MIXING_ATTEMPTS = 64;

const TWO_POW_32 = 2 ** 32;

/** Scratch block for the hot paths (JS is single-threaded per isolate; workers get their own). */
const block = new Uint32Array(4);

function checkSeed(seed: number, caller: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${caller}: seed must be an integer in [0, 2^53), got ${seed}`);
  }
}

function checkScenario(scenario: number, caller: string): void {
  if (!Number.isInteger(scenario) || scenario < 0 || scenario >= TWO_POW_32) {
    throw new RangeError(`${caller}: scenario must be an integer in [0, 2^32), got ${scenario}`);
  }
}

function checkDof(dof: number, caller: string): void {
  if (!Number.isFinite(dof) || !(dof > 2)) {
    throw new RangeError(`${caller}: dof must be finite and > 2, got ${dof}`);
  }
}

/** Key word 0 of a seed: seed mod 2^32. */
export function seedKey0(seed: number): number {
  return seed >>> 0;
}

/** Key word 1 of a seed: floor(seed / 2^32). */
export function seedKey1(seed: number): number {
  return Math.floor(seed / TWO_POW_32) >>> 0;
}

/**
 * Writes normals 0 .. count−1 of `scenario` to out[outOffset .. outOffset + count − 1].
 * Allocation-free; one Philox call per four normals.
 */
export function scenarioNormals(seed: number, scenario: number, count: number, out: Float64Array, outOffset = 0): void {
  checkSeed(seed, 'scenarioNormals');
  checkScenario(scenario, 'scenarioNormals');
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`scenarioNormals: count must be a non-negative integer, got ${count}`);
  }
  if (!Number.isInteger(outOffset) || outOffset < 0 || outOffset + count > out.length) {
    throw new RangeError(
      `scenarioNormals: out[${outOffset} .. ${outOffset + count}) does not fit an array of length ${out.length}`,
    );
  }
  const k0 = seedKey0(seed);
  const k1 = seedKey1(seed);
  for (let j = 0, b = 0; j < count; j += 4, b++) {
    philox4x32Into(scenario, b, STREAM_NORMALS, 0, k0, k1, block, 0);
    normalsFromBlock(block, 0, out, outOffset + j, Math.min(4, count - j));
  }
}

/**
 * The scenario's chi-square(dof) mixing draw W (Marsaglia–Tsang on the mixing stream, see the
 * specification above). Requires dof > 2 and finite.
 */
export function chiSquareMixing(seed: number, scenario: number, dof: number): number {
  checkSeed(seed, 'chiSquareMixing');
  checkScenario(scenario, 'chiSquareMixing');
  checkDof(dof, 'chiSquareMixing');
  const k0 = seedKey0(seed);
  const k1 = seedKey1(seed);
  const d = dof / 2 - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (let attempt = 0; attempt < MAX_MIXING_ATTEMPTS; attempt++) {
    philox4x32Into(scenario, attempt, STREAM_MIXING, 0, k0, k1, block, 0);
    const x = boxMullerCos(block[0], block[1]);
    const u = uniformFromWord(block[2]);
    const base = 1 + c * x;
    const v = base * base * base;
    if (v > 0 && Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return 2 * d * v;
  }
  return 2 * d;
}

/**
 * sqrt((dof − 2) / W) with W the scenario's chi-square mixing draw: the factor that turns the
 * scenario's normals into a unit-variance multivariate Student-t (see the specification above).
 */
export function studentTScale(seed: number, scenario: number, dof: number): number {
  return Math.sqrt((dof - 2) / chiSquareMixing(seed, scenario, dof));
}

/**
 * Writes the indices of the `count` historical days scenario `scenario` draws from a table of
 * `days` days to out[0 .. count) (see the specification above).
 */
export function historicalDays(seed: number, scenario: number, days: number, count: number, out: Uint32Array): void {
  checkSeed(seed, 'historicalDays');
  checkScenario(scenario, 'historicalDays');
  if (!Number.isInteger(days) || days < 1 || days >= 2 ** 16) throw new RangeError(`historicalDays: days must be an integer in [1, 2^16), got ${days}`);
  const k0 = seedKey0(seed);
  const k1 = seedKey1(seed);
  for (let j = 0; j < count; j++) {
    if (j % 4 === 0) philox4x32Into(scenario, j / 4, STREAM_HISTORY, 0, k0, k1, block, 0);
    // w·D < 2^48: exact in a double, so the floor is the integer mulhi the GPU computes.
    out[j] = Math.floor((block[j % 4] * days) / TWO_POW_32);
  }
}
