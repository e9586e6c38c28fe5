/**
 * What travels through the queue: small JSON job specs that name content-addressed blobs (never
 * the data), and small references to the results, which go to Redis as binary blobs. Workers
 * validate every spec (zod) before touching anything it names.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const count = z.number().int().nonnegative();
const backend = z.enum(['cpu', 'gpu']);

const common = {
  v: z.literal(PROTOCOL_VERSION),
  run: id,
  stage: id,
  /** 0-based index of the shard in its stage, and the stage's shard count. */
  shard: count,
  shards: z.number().int().positive(),
  /** The plan manifest's SHA-256. */
  plan: hash,
  backend,
};

/** Simulate the scenarios [scenarios.start, +count) for the accounts [accounts.start, end) (block `block`). */
export const SimulateShardSchema = z.object({
  ...common,
  kind: z.literal('simulate'),
  scenarios: z.object({ start: count, count: z.number().int().positive() }),
  accounts: z.object({ start: count, end: z.number().int().positive(), block: count }),
  /** Whether this shard reports the stress grid (the first scenario range of each account block). */
  stressGrid: z.boolean(),
  chunkSize: z.number().int().positive().optional(),
});
export type SimulateShard = z.infer<typeof SimulateShardSchema>;

/** Revalue the scenarios list[from, from + count) of the list blob `list` (Uint32Array). */
export const RevalueShardSchema = z.object({
  ...common,
  kind: z.literal('revalue'),
  list: hash,
  from: count,
  count: z.number().int().positive(),
});
export type RevalueShard = z.infer<typeof RevalueShardSchema>;

export const ShardSchema = z.discriminatedUnion('kind', [SimulateShardSchema, RevalueShardSchema]);
export type ShardJob = z.infer<typeof ShardSchema>;

/** The flow's parent: processed (by any worker) once every shard of it has completed. */
export const FlowParentSchema = z.object({ v: z.literal(PROTOCOL_VERSION), run: id, stage: id, shards: z.number().int().positive() });
export type FlowParent = z.infer<typeof FlowParentSchema>;

/** Where a shard's result is and who made it: the job's return value and the stage's results hash entry. */
export interface ShardResultRef {
  /** SHA-256 of the result blob (stored under the run). */
  blob: string;
  bytes: number;
  worker: string;
  engine: string;
  /** Wall milliseconds of the shard on the worker: fetching inputs, computing, encoding and storing the result. */
  ms: number;
  /** Of which the engine's computation (simulate or revalue). */
  computeMs: number;
  /** 1 on the first try; more when the shard was retried (a failure or a worker that stalled). */
  attempt: number;
  /** Simulate: tail candidates shipped, and those left out by the run's thresholds. */
  candidates?: number;
  pruned?: number;
}

/** Meta of a simulate result bundle (sections: offsets, losses, scenarios[, stress]). */
export interface SimulateResultMeta {
  kind: 'simulate';
  accounts: number;
  timings: { scenarios: number; revaluation: number; aggregation: number; reduction: number; transfers: number };
  chunkCount: number;
  wallMs: number;
  stressCount: number;
}

/** Meta of a revalue result bundle (section pnl: Float64Array, or Float32Array when every value is an f32). */
export interface RevalueResultMeta {
  kind: 'revalue';
  instruments: number;
  count: number;
}
