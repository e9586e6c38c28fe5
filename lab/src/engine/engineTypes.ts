/** The engine's types the lab's messages carry, from the package's runtime-neutral entry. */
import type { AcquiredGpuDevice } from 'webgpu-margin';

export type {
  AccountMargin, AccountRisk, CapitalEfficiency, CascadeResult, CascadeStep, DistributionSummary, Greeks, LiquidationEvent, WhatIfResult,
} from 'webgpu-margin';

/** The adapter limits the engine plans its chunks with. */
export type GpuKeyLimits = AcquiredGpuDevice['limits'];
