import { readBack } from '../../src/engine/gpu/buffers.js';
import { dispatch } from '../../src/engine/gpu/runResources.js';
import { shaderSources } from '../../src/engine/gpu/shaderSources.js';

/**
 * A test-only kernel over the engine's own philox.wgsl and normals.wgsl: for each scenario it
 * writes the Philox words of normals block 0, the four normals of blocks 0 and 1, and the
 * Student-t scale, so the test can compare the GPU's stream with src/random/.
 */
const PROBE_WGSL = /* wgsl */ `
struct ProbeParams { seed_lo: u32, seed_hi: u32, count: u32, dof: f32 }
@group(0) @binding(0) var<uniform> params: ProbeParams;
@group(0) @binding(1) var<storage, read_write> words: array<u32>;    // count × 4
@group(0) @binding(2) var<storage, read_write> normals: array<f32>;  // count × 8
@group(0) @binding(3) var<storage, read_write> t_scale: array<f32>;  // count

@compute @workgroup_size(64)
fn probe(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x;
  if (s >= params.count) { return; }
  let key = vec2<u32>(params.seed_lo, params.seed_hi);
  let w = philox4x32_10(vec4<u32>(s, 0u, STREAM_NORMALS, 0u), key);
  for (var j = 0u; j < 4u; j = j + 1u) { words[4u * s + j] = w[j]; }
  let n0 = scenario_normal_block(key, s, 0u);
  let n1 = scenario_normal_block(key, s, 1u);
  for (var j = 0u; j < 4u; j = j + 1u) {
    normals[8u * s + j] = n0[j];
    normals[8u * s + 4u + j] = n1[j];
  }
  t_scale[s] = student_t_scale(key, s, params.dof);
}
`;

export async function probeRandomStream(device: GPUDevice, seed: number, count: number, dof: number) {
  const module = device.createShaderModule({ code: shaderSources.philox + shaderSources.normals + PROBE_WGSL });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'probe' } });
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const paramWords = new ArrayBuffer(16);
  new Uint32Array(paramWords, 0, 3).set([seed % 2 ** 32, Math.floor(seed / 2 ** 32), count]);
  new Float32Array(paramWords, 12, 1)[0] = dof;
  device.queue.writeBuffer(params, 0, paramWords);
  const outputs = [4 * 4 * count, 4 * 8 * count, 4 * count].map((size) => device.createBuffer({ size, usage: storage }));
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [params, ...outputs].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder();
  dispatch(encoder, { pipeline, group }, Math.ceil(count / 64));
  device.queue.submit([encoder.finish()]);
  const copies = await readBack(device, outputs.map((buffer) => ({ buffer, byteSize: buffer.size })));
  for (const buffer of [params, ...outputs]) buffer.destroy();
  return { words: new Uint32Array(copies[0]), normals: new Float32Array(copies[1]), tScale: new Float32Array(copies[2]) };
}
