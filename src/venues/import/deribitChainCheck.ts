import { bsm } from '../../pricing/bsm.js';
import { yearFraction } from '../../model/time.js';
import type { ChainOption } from './deribitChainSnapshot.js';

/** One row of a chain against our Black-76: Deribit's mark and delta beside ours. */
export interface MarkCheck {
  instrument: string;
  line: number;
  /** Deribit's mark, coin. */
  markPrice: number;
  /** Black-76 on the row's own futures price, zero rate, divided by that price: coin. */
  price: number;
  delta?: number;
  /** N(d1) for a call, N(d1) − 1 for a put (the Black forward delta). */
  black76Delta: number;
}

/**
 * Reprices every option of a snapshot as the snapshot's README says Deribit does: Black-76 on
 * the futures price with zero rate, divided by that futures price (a coin price), time to
 * expiry from the row's own timestamp (ACT/365.25), with the row's mark IV.
 */
export function checkChainMarks(rows: readonly ChainOption[]): MarkCheck[] {
  return rows.map((row) => {
    const here = blackAt(row, row.futuresPrice, row.impliedVol);
    return {
      instrument: row.instrument,
      line: row.line,
      markPrice: row.markPrice,
      price: here.price,
      delta: row.delta,
      black76Delta: here.delta,
    };
  });
}

/**
 * Black-76 of one snapshot row at futures price `forward` and vol `vol` (zero rate), as Deribit
 * quotes it: the coin price Black(F)/F and the forward delta.
 */
export function blackAt(row: ChainOption, forward: number, vol: number): { price: number; delta: number } {
  const expiry = yearFraction(row.timestamp, row.expiry);
  const g = bsm({ type: row.type, spot: forward, strike: row.strike, rate: 0, dividendYield: 0, vol, expiry });
  return { price: g.price / forward, delta: g.delta };
}

/** Median and worst absolute differences of a check, for a summary line. */
export function summarizeMarkChecks(checks: readonly MarkCheck[]): { priceMedian: number; priceWorst: number; deltaMedian: number; deltaWorst: number } {
  const quantiles = (values: number[]) => {
    values.sort((a, b) => a - b);
    return { median: values.length ? values[values.length >> 1] : 0, worst: values.length ? values[values.length - 1] : 0 };
  };
  const price = quantiles(checks.map((c) => Math.abs(c.price - c.markPrice)));
  const delta = quantiles(checks.filter((c) => c.delta !== undefined).map((c) => Math.abs(c.black76Delta - c.delta!)));
  return { priceMedian: price.median, priceWorst: price.worst, deltaMedian: delta.median, deltaWorst: delta.worst };
}
