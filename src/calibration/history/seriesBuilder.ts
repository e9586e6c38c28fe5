import { parseDecimal } from '../../model/decimal.js';
import { InputError } from '../../model/errors.js';
import { daysBetween } from './dates.js';

/**
 * Collects one dated series (an asset's closes, or its implied vol at one tenor) row by row and
 * enforces the contract's rules on it, with the file, line, column and value in every error:
 *
 * - dates strictly increase over the whole file (a duplicate or an unsorted date is an error even
 *   outside the kept window: the file itself is broken, and `asOf` must not hide that);
 * - rows outside [from, asOf] are dropped before their value is read (an as-of run sees nothing
 *   later, and a lookback window skips old rows whatever they hold);
 * - kept values are decimal literals (`parseDecimal`), finite, > 0 and ≤ `maxValue`;
 * - consecutive kept observations are at most `maxGapDays` calendar days apart.
 */
export interface SeriesRules {
  source: string;
  /** What the series is, first word of every message (`BTC`, `ETH 30d vol`). */
  label: string;
  /** What a value is, for messages (`price`, `vol`). */
  valueName: string;
  from: string | undefined;
  asOf: string | undefined;
  maxGapDays: number;
  /** Largest acceptable value with the reason, for vols quoted in percent by mistake. */
  max?: { value: number; reason: string };
}

/** A value cell and where it is: `line 9.close`. */
export interface Cell {
  text: string;
  at: string;
}

export interface BuiltSeries {
  dates: string[];
  values: Float64Array;
  lines: Int32Array;
}

export class SeriesBuilder {
  private readonly dates: string[] = [];
  private readonly values: number[] = [];
  private readonly lines: number[] = [];
  private lastDate: string | undefined;
  private lastLine = 0;

  constructor(private readonly rules: SeriesRules) {}

  /** Adds the row on `line` dated `date` (already parsed from `dateCell`). */
  add(date: string, dateCell: Cell, value: Cell, line: number): void {
    this.checkOrder(date, dateCell);
    this.lastDate = date;
    this.lastLine = line;
    const { from, asOf } = this.rules;
    if ((from !== undefined && date < from) || (asOf !== undefined && date > asOf)) return;
    const parsed = this.readValue(value);
    this.checkGap(date, dateCell);
    this.dates.push(date);
    this.values.push(parsed);
    this.lines.push(line);
  }

  finish(): BuiltSeries {
    return { dates: this.dates, values: Float64Array.from(this.values), lines: Int32Array.from(this.lines) };
  }

  private checkOrder(date: string, dateCell: Cell): void {
    const { source, label } = this.rules;
    if (this.lastDate === undefined || date > this.lastDate) return;
    if (date === this.lastDate) throw new InputError(source, dateCell.at, dateCell.text, `${label}: duplicate date ${date} (also on line ${this.lastLine})`);
    throw new InputError(source, dateCell.at, dateCell.text, `${label}: dates must increase, but line ${this.lastLine} has ${this.lastDate}`);
  }

  private readValue(cell: Cell): number {
    const { source, label, valueName, max } = this.rules;
    const value = parseDecimal(cell.text);
    if (value === undefined) throw new InputError(source, cell.at, cell.text, `${label}: the ${valueName} is not a finite decimal number`);
    if (!(value > 0)) throw new InputError(source, cell.at, cell.text, `${label}: the ${valueName} must be positive`);
    if (max !== undefined && value > max.value) throw new InputError(source, cell.at, cell.text, `${label}: ${max.reason}`);
    return value;
  }

  private checkGap(date: string, dateCell: Cell): void {
    const last = this.dates.length - 1;
    if (last < 0) return;
    const gap = daysBetween(this.dates[last], date);
    const { source, label, maxGapDays } = this.rules;
    if (gap > maxGapDays) {
      throw new InputError(
        source,
        dateCell.at,
        dateCell.text,
        `${label}: ${gap} calendar days after the previous observation (${this.dates[last]}, line ${this.lines[last]}), more than maxGapDays = ${maxGapDays}`,
      );
    }
  }
}
