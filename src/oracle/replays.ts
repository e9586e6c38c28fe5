/**
 * Replays of real oracle failure patterns as deterministic, seeded observation streams. Each
 * replay gives the true price, the observations every source would deliver at a time t, and
 * the update times. Honest sources print the true price times (1 + noise·z) with a small random
 * latency and a reported confidence; the failure is layered on top:
 *
 * - manipulationSpike: the October 2022 Mango Markets pattern: one thin-market source prints
 *   +1,300% (×14) for a few minutes while the others stay (`spiking` > half the sources gives
 *   the variant where the manipulated print survives filtering);
 * - staleFeed: every source stops updating (the same prints, timestamps frozen), then resumes;
 * - slowDrift: a colluding minority (or, with `drifting` > half, a majority) drifts upwards
 *   by driftPerStep compounding per step;
 * - stablecoinDepeg: a USDC-like collateral coin falls from 1.00 to 0.65 over hours on ALL
 *   sources: a real move the oracle must follow.
 *
 * observationsAt(t) depends on t only (not on call order): the noise is drawn up front on the
 * step grid from createPrng(seed).
 */
import { createPrng, type Prng } from '../random/prng.js';
import type { PriceObservation } from './types.js';

export interface OracleReplay {
  name: string;
  asset: string;
  /** The true (honest) price at time t. */
  truePrice: (t: number) => number;
  /** What the sources deliver at time t. */
  observationsAt: (t: number) => PriceObservation[];
  /** Update times (ms), increasing. */
  steps: number[];
  /** truePrice(steps[0]): the price to start a feed from. */
  initialPrice: number;
  /** Source ids, honest ones first. */
  sources: string[];
  /** Key times of the pattern (ms), e.g. spikeStart, freezeAt, depegEnd. */
  events: Record<string, number>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const YEAR_MS = 365 * 24 * HOUR;

interface HonestSpec {
  seed: number;
  start: number;
  stepMs: number;
  durationMs: number;
  sources: string[];
  /** Relative standard deviation of each honest print around the true price. */
  noiseShare: number;
  /** Reported confidence/price (jittered ×0.5…1.5). */
  confidenceShare: number;
  /** Each print is up to this old when delivered. */
  maxLatencyMs: number;
}

interface Honest {
  steps: number[];
  /** Largest k with steps[k] ≤ t (0 before the first step). */
  stepAt: (t: number) => number;
  /** Source j's honest print at time t, using the noise drawn for step k. */
  print: (truePrice: number, t: number, k: number, j: number) => PriceObservation;
  prng: Prng;
}

function honestFeed(spec: HonestSpec): Honest {
  const prng = createPrng(spec.seed);
  const count = Math.floor(spec.durationMs / spec.stepMs) + 1;
  const steps = Array.from({ length: count }, (_, k) => spec.start + k * spec.stepMs);
  const n = spec.sources.length;
  const z = new Float64Array(count * n);
  const latency = new Float64Array(count * n);
  const jitter = new Float64Array(count * n);
  for (let i = 0; i < count * n; i++) {
    z[i] = prng.normal();
    latency[i] = Math.floor(prng.range(0, spec.maxLatencyMs));
    jitter[i] = prng.range(0.5, 1.5);
  }
  const stepAt = (t: number): number => {
    if (t <= steps[0]) return 0;
    return Math.min(count - 1, Math.floor((t - spec.start) / spec.stepMs));
  };
  const print = (truePrice: number, t: number, k: number, j: number): PriceObservation => {
    const price = truePrice * (1 + spec.noiseShare * z[k * n + j]);
    return {
      source: spec.sources[j],
      price,
      timestamp: t - latency[k * n + j],
      confidence: price * spec.confidenceShare * jitter[k * n + j],
    };
  };
  return { steps, stepAt, print, prng };
}

/** A geometric random walk on the step grid, linearly interpolated between steps. */
function randomWalk(prng: Prng, steps: readonly number[], initial: number, annualVol: number): (t: number) => number {
  const path = new Float64Array(steps.length);
  path[0] = initial;
  for (let k = 1; k < steps.length; k++) {
    const sigma = annualVol * Math.sqrt((steps[k] - steps[k - 1]) / YEAR_MS);
    path[k] = path[k - 1] * Math.exp(sigma * prng.normal() - (sigma * sigma) / 2);
  }
  return (t: number) => {
    if (t <= steps[0]) return path[0];
    const last = steps.length - 1;
    if (t >= steps[last]) return path[last];
    const k = Math.floor(((t - steps[0]) / (steps[last] - steps[0])) * last);
    const lo = Math.min(Math.max(k, 0), last - 1);
    const w = (t - steps[lo]) / (steps[lo + 1] - steps[lo]);
    return path[lo] * (1 - w) + path[lo + 1] * w;
  };
}

function sourceNames(honest: number, bad: number, badLabel: string): string[] {
  return [
    ...Array.from({ length: honest }, (_, i) => `venue-${i + 1}`),
    ...Array.from({ length: bad }, (_, i) => `${badLabel}-${i + 1}`),
  ];
}

function checkCounts(name: string, sources: number, bad: number): void {
  if (!Number.isInteger(sources) || sources < 1) throw new RangeError(`${name}: sources must be an integer ≥ 1, got ${sources}`);
  if (!Number.isInteger(bad) || bad < 0 || bad > sources) {
    throw new RangeError(`${name}: the manipulated source count must be an integer in [0, ${sources}], got ${bad}`);
  }
}

export interface SpikeOptions {
  seed?: number;
  start?: number;
  sources?: number;
  /** How many (thin-market) sources print the spike; default 1. */
  spiking?: number;
  /** Price multiplier at the top of the spike; default 14 (+1,300%). */
  multiplier?: number;
  stepMs?: number;
}

/**
 * Every source's print at t; the sources from index `honestCount` on are scaled by factor(t)
 * (price and confidence alike): a manipulated minority or majority beside honest sources.
 * With the defaults every source is honest.
 */
function sourcePrints(
  honest: Honest,
  truePrice: (t: number) => number,
  sourceCount: number,
  honestCount = sourceCount,
  factor: (t: number) => number = () => 1,
): (t: number) => PriceObservation[] {
  return (t) => {
    const k = honest.stepAt(t);
    const p = truePrice(t);
    const f = factor(t);
    return Array.from({ length: sourceCount }, (_, j) => {
      const o = honest.print(p, t, k, j);
      return j < honestCount ? o : { ...o, price: o.price * f, confidence: o.confidence * f };
    });
  };
}

/** `from` until t0, `to` from t1 on, linear in between. */
function ramp(t: number, t0: number, t1: number, from: number, to: number): number {
  if (t <= t0) return from;
  if (t >= t1) return to;
  return from + ((to - from) * (t - t0)) / (t1 - t0);
}

/** Mango Markets, 11 Oct 2022: a thin-market source prints ×14 for ~8 minutes (2 min ramp, 6 min hold). */
export function manipulationSpike(options: SpikeOptions = {}): OracleReplay {
  const { seed = 2022, start = Date.UTC(2022, 9, 11, 22, 0), sources = 5, spiking = 1, multiplier = 14, stepMs = 10_000 } = options;
  checkCounts('manipulationSpike', sources, spiking);
  const names = sourceNames(sources - spiking, spiking, 'thin-dex');
  const honest = honestFeed({ seed, start, stepMs, durationMs: HOUR, sources: names, noiseShare: 0.001, confidenceShare: 0.002, maxLatencyMs: 2_000 });
  const truePrice = randomWalk(honest.prng, honest.steps, 0.038, 1.0);
  const spikeStart = start + 20 * MINUTE;
  const spikeTop = spikeStart + 2 * MINUTE;
  const spikeEnd = spikeTop + 6 * MINUTE;
  const factor = (t: number): number => (t >= spikeEnd ? 1 : ramp(t, spikeStart, spikeTop, 1, multiplier));
  return {
    name: 'manipulationSpike',
    asset: 'MNGO',
    truePrice,
    observationsAt: sourcePrints(honest, truePrice, names.length, names.length - spiking, factor),
    steps: honest.steps,
    initialPrice: truePrice(start),
    sources: names,
    events: { spikeStart, spikeTop, spikeEnd },
  };
}

export interface StaleOptions {
  seed?: number;
  start?: number;
  sources?: number;
  stepMs?: number;
  /** Sources stop updating this long after the start (default 10 min)… */
  freezeAfterMs?: number;
  /** …for this long (default 20 min). */
  outageMs?: number;
}

/** Every source stops updating: the same prints keep arriving with frozen timestamps, then updates resume. */
export function staleFeed(options: StaleOptions = {}): OracleReplay {
  const { seed = 7, start = Date.UTC(2024, 0, 1), sources = 5, stepMs = 5_000, freezeAfterMs = 10 * MINUTE, outageMs = 20 * MINUTE } = options;
  checkCounts('staleFeed', sources, 0);
  const names = sourceNames(sources, 0, '');
  const freezeAt = start + freezeAfterMs;
  const resumeAt = freezeAt + outageMs;
  const honest = honestFeed({ seed, start, stepMs, durationMs: resumeAt + 10 * MINUTE - start, sources: names, noiseShare: 0.0005, confidenceShare: 0.0005, maxLatencyMs: 1_000 });
  const truePrice = randomWalk(honest.prng, honest.steps, 3000, 0.6);
  const frozenStep = honest.stepAt(freezeAt - 1);
  const frozenTime = honest.steps[frozenStep];
  const live = sourcePrints(honest, truePrice, names.length);
  const frozen = live(frozenTime);
  return {
    name: 'staleFeed',
    asset: 'ETH',
    truePrice,
    observationsAt: (t) => (t >= freezeAt && t < resumeAt ? frozen.map((o) => ({ ...o })) : live(t)),
    steps: honest.steps,
    initialPrice: truePrice(start),
    sources: names,
    events: { freezeAt, lastFreshPrint: frozenTime, resumeAt },
  };
}

export interface DriftOptions {
  seed?: number;
  start?: number;
  sources?: number;
  /** How many colluding sources drift; default 2 of 5 (a minority). */
  drifting?: number;
  /** Relative drift per step, compounding; default 0.0005 (+0.05% per 10 s step ≈ +18%/hour). */
  driftPerStep?: number;
  stepMs?: number;
}

/** A colluding group of sources walks its prints up slowly, hoping the index follows. */
export function slowDrift(options: DriftOptions = {}): OracleReplay {
  const { seed = 11, start = Date.UTC(2024, 0, 1), sources = 5, drifting = 2, driftPerStep = 0.0005, stepMs = 10_000 } = options;
  checkCounts('slowDrift', sources, drifting);
  const names = sourceNames(sources - drifting, drifting, 'drifter');
  const honest = honestFeed({ seed, start, stepMs, durationMs: 2 * HOUR, sources: names, noiseShare: 0.0003, confidenceShare: 0.0005, maxLatencyMs: 1_000 });
  const truePrice = randomWalk(honest.prng, honest.steps, 60_000, 0.5);
  const driftStart = start + 30 * MINUTE;
  const drift = (t: number): number => (t <= driftStart ? 1 : (1 + driftPerStep) ** ((t - driftStart) / stepMs));
  return {
    name: 'slowDrift',
    asset: 'BTC',
    truePrice,
    observationsAt: sourcePrints(honest, truePrice, names.length, names.length - drifting, drift),
    steps: honest.steps,
    initialPrice: truePrice(start),
    sources: names,
    events: { driftStart },
  };
}

export interface DepegOptions {
  seed?: number;
  start?: number;
  sources?: number;
  /** Where the coin ends; default 0.65. */
  bottom?: number;
  /** Length of the fall; default 2 hours (after 1 hour at par), then 3 hours at the bottom. */
  fallMs?: number;
  stepMs?: number;
}

/** A USDC-like collateral coin depegs from 1.00 to 0.65, linearly over two hours, on every source. */
export function stablecoinDepeg(options: DepegOptions = {}): OracleReplay {
  const { seed = 2023, start = Date.UTC(2023, 2, 11), sources = 5, bottom = 0.65, fallMs = 2 * HOUR, stepMs = 30_000 } = options;
  checkCounts('stablecoinDepeg', sources, 0);
  const names = sourceNames(sources, 0, '');
  const depegStart = start + HOUR;
  const depegEnd = depegStart + fallMs;
  const honest = honestFeed({ seed, start, stepMs, durationMs: depegEnd + 3 * HOUR - start, sources: names, noiseShare: 0.0002, confidenceShare: 0.0005, maxLatencyMs: 2_000 });
  const truePrice = (t: number): number => ramp(t, depegStart, depegEnd, 1, bottom);
  return {
    name: 'stablecoinDepeg',
    asset: 'USDC',
    truePrice,
    observationsAt: sourcePrints(honest, truePrice, names.length),
    steps: honest.steps,
    initialPrice: 1,
    sources: names,
    events: { depegStart, depegEnd },
  };
}

export interface HonestOptions {
  seed?: number;
  start?: number;
  sources?: number;
  initialPrice?: number;
  annualVol?: number;
  noiseShare?: number;
  stepMs?: number;
  durationMs?: number;
}

/** No failure: honest sources around a random walk (the control for the property tests). */
export function honestFeedReplay(options: HonestOptions = {}): OracleReplay {
  const {
    seed = 1, start = Date.UTC(2024, 0, 1), sources = 5, initialPrice = 100, annualVol = 0.8,
    noiseShare = 0.0005, stepMs = 10_000, durationMs = 2 * HOUR,
  } = options;
  checkCounts('honestFeedReplay', sources, 0);
  const names = sourceNames(sources, 0, '');
  const honest = honestFeed({ seed, start, stepMs, durationMs, sources: names, noiseShare, confidenceShare: 0.001, maxLatencyMs: 2_000 });
  const truePrice = randomWalk(honest.prng, honest.steps, initialPrice, annualVol);
  return {
    name: 'honest',
    asset: 'HONEST',
    truePrice,
    observationsAt: sourcePrints(honest, truePrice, names.length),
    steps: honest.steps,
    initialPrice: truePrice(start),
    sources: names,
    events: {},
  };
}
