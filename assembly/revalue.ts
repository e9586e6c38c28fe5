// AssemblyScript (not TypeScript): the CPU backend's option revaluation (Black-76 on the shocked
// forward) in WebAssembly SIMD, compiled by scripts/embed-wasm.mjs into
// src/engine/reference/revalueWasmModule.ts.
//
// The same numbers as revalueOption in src/engine/reference/revalue.ts, bit for bit: the same
// IEEE operations in the same order (WebAssembly has no fused multiply-add and rounds every f64
// operation to nearest), with Math.exp and Math.log replaced by the fdlibm algorithms that V8
// implements them with (src/base/ieee754.cc: e_exp.c and e_log.c, V8's exp(1) = E included), and
// normalCdf (src/pricing/normal.ts: Cody's ANORM with the e^{−h²/2} head table) written out.
// log and Φ run over arrays, two arguments per vector: a pair whose lanes share a branch computes
// that branch only, a pair whose lanes part computes both and each lane keeps its own, and a pair
// with a lane outside the vector paths' domains (a log argument near a power of two, not
// positive, subnormal or not finite; a Φ argument past the underflow at ±38.5, or NaN) runs the
// scalar ports, which take fdlibm's and normal.ts's branches as written.
// The host (revalueWasm.ts) owns the memory: every pointer below is a byte address in it.

// ---- vector constants ----
// V8 builds a v128 constant from immediates at every use, several instructions each inside the
// loops; loaded from a table instead (filled once by writeConstants), each is one instruction.

/** The table's entries, 16 bytes each: f64 constants splatted, then i64 ones (the bit operations'). */
enum V {
  MINUS_HALF,
  HALF,
  ZERO,
  EXP_REDUCE_FROM,
  INV_LN2,
  LN2_HI,
  LN2_LO,
  EXP_P4,
  EXP_P5,
  EXP_P3,
  EXP_P2,
  EXP_P1,
  ONE,
  TWO,
  EXPONENT_BIAS_IN_MANTISSA,
  EXP_TINY,
  E,
  LG2,
  LG4,
  LG6,
  LG1,
  LG3,
  LG5,
  LG7,
  CENTRAL_NEGLIGIBLE,
  A4,
  A0,
  A1,
  A2,
  B0,
  B1,
  B2,
  A3,
  B3,
  SIXTEEN,
  SIXTEENTH,
  TWO_52,
  C8,
  C0,
  C1,
  C2,
  C3,
  C4,
  C5,
  C6,
  D0,
  D1,
  D2,
  D3,
  D4,
  D5,
  D6,
  C7,
  D7,
  P5,
  P0,
  Q0,
  P1,
  Q1,
  P2,
  Q2,
  P3,
  Q3,
  P4,
  Q4,
  INV_SQRT_2PI,
  CENTRAL_LIMIT,
  INTERMEDIATE_LIMIT,
  UNDERFLOW_LIMIT,
  SMALLEST_NORMAL_HIGH,
  INFINITY_HIGH,
  INT_TWO,
  MANTISSA_HIGH_BITS,
  INT_THREE,
  LOG_SQRT2_ROUNDING,
  IMPLICIT_BIT_HIGH,
  EXPONENT_BIAS,
  LOW_WORD,
  ONE_HIGH,
  LOG_BAND_LOW,
  LOG_BAND_HIGH,
  INT_ZERO,
  COUNT,
}

/** Where writeConstants put the table. */
let constantsAt: usize = 0;

// @ts-ignore: decorator
@inline function vec(entry: V): v128 {
  return v128.load(constantsAt + (<usize>entry << 4));
}

// @ts-ignore: decorator
@inline function splatF64(table: usize, entry: V, value: f64): void {
  v128.store(table + (<usize>entry << 4), f64x2.splat(value));
}

// @ts-ignore: decorator
@inline function splatI64(table: usize, entry: V, value: i64): void {
  v128.store(table + (<usize>entry << 4), i64x2.splat(value));
}

/** Fills the table at `table` (16 × V.COUNT bytes, the host's) and reads the constants from there on. */
export function writeConstants(table: usize): void {
  splatF64(table, V.MINUS_HALF, -0.5);
  splatF64(table, V.HALF, 0.5);
  splatF64(table, V.ZERO, 0);
  splatF64(table, V.EXP_REDUCE_FROM, EXP_REDUCE_FROM);
  splatF64(table, V.INV_LN2, INV_LN2);
  splatF64(table, V.LN2_HI, LN2_HI);
  splatF64(table, V.LN2_LO, LN2_LO);
  splatF64(table, V.EXP_P4, EXP_P4);
  splatF64(table, V.EXP_P5, EXP_P5);
  splatF64(table, V.EXP_P3, EXP_P3);
  splatF64(table, V.EXP_P2, EXP_P2);
  splatF64(table, V.EXP_P1, EXP_P1);
  splatF64(table, V.ONE, 1);
  splatF64(table, V.TWO, 2);
  splatF64(table, V.EXPONENT_BIAS_IN_MANTISSA, EXPONENT_BIAS_IN_MANTISSA);
  splatF64(table, V.EXP_TINY, EXP_TINY);
  splatF64(table, V.E, E);
  splatF64(table, V.LG2, LG2);
  splatF64(table, V.LG4, LG4);
  splatF64(table, V.LG6, LG6);
  splatF64(table, V.LG1, LG1);
  splatF64(table, V.LG3, LG3);
  splatF64(table, V.LG5, LG5);
  splatF64(table, V.LG7, LG7);
  splatF64(table, V.CENTRAL_NEGLIGIBLE, 1.1e-16);
  splatF64(table, V.A4, A4);
  splatF64(table, V.A0, A0);
  splatF64(table, V.A1, A1);
  splatF64(table, V.A2, A2);
  splatF64(table, V.B0, B0);
  splatF64(table, V.B1, B1);
  splatF64(table, V.B2, B2);
  splatF64(table, V.A3, A3);
  splatF64(table, V.B3, B3);
  splatF64(table, V.SIXTEEN, 16);
  splatF64(table, V.SIXTEENTH, 0.0625);
  splatF64(table, V.TWO_52, TWO_52);
  splatF64(table, V.C8, C8);
  splatF64(table, V.C0, C0);
  splatF64(table, V.C1, C1);
  splatF64(table, V.C2, C2);
  splatF64(table, V.C3, C3);
  splatF64(table, V.C4, C4);
  splatF64(table, V.C5, C5);
  splatF64(table, V.C6, C6);
  splatF64(table, V.D0, D0);
  splatF64(table, V.D1, D1);
  splatF64(table, V.D2, D2);
  splatF64(table, V.D3, D3);
  splatF64(table, V.D4, D4);
  splatF64(table, V.D5, D5);
  splatF64(table, V.D6, D6);
  splatF64(table, V.C7, C7);
  splatF64(table, V.D7, D7);
  splatF64(table, V.P5, P5);
  splatF64(table, V.P0, P0);
  splatF64(table, V.Q0, Q0);
  splatF64(table, V.P1, P1);
  splatF64(table, V.Q1, Q1);
  splatF64(table, V.P2, P2);
  splatF64(table, V.Q2, Q2);
  splatF64(table, V.P3, P3);
  splatF64(table, V.Q3, Q3);
  splatF64(table, V.P4, P4);
  splatF64(table, V.Q4, Q4);
  splatF64(table, V.INV_SQRT_2PI, INV_SQRT_2PI);
  splatF64(table, V.CENTRAL_LIMIT, CENTRAL_LIMIT);
  splatF64(table, V.INTERMEDIATE_LIMIT, INTERMEDIATE_LIMIT);
  splatF64(table, V.UNDERFLOW_LIMIT, UNDERFLOW_LIMIT);
  splatI64(table, V.SMALLEST_NORMAL_HIGH, 0x00100000);
  splatI64(table, V.INFINITY_HIGH, 0x7ff00000);
  splatI64(table, V.INT_TWO, 2);
  splatI64(table, V.MANTISSA_HIGH_BITS, 0x000fffff);
  splatI64(table, V.INT_THREE, 3);
  splatI64(table, V.LOG_SQRT2_ROUNDING, 0x95f64);
  splatI64(table, V.IMPLICIT_BIT_HIGH, 0x100000);
  splatI64(table, V.EXPONENT_BIAS, 1023);
  splatI64(table, V.LOW_WORD, 0xffffffff);
  splatI64(table, V.ONE_HIGH, 0x3ff00000);
  splatI64(table, V.LOG_BAND_LOW, 0x6147a);
  splatI64(table, V.LOG_BAND_HIGH, 0x6b851);
  splatI64(table, V.INT_ZERO, 0);
  constantsAt = table;
}

/** Bytes the constants' table takes. */
export const CONSTANTS_BYTES: i32 = <i32>V.COUNT << 4;

// ---- fdlibm exp (e_exp.c as in V8) ----

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700;
const EXP_P1: f64 = 1.66666666666666019037e-1;
const EXP_P2: f64 = -2.77777777770155933842e-3;
const EXP_P3: f64 = 6.61375632143793436117e-5;
const EXP_P4: f64 = -1.65339022054652515390e-6;
const EXP_P5: f64 = 4.13813679705723846039e-8;
const O_THRESHOLD: f64 = 7.09782712893383973096e2;
const U_THRESHOLD: f64 = -7.45133219101941108420e2;
const TWO_M1000: f64 = 9.33263618503218878990e-302;
const TWO_1023: f64 = 8.988465674311579539e307;
const E: f64 = 2.718281828459045;

/** fdlibm exp(x), scalar, every branch as V8 has it. */
export function expScalar(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  const xsb = <i32>(bits >> 63);
  const hx = <u32>(bits >> 32) & 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>bits) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0.0;
  }
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x == 1.0) return E;
      hi = xsb == 0 ? x - LN2_HI : x + LN2_HI;
      lo = xsb == 0 ? LN2_LO : -LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(INV_LN2 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1.0 + x;
  }
  const t = x * x;
  const c = x - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * TWO_1023;
    return y * reinterpret<f64>(<u64>(0x3ff + k) << 52);
  }
  return y * reinterpret<f64>(<u64>(0x3ff + k + 1000) << 52) * TWO_M1000;
}

/** |x| at or above this takes a reduction with k ≠ 0 (high word above 0x3fd62e42). */
const EXP_REDUCE_FROM: f64 = reinterpret<f64>(0x3fd62e4300000000);
/** 2^52 + 1023: added to an integral double k, leaves k + 1023 in the mantissa's low bits. */
const EXPONENT_BIAS_IN_MANTISSA: f64 = 4503599627371519.0;
/** 2^52: added to an integral double n ≥ 0, leaves n in the mantissa's low bits. */
const TWO_52: f64 = 4503599627370496.0;
/** Below 2^−28, exp(x) = 1 + x. */
const EXP_TINY: f64 = reinterpret<f64>(0x3e30000000000000);

/**
 * fdlibm exp in both lanes, for |x| < 700 (no overflow, no underflow, no NaN: the callers' domain).
 * k from the general reduction is the branch's own in the band 0.5·ln2 < |x| < 1.5·ln2 (there
 * trunc(x/ln2 ± ½) = ±1 and t·ln2_hi is exact), so one reduction serves every k ≠ 0 lane; the
 * k = 0 and tiny lanes take their own closing formulas, and x = 1 its constant.
 */
// @ts-ignore: decorator
@inline function expPair(x: v128): v128 {
  const ax = f64x2.abs(x);
  // The sign picks ±½ only where |x| ≥ 0.34 (reduce), so a comparison serves for the sign bit.
  const half = v128.bitselect(vec(V.MINUS_HALF), vec(V.HALF), f64x2.lt(x, vec(V.ZERO)));
  const reduce = f64x2.ge(ax, vec(V.EXP_REDUCE_FROM));
  const kf = v128.and(f64x2.trunc(f64x2.add(f64x2.mul(vec(V.INV_LN2), x), half)), reduce);
  const hi = f64x2.sub(x, f64x2.mul(kf, vec(V.LN2_HI)));
  const lo = f64x2.mul(kf, vec(V.LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let poly = f64x2.add(vec(V.EXP_P4), f64x2.mul(t, vec(V.EXP_P5)));
  poly = f64x2.add(vec(V.EXP_P3), f64x2.mul(t, poly));
  poly = f64x2.add(vec(V.EXP_P2), f64x2.mul(t, poly));
  poly = f64x2.add(vec(V.EXP_P1), f64x2.mul(t, poly));
  const c = f64x2.sub(r, f64x2.mul(t, poly));
  const xc = f64x2.mul(r, c);
  const one = vec(V.ONE);
  const two = vec(V.TWO);
  // k = 0: 1 − ((x·c)/(c − 2) − x).
  const unreduced = f64x2.sub(one, f64x2.sub(f64x2.div(xc, f64x2.sub(c, two)), r));
  // k ≠ 0: (1 − ((lo − (x·c)/(2 − c)) − hi)) · 2^k.
  const y = f64x2.sub(one, f64x2.sub(f64x2.sub(lo, f64x2.div(xc, f64x2.sub(two, c))), hi));
  // 2^k: k + 1023 lands in the low mantissa bits of kf + 2^52 + 1023 (exact: kf is a small integer).
  const twoToK = i64x2.shl(f64x2.add(kf, vec(V.EXPONENT_BIAS_IN_MANTISSA)), 52);
  let result = v128.bitselect(f64x2.mul(y, twoToK), unreduced, reduce);
  result = v128.bitselect(f64x2.add(one, x), result, f64x2.lt(ax, vec(V.EXP_TINY)));
  return v128.bitselect(vec(V.E), result, f64x2.eq(x, one));
}

// ---- fdlibm log (e_log.c as in V8) ----

const TWO54: f64 = 1.80143985094819840000e16;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

/** fdlibm log(x), scalar, every branch as V8 has it. */
export function logScalar(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | <i32>(<u32>bits)) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((bits & 0xffffffff) | (<u64>(hx | (i ^ 0x3ff00000)) << 32));
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) {
      if (k == 0) return 0;
      const dk = <f64>k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/**
 * Whether both lanes are in logPair's domain: positive, normal, finite, and not within 2^−20 of
 * a power of two (fdlibm's short series there is left to the scalar port).
 */
// @ts-ignore: decorator
@inline function inLogDomain(x: v128): bool {
  // Unsigned: a negative x has a high word past 0x7ff00000, outside like infinities and NaN.
  const high = i64x2.shr_u(x, 32);
  const normal = v128.and(i64x2.ge_s(high, vec(V.SMALLEST_NORMAL_HIGH)), i64x2.lt_s(high, vec(V.INFINITY_HIGH)));
  const nearPowerOfTwo = i64x2.lt_s(v128.and(i64x2.add(high, vec(V.INT_TWO)), vec(V.MANTISSA_HIGH_BITS)), vec(V.INT_THREE));
  return i64x2.all_true(v128.andnot(normal, nearPowerOfTwo));
}

/** fdlibm log in both lanes, for arguments inLogDomain: the four closing formulas, each lane its own. */
// @ts-ignore: decorator
@inline function logPair(x: v128): v128 {
  const high = i64x2.shr_u(x, 32);
  const mantissaHigh = v128.and(high, vec(V.MANTISSA_HIGH_BITS));
  const i = v128.and(i64x2.add(mantissaHigh, vec(V.LOG_SQRT2_ROUNDING)), vec(V.IMPLICIT_BIT_HIGH));
  const k = i64x2.add(i64x2.sub(i64x2.shr_u(high, 20), vec(V.EXPONENT_BIAS)), i64x2.shr_u(i, 20));
  const normalised = v128.or(v128.and(x, vec(V.LOW_WORD)), i64x2.shl(v128.or(mantissaHigh, v128.xor(i, vec(V.ONE_HIGH))), 32));
  const f = f64x2.sub(normalised, vec(V.ONE));
  const s = f64x2.div(f, f64x2.add(vec(V.TWO), f));
  const dk = f64x2.convert_low_i32x4_s(i8x16.shuffle(k, k, 0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(vec(V.LG2), f64x2.mul(w, f64x2.add(vec(V.LG4), f64x2.mul(w, vec(V.LG6))))));
  const t2 = f64x2.mul(
    z,
    f64x2.add(vec(V.LG1), f64x2.mul(w, f64x2.add(vec(V.LG3), f64x2.mul(w, f64x2.add(vec(V.LG5), f64x2.mul(w, vec(V.LG7))))))),
  );
  const R = f64x2.add(t2, t1);
  const bandMask = v128.or(i64x2.sub(mantissaHigh, vec(V.LOG_BAND_LOW)), i64x2.sub(vec(V.LOG_BAND_HIGH), mantissaHigh));
  const band = i64x2.gt_s(bandMask, vec(V.INT_ZERO));
  const unscaled = i64x2.eq(k, vec(V.INT_ZERO));
  const hiPart = f64x2.mul(dk, vec(V.LN2_HI));
  const loPart = f64x2.mul(dk, vec(V.LN2_LO));
  // i > 0: with hfsq = ½f².
  const hfsq = f64x2.mul(f64x2.mul(vec(V.HALF), f), f);
  const sR = f64x2.mul(s, f64x2.add(hfsq, R));
  const bandNear = f64x2.sub(f, f64x2.sub(hfsq, sR));
  const bandFar = f64x2.sub(hiPart, f64x2.sub(f64x2.sub(hfsq, f64x2.add(sR, loPart)), f));
  // i ≤ 0.
  const sfR = f64x2.mul(s, f64x2.sub(f, R));
  const outNear = f64x2.sub(f, sfR);
  const outFar = f64x2.sub(hiPart, f64x2.sub(f64x2.sub(sfR, loPart), f));
  return v128.bitselect(v128.bitselect(bandNear, bandFar, unscaled), v128.bitselect(outNear, outFar, unscaled), band);
}

// ---- Φ, as normalCdf in src/pricing/normal.ts ----

const INV_SQRT_2PI: f64 = 0.3989422804014327;
const CENTRAL_LIMIT: f64 = 0.66291;
const INTERMEDIATE_LIMIT: f64 = 5.656854249492381; // Math.sqrt(32)
const UNDERFLOW_LIMIT: f64 = 38.5;
const HEAD_STEPS: i32 = 640;
const A0: f64 = 2.2352520354606839287;
const A1: f64 = 161.02823106855587881;
const A2: f64 = 1067.6894854603709582;
const A3: f64 = 18154.981253343561249;
const A4: f64 = 0.065682337918207449113;
const B0: f64 = 47.20258190468824187;
const B1: f64 = 976.09855173777669322;
const B2: f64 = 10260.932208618978205;
const B3: f64 = 45507.789335026729956;
const C0: f64 = 0.39894151208813466764;
const C1: f64 = 8.8831497943883759412;
const C2: f64 = 93.506656132177855979;
const C3: f64 = 597.27027639480026226;
const C4: f64 = 2494.5375852903726711;
const C5: f64 = 6848.1904505362823326;
const C6: f64 = 11602.651437647350124;
const C7: f64 = 9842.7148383839780218;
const C8: f64 = 1.0765576773720192317e-8;
const D0: f64 = 22.266688044328115691;
const D1: f64 = 235.38790178262499861;
const D2: f64 = 1519.377599407554805;
const D3: f64 = 6485.558298266760755;
const D4: f64 = 18615.571640885098091;
const D5: f64 = 34900.952721145977266;
const D6: f64 = 38912.003286093271411;
const D7: f64 = 19685.429676859990727;
const P0: f64 = 0.21589853405795699;
const P1: f64 = 0.1274011611602473639;
const P2: f64 = 0.022235277870649807;
const P3: f64 = 0.001421619193227893466;
const P4: f64 = 2.9112874951168792e-5;
const P5: f64 = 0.02307344176494017303;
const Q0: f64 = 1.28426009614491121;
const Q1: f64 = 0.468238212480865118;
const Q2: f64 = 0.0659881378689285515;
const Q3: f64 = 0.00378239633202758244;
const Q4: f64 = 7.29751555083966205e-5;

/** e^{−x²/2} as expMinusHalfSquare: heads (f64 × HEAD_STEPS, the host's copy of normal.ts's table). */
function expMinusHalfSquareScalar(x: f64, heads: usize): f64 {
  const steps = trunc<f64>(x * 16);
  const head = steps / 16;
  const tailTerm = (x - head) * (x + head);
  const headFactor = steps >= 0 && steps < <f64>HEAD_STEPS ? load<f64>(heads + (<usize>(<i32>steps) << 3)) : expScalar(-0.5 * head * head);
  return headFactor * expScalar(-0.5 * tailTerm);
}

/** normalCdf, scalar, every branch as normal.ts has it. */
export function normalCdfScalar(x: f64, heads: usize): f64 {
  const y = abs(x);
  if (y <= CENTRAL_LIMIT) {
    const z = y > 1.1e-16 ? x * x : 0;
    const num = (((A4 * z + A0) * z + A1) * z + A2) * z;
    const den = (((z + B0) * z + B1) * z + B2) * z;
    return 0.5 + (x * (num + A3)) / (den + B3);
  }
  let lowerTail: f64;
  if (y <= INTERMEDIATE_LIMIT) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y;
    lowerTail = (expMinusHalfSquareScalar(y, heads) * (num + C7)) / (den + D7);
  } else if (y < UNDERFLOW_LIMIT) {
    const z = 1 / (y * y);
    let num = P5 * z;
    let den = z;
    num = (num + P0) * z;
    den = (den + Q0) * z;
    num = (num + P1) * z;
    den = (den + Q1) * z;
    num = (num + P2) * z;
    den = (den + Q2) * z;
    num = (num + P3) * z;
    den = (den + Q3) * z;
    const series = (z * (num + P4)) / (den + Q4);
    lowerTail = (expMinusHalfSquareScalar(y, heads) * (INV_SQRT_2PI - series)) / y;
  } else {
    lowerTail = y > 0 ? 0 : NaN;
  }
  return x > 0 ? 1 - lowerTail : lowerTail;
}

/** Φ in the central range for both lanes: ½ + x·R(x²), the x² terms dropped below 1.1e-16. */
// @ts-ignore: decorator
@inline function centralCdfPair(x: v128, y: v128): v128 {
  const z = v128.and(f64x2.mul(x, x), f64x2.gt(y, vec(V.CENTRAL_NEGLIGIBLE)));
  let num = f64x2.mul(f64x2.add(f64x2.mul(vec(V.A4), z), vec(V.A0)), z);
  num = f64x2.mul(f64x2.add(num, vec(V.A1)), z);
  num = f64x2.mul(f64x2.add(num, vec(V.A2)), z);
  let den = f64x2.mul(f64x2.add(z, vec(V.B0)), z);
  den = f64x2.mul(f64x2.add(den, vec(V.B1)), z);
  den = f64x2.mul(f64x2.add(den, vec(V.B2)), z);
  return f64x2.add(vec(V.HALF), f64x2.div(f64x2.mul(x, f64x2.add(num, vec(V.A3))), f64x2.add(den, vec(V.B3))));
}

/**
 * expMinusHalfSquare in both lanes for 0 ≤ y < 38.5: the head's factor from the table (steps <
 * 616), the rest, e^{−δ(y + h)/2} with an argument in [−2.4, 0], by expPair.
 */
// @ts-ignore: decorator
@inline function expMinusHalfSquarePair(y: v128, heads: usize): v128 {
  const steps = f64x2.trunc(f64x2.mul(y, vec(V.SIXTEEN)));
  const head = f64x2.mul(steps, vec(V.SIXTEENTH)); // = steps / 16 exactly
  const tailTerm = f64x2.mul(f64x2.sub(y, head), f64x2.add(y, head));
  // steps (an integer below 616) in the low mantissa bits of steps + 2^52, times 8: byte offsets.
  const offsets = i64x2.shl(f64x2.add(steps, vec(V.TWO_52)), 3);
  let headFactor = f64x2.splat(load<f64>(heads + (<usize>i64x2.extract_lane(offsets, 0) & 0x1fff)));
  headFactor = f64x2.replace_lane(headFactor, 1, load<f64>(heads + (<usize>i64x2.extract_lane(offsets, 1) & 0x1fff)));
  return f64x2.mul(headFactor, expPair(f64x2.mul(vec(V.MINUS_HALF), tailTerm)));
}

/** Φ in the intermediate range for both lanes (y = |x| < 38.5): e^{−y²/2}·R(y), the upper tail complemented. */
// @ts-ignore: decorator
@inline function intermediateCdfPair(x: v128, y: v128, heads: usize): v128 {
  let num = f64x2.mul(f64x2.add(f64x2.mul(vec(V.C8), y), vec(V.C0)), y);
  num = f64x2.mul(f64x2.add(num, vec(V.C1)), y);
  num = f64x2.mul(f64x2.add(num, vec(V.C2)), y);
  num = f64x2.mul(f64x2.add(num, vec(V.C3)), y);
  num = f64x2.mul(f64x2.add(num, vec(V.C4)), y);
  num = f64x2.mul(f64x2.add(num, vec(V.C5)), y);
  num = f64x2.mul(f64x2.add(num, vec(V.C6)), y);
  let den = f64x2.mul(f64x2.add(y, vec(V.D0)), y);
  den = f64x2.mul(f64x2.add(den, vec(V.D1)), y);
  den = f64x2.mul(f64x2.add(den, vec(V.D2)), y);
  den = f64x2.mul(f64x2.add(den, vec(V.D3)), y);
  den = f64x2.mul(f64x2.add(den, vec(V.D4)), y);
  den = f64x2.mul(f64x2.add(den, vec(V.D5)), y);
  den = f64x2.mul(f64x2.add(den, vec(V.D6)), y);
  const lower = f64x2.div(f64x2.mul(expMinusHalfSquarePair(y, heads), f64x2.add(num, vec(V.C7))), f64x2.add(den, vec(V.D7)));
  return v128.bitselect(f64x2.sub(vec(V.ONE), lower), lower, f64x2.gt(x, vec(V.ZERO)));
}

/** Φ in the tail range for both lanes (√32 < y = |x| < 38.5): e^{−y²/2}/y·(1/√(2π) − R(1/y²)/y²). */
// @ts-ignore: decorator
@inline function tailCdfPair(x: v128, y: v128, heads: usize): v128 {
  const z = f64x2.div(vec(V.ONE), f64x2.mul(y, y));
  let num = f64x2.mul(vec(V.P5), z);
  let den = z;
  num = f64x2.mul(f64x2.add(num, vec(V.P0)), z);
  den = f64x2.mul(f64x2.add(den, vec(V.Q0)), z);
  num = f64x2.mul(f64x2.add(num, vec(V.P1)), z);
  den = f64x2.mul(f64x2.add(den, vec(V.Q1)), z);
  num = f64x2.mul(f64x2.add(num, vec(V.P2)), z);
  den = f64x2.mul(f64x2.add(den, vec(V.Q2)), z);
  num = f64x2.mul(f64x2.add(num, vec(V.P3)), z);
  den = f64x2.mul(f64x2.add(den, vec(V.Q3)), z);
  const series = f64x2.div(f64x2.mul(z, f64x2.add(num, vec(V.P4))), f64x2.add(den, vec(V.Q4)));
  const lower = f64x2.div(f64x2.mul(expMinusHalfSquarePair(y, heads), f64x2.sub(vec(V.INV_SQRT_2PI), series)), y);
  return v128.bitselect(f64x2.sub(vec(V.ONE), lower), lower, f64x2.gt(x, vec(V.ZERO)));
}

/**
 * Φ in both lanes for |x| < 38.5 (callers check: past it Φ underflows, and NaN is the scalar
 * port's). A pair in one range computes that range only; a pair across ranges computes each
 * range a lane is in, and each lane keeps its own.
 */
// @ts-ignore: decorator
@inline function normalCdfPair(x: v128, heads: usize): v128 {
  const y = f64x2.abs(x);
  const central = f64x2.le(y, vec(V.CENTRAL_LIMIT));
  const tail = f64x2.gt(y, vec(V.INTERMEDIATE_LIMIT));
  const anyCentral = v128.any_true(central);
  const anyTail = v128.any_true(tail);
  if (!anyCentral && !anyTail) return intermediateCdfPair(x, y, heads);
  if (i64x2.all_true(central)) return centralCdfPair(x, y);
  if (i64x2.all_true(tail)) return tailCdfPair(x, y, heads);
  let result: v128 = intermediateCdfPair(x, y, heads);
  if (anyCentral) result = v128.bitselect(centralCdfPair(x, y), result, central);
  if (anyTail) result = v128.bitselect(tailCdfPair(x, y, heads), result, tail);
  return result;
}

// ---- over arrays: each a short loop whose iterations the processor overlaps ----

/** xs[s] = log(xs[s]) for s < count, in place: logPair for pairs in its domain, logScalar for the rest. */
export function logArray(count: u32, xs: usize): void {
  const pairs = count & ~(<u32>1);
  let s: u32 = 0;
  for (; s < pairs; s += 2) {
    const at = xs + (<usize>s << 3);
    const x = v128.load(at);
    if (inLogDomain(x)) {
      v128.store(at, logPair(x));
    } else {
      store<f64>(at, logScalar(load<f64>(at)));
      store<f64>(at, logScalar(load<f64>(at, 8)), 8);
    }
  }
  if (s < count) store<f64>(xs + (<usize>s << 3), logScalar(load<f64>(xs + (<usize>s << 3))));
}

/** xs[s] = Φ(xs[s]) for s < count, in place: normalCdfPair for pairs inside ±38.5, normalCdfScalar for the rest (NaN included). */
export function normalCdfArray(count: u32, xs: usize, heads: usize): void {
  const pairs = count & ~(<u32>1);
  const limit = vec(V.UNDERFLOW_LIMIT);
  let s: u32 = 0;
  for (; s < pairs; s += 2) {
    const at = xs + (<usize>s << 3);
    const x = v128.load(at);
    if (i64x2.all_true(f64x2.lt(f64x2.abs(x), limit))) {
      v128.store(at, normalCdfPair(x, heads));
    } else {
      store<f64>(at, normalCdfScalar(load<f64>(at), heads));
      store<f64>(at, normalCdfScalar(load<f64>(at, 8), heads), 8);
    }
  }
  if (s < count) store<f64>(xs + (<usize>s << 3), normalCdfScalar(load<f64>(xs + (<usize>s << 3)), heads));
}

// ---- Black-76 over a run of scenarios ----

/**
 * out[s] = multiplier · (Black-76 price − base) for s < count, from the shocked spots and vol
 * multipliers (f64 × count each), exactly as revalueOption in revalue.ts: discounted spot =
 * spot·carry·discount, σ√τ = vol·multiplier·√τ, the intrinsic value where either is not
 * positive. In three passes, each a short loop (one long chain of log, d₁ and two Φ per
 * scenario would leave the processor waiting on its latencies): the logs of the moneyness, the
 * two normal-CDF arguments per scenario and their Φ, then the prices. `scratch`: 3 × count f64.
 */
export function revalueOption(
  count: u32,
  spots: usize,
  multipliers: usize,
  out: usize,
  heads: usize,
  scratch: usize,
  multiplier: f64,
  base: f64,
  isCall: bool,
  impliedVol: f64,
  carryGrowth: f64,
  discount: f64,
  discountedStrike: f64,
  sqrtTime: f64,
): void {
  const bytes = <usize>count << 3;
  // Φ's arguments, then their values: the first leg's (d₁ for a call, −d₂ for a put) for every
  // scenario, then the second's (d₂, −d₁); after them, the logs of the moneyness.
  const first = scratch;
  const second = scratch + bytes;
  const logs = scratch + 2 * bytes;
  for (let at: usize = 0; at < bytes; at += 8) {
    store<f64>(logs + at, (load<f64>(spots + at) * carryGrowth * discount) / discountedStrike);
  }
  logArray(count, logs);
  for (let at: usize = 0; at < bytes; at += 8) {
    const stdDev = impliedVol * load<f64>(multipliers + at) * sqrtTime;
    const d1 = load<f64>(logs + at) / stdDev + 0.5 * stdDev;
    const d2 = d1 - stdDev;
    store<f64>(first + at, isCall ? d1 : -d2);
    store<f64>(second + at, isCall ? d2 : -d1);
  }
  normalCdfArray(2 * count, scratch, heads);
  for (let at: usize = 0; at < bytes; at += 8) {
    const discountedSpot = load<f64>(spots + at) * carryGrowth * discount;
    const stdDev = impliedVol * load<f64>(multipliers + at) * sqrtTime;
    let price: f64;
    if (stdDev <= 0 || discountedSpot <= 0) {
      price = max(isCall ? discountedSpot - discountedStrike : discountedStrike - discountedSpot, 0);
    } else {
      price = isCall
        ? discountedSpot * load<f64>(first + at) - discountedStrike * load<f64>(second + at)
        : discountedStrike * load<f64>(first + at) - discountedSpot * load<f64>(second + at);
    }
    store<f64>(out + at, multiplier * (price - base));
  }
}
