/**
 * One coin-margined Deribit account (index 93,650; short the perpetual, short puts, long a
 * call), as Deribit's API and as CCXT's unified structures give it, on the instruments of the
 * chain fixture (test/helpers/deribitChainFixture.ts). The README shows the same records.
 */
export const DERIBIT_POSITIONS = {
  jsonrpc: '2.0',
  id: 2236,
  result: [
    { instrument_name: 'BTC-PERPETUAL', kind: 'future', direction: 'sell', size: -50000, size_currency: -0.53389, mark_price: 93652.5, index_price: 93650, average_price: 95210.5 },
    { instrument_name: 'BTC-27MAR26-90000-P', kind: 'option', direction: 'sell', size: -2.5, mark_price: 0.0412, index_price: 93650, average_price: 0.045 },
    { instrument_name: 'BTC-27MAR26-140000-C', kind: 'option', direction: 'buy', size: 1, mark_price: 0.0061, index_price: 93650, average_price: 0.007 },
  ],
};

export const DERIBIT_SUMMARY = {
  jsonrpc: '2.0',
  id: 2515,
  result: { currency: 'BTC', balance: 2.41, equity: 2.5, options_value: -0.0969, futures_session_upl: 0.0131, initial_margin: 0.61, maintenance_margin: 0.44 },
};

export const CCXT_POSITIONS = [
  { symbol: 'BTC/USD:BTC', side: 'short', contracts: 5000, contractSize: 10, markPrice: 93652.5, notional: 0.53389, entryPrice: 95210.5, info: {} },
  { symbol: 'BTC/USD:BTC-260327-90000-P', side: 'short', contracts: 2.5, contractSize: 1, markPrice: 0.0412, info: {} },
  { symbol: 'BTC/USD:BTC-260327-140000-C', side: 'long', contracts: 1, contractSize: 1, markPrice: 0.0061, info: {} },
];

export const CCXT_BALANCES = {
  info: {},
  BTC: { free: 1.89, used: 0.61, total: 2.5 },
  free: { BTC: 1.89 },
  used: { BTC: 0.61 },
  total: { BTC: 2.5 },
};

/** The account both give: BTC = equity − options value = 2.5 − (−2.5 × 0.0412 + 0.0061). */
export const EXPECTED_ACCOUNT = {
  balances: { BTC: 2.5 - (-2.5 * 0.0412 + 1 * 0.0061) },
  positions: [
    { instrument: 'BTC-PERPETUAL', quantity: -5000 },
    { instrument: 'BTC-27MAR26-90000-P', quantity: -2.5 },
    { instrument: 'BTC-27MAR26-140000-C', quantity: 1 },
  ],
};
