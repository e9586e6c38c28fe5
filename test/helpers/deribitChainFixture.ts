/**
 * Small Deribit chain snapshots generated here, in the format of ../shared/data/options (whose
 * files never enter the repo): the columns Deribit's snapshot has, prices in coin, strikes and
 * futures in USD, the mark IV as a decimal, time in years of 365.25 days. The marks come from a
 * Black-76 written here on its own erf (Abramowitz–Stegun 7.1.26 is too coarse: a continued
 * fraction / series erf to ~1e-15), not from src/pricing, so a test comparing them checks ours.
 */
export interface FixtureExpiry {
  code: string; // 27MAR26
  expiry: string; // ISO, 08:00 UTC
  future: string; // BTC-27MAR26, or SYN.BTC-6JAN26
  futuresPrice: number;
  strikes: number[];
  vol: (strike: number) => number;
}

export interface FixtureCoin {
  coin: string;
  index: number;
  expiries: FixtureExpiry[];
}

export const FIXTURE_TIMESTAMP = '2026-01-05T15:33:29.748387+00:00';

export const HEADER =
  'timestamp,instrument_name,underlying,underlying_name,option_type,strike,expiry_datetime,time_to_maturity,bid_price,ask_price,mark_price,mid_price,' +
  'futures_price,futures_instrument_name,implied_volatility,delta,vega,open_interest,volume,bid_ask_spread,currency,index_price,volume_usd';

export const FIXTURE_COINS: FixtureCoin[] = [
  {
    coin: 'BTC',
    index: 93_650,
    expiries: [
      { code: '6JAN26', expiry: '2026-01-06T08:00:00+00:00', future: 'SYN.BTC-6JAN26', futuresPrice: 93_651.2, strikes: [92_000, 93_500, 95_000], vol: (k) => 0.45 + 0.2 * Math.abs(Math.log(k / 93_650)) },
      { code: '27MAR26', expiry: '2026-03-27T08:00:00+00:00', future: 'BTC-27MAR26', futuresPrice: 94_702.02, strikes: [60_000, 90_000, 95_000, 140_000], vol: (k) => 0.5 + 0.3 * Math.log(k / 94_702) ** 2 },
      { code: '25DEC26', expiry: '2026-12-25T08:00:00+00:00', future: 'BTC-25DEC26', futuresPrice: 97_963.07, strikes: [40_000, 100_000, 200_000], vol: () => 0.55 },
    ],
  },
  {
    coin: 'ETH',
    index: 3_179.5,
    expiries: [{ code: '27MAR26', expiry: '2026-03-27T08:00:00+00:00', future: 'ETH-27MAR26', futuresPrice: 3_207.95, strikes: [2_000, 3_200, 12_000], vol: () => 0.7 }],
  },
];

const YEAR_MS = 365.25 * 86400e3;

/** erf by its Maclaurin series near 0 and Lentz's continued fraction for erfc beyond (both to ~1e-16). */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = e^{−x²}/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  let f = x;
  for (let n = 60; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

const N = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

/** Black-76 with zero rate: USD price and forward delta. */
export function black76(call: boolean, F: number, K: number, vol: number, T: number): { price: number; delta: number } {
  const s = vol * Math.sqrt(T);
  const d1 = Math.log(F / K) / s + s / 2;
  const d2 = d1 - s;
  return call ? { price: F * N(d1) - K * N(d2), delta: N(d1) } : { price: K * N(-d2) - F * N(-d1), delta: N(d1) - 1 };
}

/** The rows of a snapshot of `coins`, as Deribit's CSV has them. */
export function fixtureRows(coins: FixtureCoin[] = FIXTURE_COINS): string[][] {
  const rows: string[][] = [];
  const t0 = Date.parse(FIXTURE_TIMESTAMP);
  for (const { coin, index, expiries } of coins) {
    for (const e of expiries) {
      const T = (Date.parse(e.expiry) - t0) / YEAR_MS;
      for (const strike of e.strikes) {
        for (const call of [true, false]) {
          const vol = e.vol(strike);
          const { price, delta } = black76(call, e.futuresPrice, strike, vol, T);
          const name = `${coin}-${e.code}-${strike}-${call ? 'C' : 'P'}`;
          rows.push([
            FIXTURE_TIMESTAMP, name, String(e.futuresPrice), e.future.replace('SYN.', ''), call ? 'call' : 'put', `${strike}.0`, e.expiry, String(T),
            '', '', String(price / e.futuresPrice), '', String(e.futuresPrice), e.future, String(vol), String(delta), '1.0', '1.0', '0.0', '', coin, String(index), '0.0',
          ]);
        }
      }
    }
  }
  return rows;
}

export function fixtureCsv(rows: string[][] = fixtureRows()): string {
  return `${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
}
