/**
 * The projected BFGS optimiser on problems with known minimizers: Rosenbrock inside a box
 * (interior optimum (1, 1)), Rosenbrock with x ≤ 0.5 (on the bound: minimizing over y = x²
 * leaves (1 − x)², so (0.5, 0.25) with f = 0.25), a quadratic with two bounds active (the
 * minimizer is the projection of the unconstrained one when the Hessian is diagonal), and the
 * ways it reports failure.
 */
import { describe, expect, it } from 'vitest';
import { minimizeInBox, type ObjectiveWithGradient } from '../../../src/calibration/estimators/boxQuasiNewton.js';
import { expectClose } from '../../helpers/expectClose.js';

const rosenbrock: ObjectiveWithGradient = (x, g) => {
  const [a, b] = [x[0], x[1]];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimizeInBox', () => {
  it('finds the interior minimum of Rosenbrock from (−1.2, 1)', () => {
    const out = minimizeInBox(rosenbrock, [-1.2, 1], [-5, -5], [5, 5], { gradientTolerance: 1e-10 });
    expect(out.converged, out.reason).toBe(true);
    // Near a minimum with Hessian eigenvalues ~0.4 and ~1000, a gradient ≤ 1e-10 puts x within ~1e-9.
    expectClose(out.x[0], 1, 1e-8, 'x');
    expectClose(out.x[1], 1, 1e-8, 'y');
    expect(out.iterations).toBeLessThan(100);
  });

  it('stops on the bound x ≤ 0.5 at (0.5, 0.25), f = 0.25', () => {
    const out = minimizeInBox(rosenbrock, [-1.2, 1], [-5, -5], [0.5, 5], { gradientTolerance: 1e-10 });
    expect(out.converged, out.reason).toBe(true);
    expect(out.x[0]).toBe(0.5);
    expectClose(out.x[1], 0.25, 1e-9, 'y');
    expectClose(out.value, 0.25, 1e-12, 'f');
    expect(out.gradient[0]).toBeLessThan(0); // the bound holds x back: the gradient pushes outward
  });

  it('projects a separable quadratic onto its box, with two bounds active', () => {
    const centre = [3, -2, 0.5];
    const weights = [1, 10, 100];
    const quadratic: ObjectiveWithGradient = (x, g) => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        g[i] = weights[i] * (x[i] - centre[i]);
        f += 0.5 * weights[i] * (x[i] - centre[i]) ** 2;
      }
      return f;
    };
    const out = minimizeInBox(quadratic, [0, 0, 0], [-1, -1, -1], [1, 1, 1], { gradientTolerance: 1e-12 });
    expect(out.converged, out.reason).toBe(true);
    expect(Array.from(out.x.slice(0, 2))).toStrictEqual([1, -1]);
    expectClose(out.x[2], 0.5, 1e-12, 'free coordinate');
  });

  it('reports the iteration limit and a non-finite start instead of throwing', () => {
    const limited = minimizeInBox(rosenbrock, [-1.2, 1], [-5, -5], [5, 5], { maxIterations: 3 });
    expect(limited.converged).toBe(false);
    expect(limited.reason).toMatch(/iteration limit 3 reached/);
    const undefinedAtStart = minimizeInBox((x, g) => (g.fill(0), Math.log(x[0] - 1)), [0], [-1], [1]);
    expect(undefinedAtStart.converged).toBe(false);
    expect(undefinedAtStart.reason).toMatch(/not finite at the start/);
  });

  it('backs away from where the objective is undefined (NaN counts as a failed trial)', () => {
    // f = x − ln(x) on [−10, 10] is NaN for x < 0, its minimum at x = 1; the first steps overshoot into x < 0.
    const out = minimizeInBox((x, g) => ((g[0] = 1 - 1 / x[0]), x[0] - Math.log(x[0])), [8], [-10], [10], { gradientTolerance: 1e-12 });
    expect(out.converged, out.reason).toBe(true);
    expectClose(out.x[0], 1, 1e-10, 'x');
  });
});
