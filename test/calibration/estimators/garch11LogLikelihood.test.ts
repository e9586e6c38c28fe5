/**
 * The GARCH(1,1) likelihood in fGarch's conventions, and the special functions it uses.
 *
 * References (R 4.2.2, fGarch 4022.89, Debian packages, one-off):
 * - The tiny series below, through fGarch's own pieces: the mci recursion
 *   (h[1] = ω + (α + β)·mean(z²), h[t] = ω + α z[t−1]² + β h[t−1]) and
 *   sum(log(dnorm(z/sqrt(h))/sqrt(h))), sum(log(dstd(z/sqrt(h), nu = ν)/sqrt(h))): this is how
 *   fGarch's .aparchLLH.filter and .normCondDist/.stdCondDist define it; checked to reproduce
 *   garchFit's fit@fit$llh to all printed digits on a simulated series.
 * - lgamma and digamma from R at the points listed.
 * The analytic gradient is checked against central differences of the likelihood.
 */
import { describe, expect, it } from 'vitest';
import {
  garch11LogLikelihood,
  garch11LogLikelihoodAndGradient,
} from '../../../src/calibration/estimators/garch11LogLikelihood.js';
import { digamma, logGamma } from '../../../src/calibration/estimators/specialFunctions.js';
import { expectClose } from '../../helpers/expectClose.js';
import { checkClose } from './report.js';
import { simulateGarch11 } from './simulate.js';

const TINY = [0.012, -0.034, 0.005, 0.021, -0.008, 0.017];
const TINY_PARAMS = { mu: 0.001, omega: 2e-5, alpha: 0.1, beta: 0.85 };

describe('logGamma and digamma', () => {
  it('match R lgamma/digamma to ~1e-14 relative', () => {
    const lgammaR: [number, number][] = [[0.3, 1.0957979948180756], [2.5, 0.28468287047291918], [7.25, 7.0521854507385395], [30.5, 72.953471184169402]];
    for (const [x, value] of lgammaR) expectClose(logGamma(x), value, 2e-14 * Math.max(1, Math.abs(value)), `lgamma(${x})`);
    const digammaR: [number, number][] = [[0.3, -3.5025242222001323], [1, -0.57721566490153231], [2.5, 0.70315664064524341], [7.25, 1.9104535268837362], [30.5, 3.4012436689616612]];
    for (const [x, value] of digammaR) expectClose(digamma(x), value, 2e-14 * Math.max(1, Math.abs(value)), `digamma(${x})`);
  });
});

describe('garch11LogLikelihood', () => {
  it('equals fGarch\'s likelihood on a six-return series (normal, t(5), t(2.5))', () => {
    // 16 terms of size ~1–10: rounding ≲ 1e-14; 1e-12 leaves room for R's dt/lgamma path.
    checkClose('normal ln L', garch11LogLikelihood(TINY, TINY_PARAMS), 15.160882818749311, 1e-12);
    checkClose('t(5) ln L', garch11LogLikelihood(TINY, { ...TINY_PARAMS, shape: 5 }), 14.904375883799116, 1e-12);
    checkClose('t(2.5) ln L', garch11LogLikelihood(TINY, { ...TINY_PARAMS, shape: 2.5 }), 13.512908217842032, 1e-12);
  });

  it('has an analytic gradient equal to central differences of ln L', () => {
    const x = simulateGarch11({ mu: 3e-4, omega: 3e-6, alpha: 0.09, beta: 0.88, shape: 6 }, 500, 77);
    for (const [theta, distribution] of [
      [[2e-4, 4e-6, 0.07, 0.9], 'normal'],
      [[2e-4, 4e-6, 0.07, 0.9, 5.5], 'student-t'],
    ] as const) {
      const gradient = new Float64Array(theta.length);
      garch11LogLikelihoodAndGradient(x, theta, distribution, gradient);
      theta.forEach((value, i) => {
        const h = 1e-5 * Math.max(Math.abs(value), i === 0 ? 0.01 : 0); // μ lives on the scale of the returns (~0.01)
        const at = (v: number) => garch11LogLikelihoodAndGradient(x, theta.map((p, j) => (j === i ? v : p)), distribution, null);
        const numeric = (at(value + h) - at(value - h)) / (2 * h);
        // Central difference: truncation ~h²·f‴, rounding ~eps·|ln L|/h; 1e-6 relative covers both here.
        expectClose(gradient[i], numeric, 1e-6 * Math.max(Math.abs(numeric), 1), `${distribution} ∂lnL/∂θ${i}`);
      });
    }
  });

  it('refuses parameters outside the model and bad returns, naming the field', () => {
    expect(() => garch11LogLikelihood(TINY, { ...TINY_PARAMS, omega: 0 })).toThrow(/params.omega is 0: must be finite and > 0/);
    expect(() => garch11LogLikelihood(TINY, { ...TINY_PARAMS, alpha: -0.1 })).toThrow(/params.alpha is -0.1/);
    expect(() => garch11LogLikelihood(TINY, { ...TINY_PARAMS, beta: NaN })).toThrow(/params.beta is NaN/);
    expect(() => garch11LogLikelihood(TINY, { ...TINY_PARAMS, shape: 2 })).toThrow(/params.shape is 2: must be finite and > 2/);
    expect(() => garch11LogLikelihood([0.01, NaN, 0.02], TINY_PARAMS)).toThrow(/returns\[1\] is NaN/);
    expect(() => garch11LogLikelihood([0.01], TINY_PARAMS)).toThrow(/needs at least 2/);
  });
});
