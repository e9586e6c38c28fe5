/** Decimal literals only: the numeric syntax of every input (CSV quantities, trades, options). */
import { describe, expect, it } from 'vitest';
import { parseDecimal, parseExactInteger } from '../../src/model/decimal.js';

describe('parseDecimal', () => {
  it('reads decimal literals with a sign, a fraction and an exponent', () => {
    const cases: [string, number][] = [['1', 1], ['-0.5', -0.5], ['+2', 2], ['1e6', 1e6], ['.25', 0.25], ['3.', 3], ['2.5E-3', 0.0025], [' 7 ', 7]];
    for (const [text, value] of cases) expect(parseDecimal(text), text).toBe(value);
  });

  it('refuses what Number() reads but no one means in a position file: other bases, infinities, blanks', () => {
    // Number('0x10') is 16, Number('0b11') is 3, Number('') and Number('  ') are 0.
    for (const text of ['0x10', '0b11', '0o7', 'Infinity', '-Infinity', 'NaN', '', '  ', '1_000', '1e400', '1.2.3', '+-1', '1e', 'e5', '١']) {
      expect(parseDecimal(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

describe('parseExactInteger', () => {
  it('takes integers written in any decimal form, exactly representable', () => {
    expect(parseExactInteger('1e3')).toBe(1000);
    expect(parseExactInteger('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseExactInteger('-4')).toBe(-4);
  });

  it('refuses fractions and integers a double cannot hold exactly', () => {
    // 9007199254740993 would silently become …992.
    for (const text of ['2.5', '9007199254740992', '9007199254740993', '1e16', '0x10']) expect(parseExactInteger(text), text).toBeUndefined();
  });
});
