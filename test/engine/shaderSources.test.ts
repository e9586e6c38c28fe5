/**
 * The GPU kernels' contracts, checked without a GPU: the embedded WGSL is fresh; the buffer
 * layouts keep the uniform address space's rules; every kernel's generated source declares
 * exactly its named bindings (numbered as its bind-group layout numbers them) and its pipeline
 * constants, no hand-written module declares either, and every module needs exactly the
 * modules whose declarations it uses; bind groups are made by name.
 */
import { execFileSync } from 'node:child_process';
import { d } from 'typegpu';
import { describe, expect, it } from 'vitest';
import { aggregateAccounts, QUADS_PER_INVOCATION } from '../../src/engine/gpu/aggregate.js';
import {
  type AnyGpuKernel,
  bindGroupEntries,
  bindingNames,
  constantNames,
  kernelConstants,
  kernelSource,
  withOverrides,
} from '../../src/engine/gpu/kernel.js';
import { ENGINE_KERNELS } from '../../src/engine/gpu/kernels.js';
import { packRunParams, RunParams, SLOTS_PER_TILE, Tile, TILE_BYTES, TILE_STRIDE_BYTES, TileHeader, TileSlot } from '../../src/engine/gpu/layouts.js';
import { BINS, selectTails, tailListCapacity } from '../../src/engine/gpu/reduce.js';
import { revalueInstruments } from '../../src/engine/gpu/revalue.js';
import { generateMoves, MAX_FACTORS } from '../../src/engine/gpu/scenarios.js';
import { moduleClosure, type WgslModule } from '../../src/engine/gpu/wgsl.js';
import { PayoffCode } from '../../src/engine/reference/payoff.js';
import { PHILOX_M0, PHILOX_ROUNDS } from '../../src/random/philox.js';
import { MAX_MIXING_ATTEMPTS } from '../../src/random/stream.js';

const LIMITS = { maxComputeWorkgroupStorageSize: 16_384 };

/** WGSL without its line comments. */
const code = (text: string) => text.replace(/\/\/.*$/gm, '');

/** Module-scope declarations of a module: its functions, structs, consts, overrides, variables. */
function declaredNames(module: WgslModule): string[] {
  const matches = code(module.code).matchAll(/^(?:fn|struct|const|override|alias|var(?:<[^>]*>)?)\s+([A-Za-z_]\w*)/gm);
  return [...[...matches].map((m) => m[1]), ...Object.keys(module.consts)];
}

const usedNames = (module: WgslModule) => new Set(code(module.code).match(/[A-Za-z_]\w*/g) ?? []);

/** `@group(g) @binding(n) var<space, access> name: T;` declarations of a source. */
function bindingDeclarations(source: string) {
  return [...source.matchAll(/@group\((\d+)\) @binding\((\d+)\) var<(\w+)(?:, (\w+))?> (\w+): ([^;]+);/g)].map((m) => ({
    group: Number(m[1]),
    binding: Number(m[2]),
    space: m[3],
    access: m[4],
    name: m[5],
    type: m[6],
  }));
}

const library = moduleClosure(ENGINE_KERNELS.flatMap((kernel) => kernel.wgsl));

describe('embedded WGSL', () => {
  it('src/engine/gpu/shaderSources.ts matches src/engine/gpu/*.wgsl', () => {
    // Exits non-zero (and the call throws) when the generated module is stale.
    expect(() => execFileSync(process.execPath, ['scripts/embed-shaders.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('buffer layouts (typegpu schemas)', () => {
  it('keep the uniform address space rules: struct members and array strides at multiples of 16', () => {
    expect(d.sizeOf(TileHeader)).toBe(32);
    expect(d.sizeOf(TileSlot)).toBe(48);
    expect(d.memoryLayoutOf(Tile, (t) => t.slots).offset).toBe(32);
    expect(d.memoryLayoutOf(Tile, (t) => t.slots[1]).offset).toBe(32 + 48);
    expect(TILE_BYTES).toBe(32 + SLOTS_PER_TILE * 48);
    expect(TILE_STRIDE_BYTES % 256).toBe(0);
    expect(TILE_STRIDE_BYTES).toBeGreaterThanOrEqual(TILE_BYTES);
  });

  it('pack RunParams field by field, in declaration order, 4 bytes each', () => {
    const packed = packRunParams({
      scenario_start: 1,
      scenario_count: 2,
      pnl_stride: 4,
      factor_count: 6,
      instrument_count: 7,
      account_count: 8,
      seed_lo: 2 ** 32 - 1,
      seed_hi: 9,
      dof: 4.5,
      tail_count: 10,
      tail_capacity: 11,
      history_days: 12,
      days_per_scenario: 13,
    });
    expect(packed.byteLength).toBe(64);
    const words = new Uint32Array(packed);
    expect(Array.from(words.subarray(0, 8))).toEqual([1, 2, 4, 6, 7, 8, 2 ** 32 - 1, 9]);
    expect(new Float32Array(packed)[8]).toBe(4.5);
    expect(Array.from(words.subarray(9))).toEqual([10, 11, 12, 13, 0, 0, 0]);
    expect(d.memoryLayoutOf(RunParams, (p) => p.tail_capacity).offset).toBe(40);
  });
});

describe.each(ENGINE_KERNELS.map((kernel) => [kernel.name, kernel] as [string, AnyGpuKernel]))('kernel %s', (_, kernel) => {
  const source = kernelSource(kernel);

  it('declares its named bindings, numbered in declaration order, with their access', () => {
    const declared = bindingDeclarations(source);
    const entries = Object.values(kernel.bindings.entries) as ({ uniform: unknown } | { storage: unknown; access?: string })[];
    expect(declared.map((b) => b.name)).toEqual(bindingNames(kernel));
    declared.forEach((b, n) => {
      expect([b.group, b.binding]).toEqual([0, n]);
      const entry = entries[n];
      const expected = 'uniform' in entry ? ['uniform', undefined] : ['storage', entry.access === 'mutable' ? 'read_write' : 'read'];
      expect([b.space, b.access], b.name).toEqual(expected);
    });
    // The uniform bindings' types are the structs of layouts.ts, declared once each.
    for (const b of declared.filter((b) => b.space === 'uniform')) expect(source.match(new RegExp(`^struct ${b.type} \\{`, 'gm'))).toHaveLength(1);
  });

  it('takes its pipeline constants from TypeScript: declared once, without a default', () => {
    const overrides = [...source.matchAll(/^override (\w+)(.*);$/gm)];
    expect(overrides.map((m) => m[1])).toEqual(constantNames(kernel));
    expect(overrides.every((m) => m[2] === ': u32')).toBe(true);
    expect(source).toMatch(/@compute @workgroup_size\(WORKGROUP_SIZE\)/);
    expect(Object.keys(kernelConstants(kernel, LIMITS))).toEqual(constantNames(kernel));
  });

  it('is built from modules that declare no binding and no pipeline constant', () => {
    for (const module of moduleClosure(kernel.wgsl)) {
      expect(module.code, module.name).not.toMatch(/@group|@binding|^override/m);
      const names = declaredNames(module);
      for (const constant of constantNames(kernel)) expect(names, `${module.name} declares ${constant}`).not.toContain(constant);
      for (const [name, value] of Object.entries(module.consts)) {
        expect(source.match(new RegExp(`^const ${name}: u32 = (\\d+)u;$`, 'gm')), name).toEqual([`const ${name}: u32 = ${value}u;`]);
      }
    }
  });
});

describe('WGSL modules', () => {
  it.each(library.map((module) => [module.name, module] as [string, WgslModule]))('%s needs exactly the modules whose declarations it uses', (_, module) => {
    const used = usedNames(module);
    for (const need of module.needs) {
      expect(declaredNames(need).some((name) => used.has(name)), `${module.name} needs ${need.name} but uses nothing of it`).toBe(true);
    }
    const own = new Set(declaredNames(module));
    for (const other of library) {
      if (other === module) continue;
      const uses = declaredNames(other).filter((name) => used.has(name) && !own.has(name));
      if (uses.length > 0) expect(module.needs, `${module.name} uses ${uses.join(', ')} of ${other.name}`).toContain(other);
    }
  });

  it('the values shared with the CPU come from its modules', () => {
    const source = kernelSource(generateMoves);
    expect(source).toContain(`const PHILOX_M0: u32 = ${PHILOX_M0}u;`);
    expect(source).toContain(`const PHILOX_ROUNDS: u32 = ${PHILOX_ROUNDS}u;`);
    expect(source).toContain(`const MAX_MIXING_ATTEMPTS: u32 = ${MAX_MIXING_ATTEMPTS}u;`);
    expect(source).toContain(`const MAX_FACTORS: u32 = ${MAX_FACTORS}u;`);
    expect(kernelSource(aggregateAccounts)).toContain(`const QUADS_PER_INVOCATION: u32 = ${QUADS_PER_INVOCATION}u;`);
  });

  it('revaluation visits SLOTS_PER_TILE slots, each at a literal index', () => {
    const calls = [...kernelSource(revalueInstruments).matchAll(/revalue_slot\((\d+)u, /g)].map((m) => Number(m[1]));
    expect(calls).toEqual(Array.from({ length: SLOTS_PER_TILE }, (_, j) => j));
  });
});

describe('pipeline constants', () => {
  it('are the TypeScript values, the device-dependent ones from the limits', () => {
    const revalue = kernelConstants(revalueInstruments, LIMITS);
    expect([revalue.PAYOFF_LINEAR, revalue.PAYOFF_CALL]).toEqual([PayoffCode.linear, PayoffCode.call]);
    const select = kernelConstants(selectTails, LIMITS);
    expect(select.LIST_CAPACITY).toBe(tailListCapacity(16_384));
    expect(select.LIST_CAPACITY).toBe(1522);
    expect(select.BINS).toBe(BINS);
    expect(kernelConstants(selectTails, { maxComputeWorkgroupStorageSize: 32_768 }).LIST_CAPACITY).toBe(3570);
  });

  it('vary by name (withOverrides), and the dispatch geometry follows', () => {
    const folded = withOverrides(aggregateAccounts, { GRID_STRIDE: 7, WORKGROUP_SIZE: 64 });
    expect(folded.name).toBe('aggregateAccounts[GRID_STRIDE=7,WORKGROUP_SIZE=64]');
    expect(folded.workgroups({ scenarios: 1000, accounts: 20 }, kernelConstants(folded, LIMITS))).toEqual([2, 7, 3]);
    expect(aggregateAccounts.workgroups({ scenarios: 1000, accounts: 20 }, kernelConstants(aggregateAccounts, LIMITS))).toEqual([1, 20, 1]);
    // LIST_CAPACITY is computed from the variant's own BINS.
    const wide = withOverrides(selectTails, { DIGIT_BITS: 11, BINS: 2048, ROUNDS: 3 });
    expect(kernelConstants(wide, LIMITS).LIST_CAPACITY).toBe(tailListCapacity(16_384, 2048));
    expect(() => withOverrides(selectTails, { GRIDSTRIDE: 7 } as never)).toThrow(/no pipeline constant GRIDSTRIDE/);
    expect(() => kernelConstants(withOverrides(selectTails, { BINS: -1 }), LIMITS)).toThrow(/not a u32/);
  });
});

describe('bind groups by name', () => {
  const buffer = (label: string) => ({ label }) as unknown as GPUBuffer;
  const resources = {
    run: buffer('run'),
    accountLoss: buffer('accountLoss'),
    thresholds: buffer('thresholds'),
    tailLoss: buffer('tailLoss'),
    tailScenario: buffer('tailScenario'),
    tailCount: buffer('tailCount'),
  };

  it('number each buffer by its name, whatever the order it is given in', () => {
    const reversed = Object.fromEntries(Object.entries(resources).reverse()) as typeof resources;
    const entries = bindGroupEntries(selectTails, reversed);
    expect(entries.map((e) => [e.binding, ((e.resource as GPUBufferBinding).buffer as unknown as { label: string }).label])).toEqual(
      bindingNames(selectTails).map((name, n) => [n, name]),
    );
    expect(bindGroupEntries(selectTails, resources)).toEqual(entries);
    // A range passes through as it is.
    const range = { buffer: buffer('tailCount'), offset: 256, size: 64 };
    expect(bindGroupEntries(selectTails, { ...resources, tailCount: range })[5].resource).toBe(range);
  });

  it('refuse a missing or an unknown name', () => {
    const { tailCount, ...missing } = resources;
    expect(() => bindGroupEntries(selectTails, missing as typeof resources)).toThrow(/selectTails binds run, accountLoss, .*: missing tailCount/);
    expect(() => bindGroupEntries(selectTails, { ...missing, tail_count: tailCount } as never)).toThrow(/missing tailCount; unknown tail_count/);
    expect(() => bindGroupEntries(selectTails, { ...resources, scenarioList: tailCount } as never)).toThrow(/unknown scenarioList/);
  });
});
