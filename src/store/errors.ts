/** The store refuses to do what was asked; the message says why and what to do instead. */
export class StoreError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'StoreError';
  }
}
