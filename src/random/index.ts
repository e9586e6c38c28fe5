export {
  PHILOX_M0,
  PHILOX_M1,
  PHILOX_ROUNDS,
  PHILOX_W0,
  PHILOX_W1,
  mulhi32,
  mullo32,
  philox4x32,
  philox4x32Into,
  type PhiloxCounter,
  type PhiloxKey,
} from './philox.js';
export { UNIFORM_BITS, uniformFromWord } from './uniform.js';
export { boxMuller, boxMullerCos, normalsFromBlock } from './normal.js';
export {
  MAX_MIXING_ATTEMPTS,
  STREAM_MIXING,
  STREAM_NORMALS,
  chiSquareMixing,
  scenarioNormals,
  seedKey0,
  seedKey1,
  studentTScale,
} from './stream.js';
