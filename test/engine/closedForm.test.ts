/**
 * Monte Carlo VaR and ES of futures-only portfolios against closed forms.
 *
 * One underlying, one dated future, long and short accounts. The account loss is
 *   L(x) = −q·(S·e^{x}·a − S·b),  a = e^{(r−q_c)(T−h)}, b = e^{(r−q_c)T},
 * monotone in the horizon log-return x = σ√h·Z (normal) or σ√h·√((ν−2)/ν)·T_ν (unit-variance
 * Student-t), so VaR maps the quantile of x and ES is a conditional expectation of e^{x}:
 * closed form for the normal, one-dimensional quadrature for the t.
 *
 * Tolerance: 4 Monte Carlo standard errors, from the asymptotic variances of the sample
 * quantile, √(p(1−p)/S)/f_L(VaR), and of the sample ES,
 * √((Var(L | tail) + α(ES − VaR)²)/(S(1−α))) — the noise of the estimator, not a fudge.
 */
import { describe, it } from 'vitest';
import { normalCdf, normalInverseCdf } from '../../src/pricing/normal.js';
import { prepareRisk, runRisk } from '../../src/engine/risk.js';
import { expectClose } from '../helpers/expectClose.js';
import { integrateLowerTail, standardNormalPdf, studentTPdf, studentTQuantile } from '../helpers/quadrature.js';

const SPOT = 100;
const RATE = 0.03;
const CARRY = 0.01;
const VOL = 0.9;
const HORIZON_DAYS = 10;
const SCENARIOS = 200_000;
const CONFIDENCE = 0.99;
const VALUATION = '2026-11-24T08:00:00.000Z';
const FUTURE = 'XYZ-26MAR27'; // expires 2027-03-26 08:00 UTC
const YEAR_MS = 365.25 * 86400e3;

function futuresVenue(distribution: object) {
  return {
    market: {
      valuationTime: VALUATION,
      rate: RATE,
      underlyings: { XYZ: { spot: SPOT, carry: CARRY } },
      instruments: [{ id: FUTURE, multiplier: 2 }],
    },
    book: {
      accounts: [
        { id: 'long', positions: [{ instrument: FUTURE, quantity: 3 }] },
        { id: 'short', positions: [{ instrument: FUTURE, quantity: -5 }] },
      ],
    },
    params: {
      horizonDays: HORIZON_DAYS,
      confidence: CONFIDENCE,
      scenarios: SCENARIOS,
      seed: 20261124,
      distribution,
      underlyings: { XYZ: { vol: VOL, volOfVol: 0.5 } },
    },
  };
}

/** The distribution of the standardized shock Z (unit variance), as density and quantile. */
interface ShockLaw {
  pdf: (z: number) => number;
  quantile: (p: number) => number;
}

const normalLaw: ShockLaw = { pdf: standardNormalPdf, quantile: normalInverseCdf };
function studentLaw(dof: number): ShockLaw {
  const scale = Math.sqrt((dof - 2) / dof); // Z = scale·T_ν has unit variance
  return { pdf: (z) => studentTPdf(z / scale, dof) / scale, quantile: (p) => scale * studentTQuantile(p, dof) };
}

/** Reference VaR, ES and their standard errors for `quantity` long (q > 0) or short contracts. */
function reference(law: ShockLaw, quantity: number, withShortfall = true) {
  const h = HORIZON_DAYS / 365.25;
  const T = (Date.parse('2027-03-26T08:00:00Z') - Date.parse(VALUATION)) / YEAR_MS;
  const s = VOL * Math.sqrt(h);
  const a = Math.exp((RATE - CARRY) * (T - h));
  const b = Math.exp((RATE - CARRY) * T);
  const n = quantity * 2; // contracts × multiplier
  const loss = (z: number) => -n * SPOT * (Math.exp(s * z) * a - b);
  const p = 1 - CONFIDENCE;
  // Losses come from low z for a long, high z for a short: mirror z for the short.
  const sign = quantity > 0 ? 1 : -1;
  const zTail = sign * law.quantile(p); // the z at VaR
  const lossOfTail = (t: number) => loss(sign * t); // t runs over (−∞, sign·zTail]
  const tailPdf = (t: number) => law.pdf(sign * t);
  const upper = sign * zTail;
  const mass = integrateLowerTail(tailPdf, upper);
  const valueAtRisk = loss(zTail);
  const slope = Math.abs(n * SPOT * a * s * Math.exp(s * zTail)); // |dL/dz| at VaR
  const varSE = (Math.sqrt((p * (1 - p)) / SCENARIOS) * slope) / law.pdf(zTail);
  if (!withShortfall) return { valueAtRisk, es: NaN, varSE, esSE: NaN, mass };
  const es = integrateLowerTail((t) => lossOfTail(t) * tailPdf(t), upper) / mass;
  const es2 = integrateLowerTail((t) => lossOfTail(t) ** 2 * tailPdf(t), upper) / mass;
  const esSE = Math.sqrt((es2 - es * es + CONFIDENCE * (es - valueAtRisk) ** 2) / (SCENARIOS * p));
  return { valueAtRisk, es, varSE, esSE, mass };
}

describe('Monte Carlo VaR/ES of futures against closed forms', () => {
  it('normal shocks: long and short futures', async () => {
    const report = await runRisk(prepareRisk(futuresVenue({ type: 'normal' })));
    for (const [account, quantity] of [['long', 3], ['short', -5]] as const) {
      const ref = reference(normalLaw, quantity);
      // Sanity of the quadrature itself against the normal closed form E[e^{sZ}|Z≤z].
      const got = report.accounts.find((a) => a.account === account)!;
      expectClose(ref.mass, 1 - CONFIDENCE, 1e-10, `${account} tail mass`);
      expectClose(got.valueAtRisk, ref.valueAtRisk, 4 * ref.varSE, `${account} VaR (normal)`);
      expectClose(got.expectedShortfall, ref.es, 4 * ref.esSE, `${account} ES (normal)`);
    }
  });

  it('normal closed form of the long ES agrees with the quadrature reference', () => {
    const h = HORIZON_DAYS / 365.25;
    const s = VOL * Math.sqrt(h);
    const z = normalInverseCdf(1 - CONFIDENCE);
    const conditionalMgf = Math.exp((s * s) / 2) * normalCdf(z - s) / normalCdf(z);
    const T = (Date.parse('2027-03-26T08:00:00Z') - Date.parse(VALUATION)) / YEAR_MS;
    const closed = -6 * SPOT * (conditionalMgf * Math.exp((RATE - CARRY) * (T - h)) - Math.exp((RATE - CARRY) * T));
    // Quadrature tolerance 1e-13 absolute on a density integral, scaled by a loss ~1e2: 1e-9.
    expectClose(reference(normalLaw, 3).es, closed, 1e-9, 'ES quadrature vs closed form');
  });

  it('Student-t shocks (ν = 4): VaR on both sides, ES on the long side', async () => {
    const dof = 4;
    const report = await runRisk(prepareRisk(futuresVenue({ type: 'student-t', dof })));
    const law = studentLaw(dof);
    const long = reference(law, 3);
    const gotLong = report.accounts.find((a) => a.account === 'long')!;
    expectClose(gotLong.valueAtRisk, long.valueAtRisk, 4 * long.varSE, 'long VaR (t4)');
    expectClose(gotLong.expectedShortfall, long.es, 4 * long.esSE, 'long ES (t4)');
    // A short future's loss grows like e^{x}; under a t the conditional mean of e^{x} is
    // infinite, so only its VaR has a closed-form reference.
    const short = reference(law, -5, false);
    const gotShort = report.accounts.find((a) => a.account === 'short')!;
    expectClose(gotShort.valueAtRisk, short.valueAtRisk, 4 * short.varSE, 'short VaR (t4)');
  });
});
