import { DEFAULT_MAX_GAP_DAYS, MAX_IMPLIED_VOL } from './types.js';

/**
 * The history files the calibration reads, as data (for `--help`, the lab and tests) and as
 * the column contract in Markdown (HISTORY_COLUMN_CONTRACT, the README's section). One source
 * for both, so the documentation cannot drift from the parsers' constants.
 */
export interface HistoryFormat {
  name: 'long' | 'ohlcv' | 'wide' | 'implied-vol';
  /** Columns that identify the form (names case-insensitive). */
  header: string;
  assets: string;
  example: string;
}

export const HISTORY_FORMATS: readonly HistoryFormat[] = [
  {
    name: 'long',
    header: 'date,asset,close',
    assets: 'the asset column; rows of different assets may interleave',
    example: 'date,asset,close\n2026-11-23,BTC,94210.5\n2026-11-23,ETH,3390.1\n',
  },
  {
    name: 'ohlcv',
    header: 'datetime,open,high,low,close,volume (date or datetime, and close; other columns ignored)',
    assets: 'one asset per file, named by the file name (BTC-USD_1d.csv → BTC) or by the caller',
    example: 'datetime,open,high,low,close,volume\n2026-11-23,93800,95020,93110,94210.5,28990872862\n',
  },
  {
    name: 'wide',
    header: 'date,BTC,ETH,... (a date column and one column per asset, nothing else)',
    assets: 'the column names; an empty cell is no observation of that asset that day',
    example: 'date,BTC,ETH\n2026-11-23,94210.5,3390.1\n',
  },
  {
    name: 'implied-vol',
    header: 'date,asset,tenorDays,vol',
    assets: 'the asset column; one series per asset and tenor',
    example: 'date,asset,tenorDays,vol\n2026-11-23,BTC,30,0.55\n',
  },
];

export const HISTORY_COLUMN_CONTRACT = `### Price and implied-vol history (calibration input)

CSV with a header row; column names are case-insensitive, blank lines are skipped, a UTF-8 BOM
is allowed. A price file takes one of three forms, told apart by its header:

| form | header | assets |
|---|---|---|
| long | \`date,asset,close\` | the \`asset\` column; rows of different assets may interleave |
| per-asset (OHLCV) | \`date\` or \`datetime\`, and \`close\`; other columns (open, high, low, volume, ...) ignored | one per file: the first part of the file name written in capitals and digits (\`BTC-USD_1d.csv\` → BTC, \`binance_BTCUSDT_1d.csv\` → BTCUSDT, \`SP500_spliced_full_data.csv\` → SP500), or the name the caller gives |
| wide | \`date\` and one column per asset (\`date,BTC,ETH\`) | the column names; an empty cell is no observation that day |

An implied-vol history (optional) is \`date,asset,tenorDays,vol\`: ATM implied vol as a decimal
(0.55 = 55%) per asset and tenor in calendar days; each (asset, tenor) is one series.

Rules (an error names the file, \`line N.column\` and the value):
- Dates: \`YYYY-MM-DD\`, or an ISO 8601 date-time, which dates its row by the UTC calendar date
  of that instant (no offset: UTC); a time other than 00:00 UTC gets a warning.
- Dates strictly increase within each series, in the whole file: a duplicate or an earlier date
  is an error, also outside the kept window.
- \`asOf\` keeps rows dated on or before it, \`from\` rows on or after it; rows outside are not
  read beyond their date. A calibration as of day D uses closes dated up to D: run it with D the
  last complete day. A venue's file written during a day ends with that day's partial close
  (the last row of the Yahoo and Binance exports): \`asOf\` drops it, no date is special-cased.
- Values are decimal literals (\`1e6\`, \`-0.5\`; not \`0x10\`, \`Infinity\`, \`NaN\` or empty), finite
  and > 0; a vol above ${MAX_IMPLIED_VOL} is refused as a likely percentage.
- Gaps: at most \`maxGapDays\` calendar days between consecutive kept observations (default
  ${DEFAULT_MAX_GAP_DAYS}: weekends and one- or two-day holidays of a trading-day series pass; use 1 for 24/7
  markets, more for a series with long exchange closures).
- Coverage: every asset of the book needs a history with at least the estimator's number of
  returns, whose last close is within \`maxGapDays\` of \`asOf\`. The same asset in two files is
  an error naming both.
- Without an implied-vol history for an asset, its ATM vol is proxied by the trailing realized
  vol over the tenor (calendar-day annualized, ACT/365.25), with a warning.
- Correlations use log returns between the dates on which all assets have a close.
`;
