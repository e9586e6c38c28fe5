/**
 * Errors raised at the input boundary. Every message names the source (file or argument),
 * the field path inside it and the offending value, so a user can fix the input without
 * reading code.
 */
export class InputError extends Error {
  constructor(
    readonly source: string,
    readonly fieldPath: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`${source}: ${fieldPath || '(root)'} = ${describeValue(value)}: ${reason}`);
    this.name = 'InputError';
  }
}

/** Several input errors found at once (zod reports every issue, not only the first). */
export class InputErrors extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'InputError';
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Formats a zod-style path (`['accounts', 3, 'positions', 0]`) as `accounts[3].positions[0]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
