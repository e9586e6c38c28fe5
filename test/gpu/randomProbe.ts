import { d } from 'typegpu';
import { readBack } from '../../src/engine/gpu/buffers.js';
import { defineKernel, storageReadWrite, uniform } from '../../src/engine/gpu/kernel.js';
import { PipelineCache } from '../../src/engine/gpu/pipelines.js';
import { wgslModule } from '../../src/engine/gpu/wgsl.js';
import { normalsWgsl } from '../../src/engine/gpu/wgslLibrary.js';

/**
 * A test-only kernel over the engine's own philox.wgsl and normals.wgsl: for each scenario it
 * writes the Philox words of normals block 0, the four normals of blocks 0 and 1, and the
 * Student-t scale, so the test can compare the GPU's stream with src/random/.
 */
const PROBE_WGSL = /* wgsl */ `
@compute @workgroup_size(WORKGROUP_SIZE)
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

const ProbeParams = d.struct({ seed_lo: d.u32, seed_hi: d.u32, count: d.u32, dof: d.f32 }).$name('ProbeParams');

const randomProbe = defineKernel({
  name: 'randomProbe',
  entryPoint: 'probe',
  wgsl: [wgslModule('randomProbe', PROBE_WGSL, { needs: [normalsWgsl] })],
  bindings: {
    params: uniform(ProbeParams),
    words: storageReadWrite(d.arrayOf(d.u32)), // count × 4
    normals: storageReadWrite(d.arrayOf(d.f32)), // count × 8
    t_scale: storageReadWrite(d.arrayOf(d.f32)), // count
  },
  workgroupSize: 64,
  workgroups: ({ count }: { count: number }, c) => [Math.ceil(count / c.WORKGROUP_SIZE), 1, 1],
});

export async function probeRandomStream(device: GPUDevice, seed: number, count: number, dof: number) {
  const kernel = await new PipelineCache(device).get(randomProbe);
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const paramWords = new ArrayBuffer(16);
  new Uint32Array(paramWords, 0, 3).set([seed % 2 ** 32, Math.floor(seed / 2 ** 32), count]);
  new Float32Array(paramWords, 12, 1)[0] = dof;
  device.queue.writeBuffer(params, 0, paramWords);
  const [words, normals, tScale] = [4 * 4 * count, 4 * 8 * count, 4 * count].map((size) => device.createBuffer({ size, usage: storage }));
  const group = kernel.bind({ params, words, normals, t_scale: tScale });
  const encoder = device.createCommandEncoder();
  kernel.encode(encoder, group, { count });
  device.queue.submit([encoder.finish()]);
  const copies = await readBack(device, [words, normals, tScale].map((buffer) => ({ buffer, byteSize: buffer.size })));
  for (const buffer of [params, words, normals, tScale]) buffer.destroy();
  return { words: new Uint32Array(copies[0]), normals: new Float32Array(copies[1]), tScale: new Float32Array(copies[2]) };
}
