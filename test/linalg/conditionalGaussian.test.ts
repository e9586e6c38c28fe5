/** The Gaussian conditional against closed forms and a Monte Carlo check of what it promises. */
import { describe, expect, it } from 'vitest';
import { conditionalGaussian } from '../../src/linalg/conditionalGaussian.js';
import { createPrng } from '../../src/random/prng.js';

describe('conditionalGaussian', () => {
  it('two coordinates: regression ρ and residual sd √(1 − ρ²) (closed form)', () => {
    const rho = -0.6;
    const { regression, lower } = conditionalGaussian([[1, rho], [rho, 1]], [0], [1]);
    expect(regression[0][0]).toBeCloseTo(rho, 14);
    expect(lower[0][0]).toBeCloseTo(Math.sqrt(1 - rho * rho), 14);
  });

  it('x_free = B·x_given + L·ε reproduces the whole correlation (10^5 draws, 4 standard errors)', () => {
    const c = [
      [1, 0.7, -0.3, 0.2],
      [0.7, 1, -0.1, 0.4],
      [-0.3, -0.1, 1, 0.5],
      [0.2, 0.4, 0.5, 1],
    ];
    const given = [0, 2];
    const free = [1, 3];
    const { regression, lower } = conditionalGaussian(c, given, free);
    // Draw x_given ~ N(0, C_gg) by its own Cholesky, then the free ones by the conditional.
    const rng = createPrng(11);
    const normal = () => rng.normal();
    const n = 100_000;
    const sums = Array.from({ length: 4 }, () => new Float64Array(4));
    const g01 = c[0][2];
    for (let s = 0; s < n; s++) {
      const e0 = normal();
      const e1 = normal();
      const x = new Float64Array(4);
      x[0] = e0;
      x[2] = g01 * e0 + Math.sqrt(1 - g01 * g01) * e1;
      const eps = [normal(), normal()];
      free.forEach((row, i) => {
        x[row] = regression[i][0] * x[0] + regression[i][1] * x[2] + lower[i][0] * eps[0] + (i > 0 ? lower[i][1] * eps[1] : 0);
      });
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) sums[i][j] += x[i] * x[j];
    }
    const tolerance = 4 * Math.sqrt(2 / n); // sd of a sample correlation-type moment ≤ √(2/n)
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const computed = sums[i][j] / n;
        expect(Math.abs(computed - c[i][j]), `C[${i}][${j}]: computed ${computed}, expected ${c[i][j]}, tolerance ${tolerance}`).toBeLessThan(tolerance);
      }
    }
  });

  it('a free coordinate fully explained by the given ones has no residual', () => {
    const { regression, lower } = conditionalGaussian([[1, 1], [1, 1]], [0], [1]);
    expect(regression[0][0]).toBeCloseTo(1, 12);
    expect(Math.abs(lower[0][0])).toBeLessThan(1e-6);
  });

  it('perfectly correlated given coordinates (singular C_gg) are handled by the pseudo-inverse', () => {
    const c = [[1, 1, 0.5], [1, 1, 0.5], [0.5, 0.5, 1]];
    const { regression, lower } = conditionalGaussian(c, [0, 1], [2]);
    // Either split of the 0.5 between the twins is a regression; the pseudo-inverse splits it evenly.
    expect(regression[0][0] + regression[0][1]).toBeCloseTo(0.5, 12);
    expect(regression[0][0]).toBeCloseTo(0.25, 12);
    expect(lower[0][0]).toBeCloseTo(Math.sqrt(0.75), 12);
  });
});
