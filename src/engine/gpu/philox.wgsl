// Philox4x32-10 (Salmon et al., SC'11), bit-identical to src/random/philox.ts, whose
// multipliers, Weyl increments and round count (PHILOX_M0, M1, W0, W1, ROUNDS) this module
// takes as generated consts (wgslLibrary.ts).
// WGSL has no 64-bit integers: the 32x32 -> 64-bit product is built from 16-bit halves.

// High 32 bits of a * b.
fn mulhi32(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let lo_lo = a_lo * b_lo;
  let lo_hi = a_lo * b_hi;
  let hi_lo = a_hi * b_lo;
  let hi_hi = a_hi * b_hi;
  // Carry out of the low word: the three terms that reach bit 16..47, each < 2^32 in sum.
  let middle = (lo_lo >> 16u) + (lo_hi & 0xffffu) + (hi_lo & 0xffffu);
  return hi_hi + (lo_hi >> 16u) + (hi_lo >> 16u) + (middle >> 16u);
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var x = counter;
  var k = key;
  for (var round = 0u; round < PHILOX_ROUNDS; round = round + 1u) {
    let hi0 = mulhi32(PHILOX_M0, x.x);
    let lo0 = PHILOX_M0 * x.x;
    let hi1 = mulhi32(PHILOX_M1, x.z);
    let lo1 = PHILOX_M1 * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
    k = k + vec2<u32>(PHILOX_W0, PHILOX_W1);
  }
  return x;
}
