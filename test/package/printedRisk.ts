/**
 * What the README snippets print, read back: a header line
 * `<backend>: <engine>; <N> accounts, <S> scenarios, seed <seed>` and one line per account
 * `<account> VaR <number> ES <number>`. Numbers print as JavaScript's shortest round-trip
 * decimal, so parsing them back gives the same f64 bits: the CPU results can be compared
 * bit for bit across Node and a browser.
 */
import type { RiskReport } from '../../src/engine/riskReport.js';

export interface PrintedRisk {
  backend: 'cpu' | 'gpu';
  engine: string;
  scenarios: number;
  seed: number;
  accounts: { account: string; valueAtRisk: number; expectedShortfall: number }[];
}

const HEADER = /^(cpu|gpu): (.+); (\d+) accounts, (\d+) scenarios, seed (\d+)$/;
const ROW = /^(\S+) VaR (\S+) ES (\S+)$/;

export function parsePrintedRisk(output: string): PrintedRisk {
  const lines = output.split('\n').filter((line) => line.length > 0);
  const at = lines.findIndex((line) => HEADER.test(line));
  if (at < 0) throw new Error(`no risk header in the output:\n${output.slice(0, 2000)}`);
  const [, backend, engine, count, scenarios, seed] = lines[at].match(HEADER)!;
  const accounts = lines.slice(at + 1, at + 1 + Number(count)).map((line) => {
    const row = line.match(ROW);
    if (!row) throw new Error(`not an account line: ${JSON.stringify(line)}`);
    return { account: row[1], valueAtRisk: Number(row[2]), expectedShortfall: Number(row[3]) };
  });
  if (accounts.length !== Number(count)) throw new Error(`the header announces ${count} accounts, ${accounts.length} printed`);
  return { backend: backend as 'cpu' | 'gpu', engine, scenarios: Number(scenarios), seed: Number(seed), accounts };
}

const MEASURES = ['valueAtRisk', 'expectedShortfall'] as const;

/**
 * How close a printed result must be to the reference: within `relative` of the reference
 * value, or within `notionalFloor` of the account's gross notional when that is larger (the
 * scale of rounding in a hedged account's P&L, whose VaR is a tiny fraction of its notional).
 * Both 0: the same f64 value (±0 compare equal: a printed zero has no sign).
 */
export interface Tolerance {
  relative: number;
  notionalFloor: number;
}

export interface Comparison {
  failures: string[];
  /** The worst error relative to the reference value, over comparisons that did not need the floor. */
  worstRelative: number;
  neededFloor: number;
  comparisons: number;
}

export function compareWithReference(printed: PrintedRisk, reference: RiskReport, grossNotional: Float64Array, tolerance: Tolerance): Comparison {
  const failures: string[] = [];
  const got = printed.accounts.map((a) => a.account).join(',');
  if (got !== reference.accounts.map((a) => a.account).join(',')) {
    failures.push(`accounts differ: printed ${printed.accounts.length}, reference ${reference.accounts.length}`);
  }
  let worstRelative = 0;
  let neededFloor = 0;
  printed.accounts.forEach((account, a) => {
    for (const key of MEASURES) {
      const expected = reference.accounts[a]?.[key];
      const error = Math.abs(account[key] - expected);
      const relative = tolerance.relative * Math.abs(expected);
      const allowed = Math.max(relative, tolerance.notionalFloor * grossNotional[a]);
      if (error > relative) neededFloor++;
      else if (error > 0) worstRelative = Math.max(worstRelative, error / Math.abs(expected));
      if (!(error <= allowed)) {
        failures.push(`${account.account} ${key}: computed ${account[key]}, expected ${expected}, error ${error}, tolerance ${allowed}`);
      }
    }
  });
  return { failures, worstRelative, neededFloor, comparisons: printed.accounts.length * MEASURES.length };
}
