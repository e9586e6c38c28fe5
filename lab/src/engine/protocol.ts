/**
 * The messages between the page (main thread) and the engine worker, typed once here.
 * Every request carries an id; the worker answers it with progress messages and then exactly
 * one `result` or `error`. `cancel` stops the run in flight (cooperatively, between chunks).
 */
import type { AccountMargin, AccountRisk, CapitalEfficiency, CascadeResult, DistributionSummary, GpuKeyLimits, WhatIfResult } from './engineTypes.js';

/** One input file as the user gave it: its name and text (JSON or CSV). */
export interface InputFile {
  name: string;
  text: string;
}

export type InputRole = 'market' | 'book' | 'params';

/**
 * Where the inputs come from: the embedded sample venue, the synthetic venue generator
 * (`margin generate`), or the user's files (each one left out comes from the sample, as the
 * CLI does).
 */
export type InputSource =
  | { kind: 'sample' }
  | { kind: 'generated'; accounts: number; instruments: number; seed: number }
  | { kind: 'files'; market?: InputFile; book?: InputFile; params?: InputFile };

export type DistributionChoice = 'params' | 'normal' | 'student-t';
export type BackendChoice = 'auto' | 'webgpu' | 'cpu';

/** What the page lets the user change; `undefined` keeps the params file's value. */
export interface RunSettings {
  scenarios?: number;
  seed?: number;
  confidence?: number;
  distribution: DistributionChoice;
  /** Degrees of freedom when distribution is student-t. */
  dof: number;
  backend: BackendChoice;
  /** CPU path: Web Workers in the pool (default: navigator.hardwareConcurrency). */
  workers?: number;
}

/** An input problem as the CLI reports it: file, field path, value and why. */
export interface InputIssue {
  source: string;
  field: string;
  value: string;
  reason: string;
}

/** The backend the worker opened, or why WebGPU is not used (what `margin devices` tells). */
export interface BackendStatus {
  backend: 'gpu' | 'cpu';
  /** The engine's own description (`WebGPU f32 on …`, `CPU f64, 2 worker threads`). */
  description: string;
  adapter?: { name: string; vendor: string; architecture: string; fallback: boolean; limits: GpuKeyLimits; features: string[]; acquireMs: number };
  /** Why the CPU runs: no navigator.gpu, no adapter, or the user's choice. */
  reason?: string;
}

export interface StressAxis {
  spotMoves: number[];
  volMoves: number[];
  /** Grid points outside the spot × vol cross (extreme moves): name and moves. */
  extras: { name: string; spotMove: number; volMove: number }[];
}

/** A finished run: the risk and margin reports, and what the views need of the plan. */
export interface RunSummary {
  backend: BackendStatus;
  scenarios: number;
  seed: number;
  confidence: number;
  horizonDays: number;
  tailCount: number;
  distribution: DistributionSummary;
  underlyings: string[];
  /** instrument id → its underlying (collateral instruments: their asset). */
  instrumentUnderlying: Record<string, string>;
  /** Listed instruments of the market (for the what-if picker). */
  listedInstruments: string[];
  accounts: AccountRisk[];
  margins: AccountMargin[];
  summary: CapitalEfficiency;
  stress: StressAxis;
  warnings: string[];
  correlationRepair?: { distance: number; iterations: number };
  timings: { runMs: number; cacheMs: number; totalMs: number };
  sources: { market: string; book: string; params: string };
}

export interface AccountDetail {
  account: string;
  /** Loss histogram over every Monte Carlo scenario (loss = −P&L, USD). */
  histogram: { edges: number[]; counts: number[] };
  valueAtRisk: number;
  expectedShortfall: number;
  /** P&L (USD) at each point of the spot × vol grid: pnl[vol][spot]. */
  stressGrid: number[][];
  stressExtras: { name: string; pnl: number }[];
}

export interface CascadeRequestOptions {
  scenario: string;
  insuranceFund?: number;
  crashDepth?: number;
  crashSteps?: number;
}

export type Request =
  | { kind: 'probe'; id: number; backend: BackendChoice; webgpuInPage: boolean }
  | { kind: 'validate'; id: number; file: InputFile; role: InputRole }
  | { kind: 'run'; id: number; source: InputSource; settings: RunSettings; webgpuInPage: boolean }
  | { kind: 'account'; id: number; account: string }
  | { kind: 'whatif'; id: number; account: string; trades: { instrument: string; quantity: number }[] }
  | { kind: 'cascade'; id: number; options: CascadeRequestOptions }
  | { kind: 'cancel' };

export interface Responses {
  probe: BackendStatus;
  validate: { issues: InputIssue[]; summary: string };
  run: RunSummary;
  account: AccountDetail;
  whatif: WhatIfResult;
  cascade: CascadeResult;
}

export type Stage = 'validate' | 'plan' | 'simulate' | 'cache' | 'risk' | 'steps';

export type Reply =
  | { kind: 'progress'; id: number; stage: Stage; done: number; total: number }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: { name: string; message: string; issues?: InputIssue[]; cancelled?: boolean } };
