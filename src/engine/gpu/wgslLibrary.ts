/**
 * The WGSL modules the kernels share (the `.wgsl` files beside this one): Philox, normals and
 * f32 special functions. Constants that src/random/ holds for the CPU are passed in from there,
 * so the two implementations of the random stream read the same numbers.
 */
import { PHILOX_M0, PHILOX_M1, PHILOX_ROUNDS, PHILOX_W0, PHILOX_W1 } from '../../random/philox.js';
import { MAX_MIXING_ATTEMPTS, STREAM_HISTORY, STREAM_MIXING, STREAM_NORMALS } from '../../random/stream.js';
import { shaderSources } from './shaderSources.js';
import { wgslModule } from './wgsl.js';

/** philox4x32_10 and mulhi32. */
export const philoxWgsl = wgslModule('philox', shaderSources.philox, {
  consts: { PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1, PHILOX_ROUNDS },
});

/** Uniforms, Box–Muller normals, the Student-t scale, historical day draws (scenario_normal_block, student_t_scale, historical_day_block). */
export const normalsWgsl = wgslModule('normals', shaderSources.normals, {
  needs: [philoxWgsl],
  consts: { STREAM_NORMALS, STREAM_MIXING, STREAM_HISTORY, MAX_MIXING_ATTEMPTS },
});

/** Black-76 on four scenarios (black76_4), Mills-ratio tails, expm1_f32. */
export const f32mathWgsl = wgslModule('f32math', shaderSources.f32math);
