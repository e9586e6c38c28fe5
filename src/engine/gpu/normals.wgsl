// Uniforms, normals and the Student-t mixing variable, the same transforms as src/random/,
// whose stream numbers and attempt bound (STREAM_NORMALS, STREAM_MIXING, MAX_MIXING_ATTEMPTS)
// this module takes as generated consts (wgslLibrary.ts).

const PI: f32 = 3.141592653589793;

// 23 bits plus a half step, strictly inside (0, 1) and exactly representable in f32: the
// CPU's f64 uniform is the same number.
fn uniform_from_word(w: u32) -> f32 {
  return (f32(w >> 9u) + 0.5) * (1.0 / 8388608.0);
}

// ln(u) for u in (0, 1) to f32 relative accuracy. WGSL only bounds log's error by 2^-21
// absolute on [0.5, 2], which near u = 1 (small Box-Muller radii) would be a large relative
// error in r = sqrt(-2 ln u). There u - 1 is exact (Sterbenz) and
// ln(u) = 2 atanh(y), y = (u - 1) / (u + 1), |y| <= 1/3: a short odd series.
fn log_unit(u: f32) -> f32 {
  if (u < 0.5) {
    return log(u);
  }
  let y = (u - 1.0) / (u + 1.0);
  let y2 = y * y;
  let series = 1.0 + y2 * (1.0 / 3.0 + y2 * (1.0 / 5.0 + y2 * (1.0 / 7.0 + y2 * (1.0 / 9.0 + y2 * (1.0 / 11.0 +
    y2 * (1.0 / 13.0 + y2 * (1.0 / 15.0 + y2 * (1.0 / 17.0))))))));
  return 2.0 * y * series;
}

// Box-Muller on a word pair; the angle is taken in (-pi, pi), where WGSL bounds the error
// of sin and cos.
fn box_muller(w0: u32, w1: u32) -> vec2<f32> {
  let r = sqrt(-2.0 * log_unit(uniform_from_word(w0)));
  let theta = PI * (2.0 * uniform_from_word(w1) - 1.0);
  return vec2<f32>(r * cos(theta), r * sin(theta));
}

// Normal j of a scenario: block j / 4 of the normals stream, word pair by j % 4.
fn scenario_normal_block(key: vec2<u32>, scenario: u32, block: u32) -> vec4<f32> {
  let words = philox4x32_10(vec4<u32>(scenario, block, STREAM_NORMALS, 0u), key);
  return vec4<f32>(box_muller(words.x, words.y), box_muller(words.z, words.w));
}

// Chi-square(dof) by Marsaglia-Tsang for Gamma(dof / 2), doubled; attempt a uses counter
// (scenario, a, STREAM_MIXING, 0).
fn chi_square_mixing(key: vec2<u32>, scenario: u32, dof: f32) -> f32 {
  let d = dof * 0.5 - 1.0 / 3.0;
  let c = 1.0 / sqrt(9.0 * d);
  for (var attempt = 0u; attempt < MAX_MIXING_ATTEMPTS; attempt = attempt + 1u) {
    let words = philox4x32_10(vec4<u32>(scenario, attempt, STREAM_MIXING, 0u), key);
    let x = box_muller(words.x, words.y).x;
    let u = uniform_from_word(words.z);
    let base = 1.0 + c * x;
    if (base <= 0.0) {
      continue;
    }
    let v = base * base * base;
    if (log_unit(u) < 0.5 * x * x + d - d * v + d * log(v)) {
      return 2.0 * d * v;
    }
  }
  return 2.0 * d;
}

// Filtered historical simulation: the days of a table of `days` rows that scenario draws, four
// per Philox call on (scenario, j / 4, STREAM_HISTORY, 0): day = mulhi(word, days), an exact
// integer, so the CPU (floor(word * days / 2^32) in f64) picks the same days.
fn historical_day_block(key: vec2<u32>, scenario: u32, block: u32, days: u32) -> vec4<u32> {
  let words = philox4x32_10(vec4<u32>(scenario, block, STREAM_HISTORY, 0u), key);
  return vec4<u32>(mulhi32(words.x, days), mulhi32(words.y, days), mulhi32(words.z, days), mulhi32(words.w, days));
}

// Unit-variance Student-t: normals times sqrt((dof - 2) / W).
fn student_t_scale(key: vec2<u32>, scenario: u32, dof: f32) -> f32 {
  return sqrt((dof - 2.0) / chi_square_mixing(key, scenario, dof));
}
