/** Small helpers over GPU buffers: creation from typed data and batched readback. */

import { settled } from './settled.js';

export function storageBuffer(device: GPUDevice, label: string, byteSize: number, extraUsage = 0): GPUBuffer {
  return device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(byteSize / 4) * 4),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC | extraUsage,
  });
}

export function storageBufferWith(device: GPUDevice, label: string, data: ArrayBufferView | ArrayBuffer): GPUBuffer {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const buffer = storageBuffer(device, label, bytes.byteLength);
  if (bytes.byteLength > 0) device.queue.writeBuffer(buffer, 0, bytes.buffer, bytes.byteOffset, Math.ceil(bytes.byteLength / 4) * 4);
  return buffer;
}

/** `byteSize` must already be a uniform size (structLayout.uniformByteSize). */
export function uniformBuffer(device: GPUDevice, label: string, byteSize: number): GPUBuffer {
  return device.createBuffer({ label, size: byteSize, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
}

/** Bytes of a buffer to read back: from `offset` (default 0, a multiple of 4) on. */
export interface ReadRegion {
  buffer: GPUBuffer;
  byteSize: number;
  offset?: number;
}

/**
 * Copies several regions into one staging buffer and maps it once: each mapAsync is a round
 * trip of milliseconds, so readbacks are batched. One ArrayBuffer per region.
 */
export async function readBack(device: GPUDevice, regions: readonly ReadRegion[]): Promise<ArrayBuffer[]> {
  const { bytes, starts } = await readBackPacked(device, regions);
  return regions.map((region, r) => bytes.slice(starts[r], starts[r] + region.byteSize));
}

/**
 * The regions back to back in one ArrayBuffer (each starting at a multiple of 4 bytes, at
 * `starts[r]`): for many small regions, such as each account's share of a tail buffer.
 */
export async function readBackPacked(
  device: GPUDevice,
  regions: readonly ReadRegion[],
  /** Called once the copies are queued, before waiting for them: work queued now runs after them. */
  afterCopy?: () => void,
): Promise<{ bytes: ArrayBuffer; starts: number[] }> {
  const starts: number[] = [];
  let total = 0;
  for (const region of regions) {
    starts.push(total);
    total += Math.ceil(region.byteSize / 4) * 4;
  }
  const staging = device.createBuffer({ size: Math.max(4, total), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder({ label: 'readback' });
    regions.forEach((region, r) => {
      const size = Math.ceil(region.byteSize / 4) * 4;
      if (size > 0) encoder.copyBufferToBuffer(region.buffer, region.offset ?? 0, staging, starts[r], size);
    });
    device.queue.submit([encoder.finish()]);
    const mapped = staging.mapAsync(GPUMapMode.READ);
    afterCopy?.();
    await settled(mapped);
    const bytes = staging.getMappedRange().slice(0, total);
    staging.unmap();
    return { bytes, starts };
  } finally {
    staging.destroy();
  }
}
