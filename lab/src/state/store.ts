/** A tiny observable store: one state object, replaced by patches; listeners see every change. */
export class Store<S extends object> {
  private listeners = new Set<(state: S, previous: S) => void>();

  constructor(private state: S) {}

  get(): S {
    return this.state;
  }

  set(patch: Partial<S>): void {
    const previous = this.state;
    this.state = { ...previous, ...patch };
    for (const listener of this.listeners) listener(this.state, previous);
  }

  /** Calls `listener` when any of the picked slices changes (by reference), and once now. */
  watch<T extends unknown[]>(pick: (state: S) => [...T], listener: (...slices: T) => void): void {
    let last = pick(this.state);
    listener(...last);
    this.listeners.add((state) => {
      const next = pick(state);
      if (next.some((value, k) => value !== last[k])) {
        last = next;
        listener(...next);
      }
    });
  }
}
