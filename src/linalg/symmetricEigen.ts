import { assertFinite, assertSquare, assertSymmetric, SYMMETRY_TOLERANCE, type Matrix } from './matrix.js';

/** Eigen-decomposition A = V·diag(values)·Vᵀ; `vectors[i][k]` is component i of eigenvector k. */
export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: number[];
  /** Orthonormal eigenvectors as columns, in the order of `values`. */
  vectors: Matrix;
}

export interface SymmetricEigenOptions {
  /**
   * Warm start: an orthogonal matrix whose columns approximate the eigenvectors, typically the
   * `vectors` of a nearby matrix. The decomposition is the same; it just takes fewer sweeps,
   * because Jacobi converges quadratically on a nearly diagonal matrix.
   */
  initialVectors?: readonly (readonly number[])[];
}

const EPS = Number.EPSILON;

/**
 * A sweep cap that is never reached in practice: cyclic Jacobi converges quadratically once the
 * off-diagonal is small, typically in 6-12 sweeps. Hitting it means something is badly wrong.
 */
const MAX_SWEEPS = 100;

/**
 * Largest |QᵀQ − I| entry accepted from `initialVectors`. A warm start only pays off for a Q that
 * is orthogonal to working precision (eigenvectors from a previous call drift by ~1e-15 per
 * call); a Q further off is a caller error and would make QΛQᵀ differ from the input.
 */
const ORTHOGONALITY_TOLERANCE = 1e-10;

/**
 * Symmetric eigen-decomposition by cyclic Jacobi rotations (Golub & Van Loan §8.5; the rotation
 * update is the numerically careful form of Numerical Recipes' `jacobi`).
 *
 * Why Jacobi: the matrices here are small (≤ ~200 factors), Jacobi is short enough to audit, is
 * backward stable, delivers orthonormal eigenvectors to working precision even for clustered or
 * exactly repeated eigenvalues (a correlation with perfectly correlated factors has repeated
 * zeros), and converges quadratically from a good starting basis, which the nearest-correlation
 * iteration exploits by passing the previous iterate's eigenvectors as `initialVectors`.
 *
 * The input must be square, finite and symmetric to SYMMETRY_TOLERANCE (relative); it is
 * symmetrized, (A + Aᵀ)/2, before the sweeps.
 */
export function symmetricEigen(m: readonly (readonly number[])[], options: SymmetricEigenOptions = {}): SymmetricEigen {
  assertSquare(m);
  assertFinite(m);
  assertSymmetric(m, SYMMETRY_TOLERANCE);
  const n = m.length;

  // Work on a full symmetric copy (both triangles kept in step), flat for speed.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (m[i][j] + m[j][i]);
  // Eigenvectors accumulate as the rows of vt (Vᵀ), so each rotation updates two contiguous rows.
  const vt = new Float64Array(n * n);
  if (options.initialVectors) {
    startFrom(a, vt, n, options.initialVectors);
  } else {
    for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  }

  let frobenius = 0;
  for (let k = 0; k < n * n; k++) frobenius += a[k] * a[k];
  frobenius = Math.sqrt(frobenius);
  // Off-diagonal entries below this are at the rounding level of A as a whole: dropping all of
  // them perturbs A by less than eps·‖A‖_F, the backward error any eigensolver commits anyway.
  const absoluteFloor = (EPS * frobenius) / Math.max(n, 1);

  for (let sweep = 0; ; sweep++) {
    if (sweep === MAX_SWEEPS) throw new Error(`symmetricEigen: Jacobi did not converge in ${MAX_SWEEPS} sweeps (n = ${n})`);
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        // Negligible next to its diagonal pair, or below the absolute rounding floor: zero it.
        if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= absoluteFloor) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        rotated = true;
        rotate(a, vt, n, p, q, apq, app, aqq);
      }
    }
    if (!rotated) break;
  }

  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => a[x * n + x] - a[y * n + y]);
  return {
    values: order.map((k) => a[k * n + k]),
    vectors: Array.from({ length: n }, (_, i) => order.map((k) => vt[k * n + i])),
  };
}

/**
 * Applies the Jacobi rotation in the (p, q) plane that annihilates a[p][q]: A ← JᵀAJ, V ← VJ (applied to the rows of Vᵀ).
 * t = tan θ is the smaller root of t² + 2t·cot 2θ − 1 = 0 (|θ| ≤ π/4), which keeps the rotation
 * close to the identity and the iteration convergent; `tau` = tan(θ/2) form of the update limits
 * rounding in the rotated entries.
 */
function rotate(a: Float64Array, vt: Float64Array, n: number, p: number, q: number, apq: number, app: number, aqq: number): void {
  const diff = aqq - app;
  let t: number;
  if (Math.abs(diff) + 100 * Math.abs(apq) === Math.abs(diff)) {
    t = apq / diff; // cot 2θ so large that θ² underflows against 1: t ≈ 1/(2 cot 2θ).
  } else {
    const theta = (0.5 * diff) / apq;
    t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
    if (theta < 0) t = -t;
  }
  const c = 1 / Math.sqrt(1 + t * t);
  const s = t * c;
  const tau = s / (1 + c);
  const shift = t * apq;
  a[p * n + p] = app - shift;
  a[q * n + q] = aqq + shift;
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let r = 0; r < n; r++) {
    if (r === p || r === q) continue;
    const arp = a[r * n + p];
    const arq = a[r * n + q];
    const newRp = arp - s * (arq + arp * tau);
    const newRq = arq + s * (arp - arq * tau);
    a[r * n + p] = newRp;
    a[p * n + r] = newRp;
    a[r * n + q] = newRq;
    a[q * n + r] = newRq;
  }
  const rowP = p * n;
  const rowQ = q * n;
  for (let r = 0; r < n; r++) {
    const vrp = vt[rowP + r];
    const vrq = vt[rowQ + r];
    vt[rowP + r] = vrp - s * (vrq + vrp * tau);
    vt[rowQ + r] = vrq + s * (vrp - vrq * tau);
  }
}

/**
 * Warm start: replaces `a` (holding A) by B = QᵀAQ and `vt` by Qᵀ. Jacobi then diagonalizes B
 * = WΛWᵀ while accumulating Qᵀ ← (QW)ᵀ, and A = (QW)Λ(QW)ᵀ. Every product is a contiguous dot of
 * two rows: T = (AQ)ᵀ has rows t_k = A·q_k, and B_kl = q_k · t_l. B is built exactly symmetric.
 */
function startFrom(a: Float64Array, vt: Float64Array, n: number, q: readonly (readonly number[])[]): void {
  assertSquare(q, 'symmetricEigen: initialVectors');
  assertFinite(q, 'symmetricEigen: initialVectors');
  if (q.length !== n) throw new RangeError(`symmetricEigen: initialVectors is ${q.length}×${q.length}, matrix is ${n}×${n}`);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) vt[k * n + i] = q[i][k];
  for (let k = 0; k < n; k++) {
    for (let l = k; l < n; l++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += vt[k * n + i] * vt[l * n + i];
      const expected = k === l ? 1 : 0;
      if (!(Math.abs(dot - expected) <= ORTHOGONALITY_TOLERANCE)) {
        throw new RangeError(
          `symmetricEigen: initialVectors is not orthogonal: columns ${k} and ${l} have dot product ${dot}, ` +
            `expected ${expected} (tolerance ${ORTHOGONALITY_TOLERANCE})`,
        );
      }
    }
  }
  const t = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += a[i * n + j] * vt[k * n + j];
      t[k * n + i] = dot;
    }
  }
  for (let k = 0; k < n; k++) {
    for (let l = k; l < n; l++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += vt[k * n + i] * t[l * n + i];
      a[k * n + l] = dot;
      a[l * n + k] = dot;
    }
  }
}
