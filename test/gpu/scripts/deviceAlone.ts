/**
 * Child process of device.test.ts: acquires a device and keeps nothing of the acquisition but
 * the device, collects garbage, then waits on GPU work. Dawn aborts the process or never
 * settles the wait when the instance behind the device has been collected; alone in its
 * process (another live instance in the same process would mask it), this prints "settled".
 * Run with: node --expose-gc --import tsx test/gpu/scripts/deviceAlone.ts
 */
import { acquireNodeGpuDevice } from '../../../src/engine/gpu/nodeGpu.js';
import { readBack } from '../../../src/engine/gpu/buffers.js';

async function deviceAlone(): Promise<GPUDevice> {
  const { device } = await acquireNodeGpuDevice({ label: 'device alone' });
  return device;
}

const device = await deviceAlone();
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) throw new Error('run with --expose-gc');
for (let i = 0; i < 3; i++) collectGarbage();
const buffer = device.createBuffer({ size: 1 << 20, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
const encoder = device.createCommandEncoder();
encoder.clearBuffer(buffer);
device.queue.submit([encoder.finish()]);
const [bytes] = await readBack(device, [{ buffer, byteSize: 64 }]);
console.log(new Uint32Array(bytes).every((word) => word === 0) ? 'settled' : 'wrong contents');
device.destroy();
process.exit(0);
