import { describe, it } from 'vitest';
import { expectClose } from '../helpers/expectClose.js';
import { studentTCdf as studentTCdfByQuadrature } from '../helpers/quadrature.js';
import { chiSquareCdf, normalCdf, studentTCdf } from './stats.js';

/**
 * The reference CDFs of stats.ts against closed forms and an independent quadrature, so a
 * passing KS test in the other files means the generator, not a broken reference.
 * Tolerance 1e-12 absolute: the references are good to ~1e-13 and the KS thresholds they
 * serve are ~1e-3, so 1e-12 leaves nine orders of margin while still catching any slip.
 */
const TOL = 1e-12;

describe('reference distribution functions (test helpers)', () => {
  it('normal CDF matches tabulated values', () => {
    // Φ(1.959963984540054) = 0.975 (the 97.5% quantile to 16 digits); Φ(0) = ½; symmetry.
    expectClose(normalCdf(1.959963984540054), 0.975, TOL, 'Φ(z_0.975)');
    expectClose(normalCdf(-1.959963984540054), 0.025, TOL, 'Φ(−z_0.975)');
    expectClose(normalCdf(0), 0.5, TOL, 'Φ(0)');
    for (const x of [0.1, 0.7, 1.3, 2.5, 4]) expectClose(normalCdf(x) + normalCdf(-x), 1, TOL, `Φ(${x}) + Φ(−${x})`);
  });

  it('chi-square CDF matches the closed forms for ν = 2 and ν = 4', () => {
    for (const x of [0.01, 0.5, 1, 2, 3.5, 7, 15, 40]) {
      expectClose(chiSquareCdf(x, 2), -Math.expm1(-x / 2), TOL, `χ²₂ CDF(${x})`);
      expectClose(chiSquareCdf(x, 4), 1 - Math.exp(-x / 2) * (1 + x / 2), TOL, `χ²₄ CDF(${x})`);
    }
  });

  it('Student-t CDF matches closed forms (ν = 1, 2) and quadrature (ν = 3, 10)', () => {
    for (const t of [-20, -3, -1, -0.2, 0, 0.4, 1.5, 6]) {
      expectClose(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, TOL, `t₁ CDF(${t})`);
      expectClose(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), TOL, `t₂ CDF(${t})`);
    }
    // The quadrature reference is integrated to 1e-15 per call, but adaptively: allow 1e-10.
    for (const dof of [3, 10]) {
      for (const t of [-4, -1.2, 0.3, 2.2]) {
        expectClose(studentTCdf(t, dof), studentTCdfByQuadrature(t, dof), 1e-10, `t_${dof} CDF(${t})`);
      }
    }
  });
});
