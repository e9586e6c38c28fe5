/**
 * Thrown when a matrix that must be positive (semi)definite is not. Carries the failing pivot so
 * callers (the engine falls back to a nearest-correlation repair) can report where it broke.
 */
export class NotPositiveDefiniteError extends Error {
  constructor(
    message: string,
    /** Row/column index (0-based, in the input's order) of the pivot that failed. */
    readonly pivotIndex: number,
    /** The pivot value: the Schur-complement diagonal entry at `pivotIndex`. */
    readonly pivotValue: number,
  ) {
    super(message);
    this.name = 'NotPositiveDefiniteError';
  }
}
