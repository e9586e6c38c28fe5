/**
 * Decimal number literals, the only numeric syntax the inputs accept: an optional sign, digits
 * with an optional fraction, an optional exponent (`-0.5`, `1e6`, `.25`, `2.5E-3`). JavaScript's
 * `Number()` also reads `0x10`, `0b11`, `0o7`, `Infinity`, `''` and `'  '` (as 16, 3, 7, ∞, 0,
 * 0), which in a position file or on a command line is a typo, never an intent.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The finite number a decimal literal denotes (surrounding blanks allowed), else undefined. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The integer a decimal literal denotes, when it is one exactly: `1e3` is 1000, `2.5` and
 * `9007199254740993` (which rounds to …992 in a double) are not.
 */
export function parseExactInteger(text: string): number | undefined {
  const value = parseDecimal(text);
  if (value === undefined || !Number.isInteger(value) || !Number.isSafeInteger(value)) return undefined;
  return value;
}
