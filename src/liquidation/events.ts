/** One logged action of the liquidation engine (the `events` of a cascade result). */
export type LiquidationEvent =
  | { step: number; kind: 'start'; account: string; health: number; marketHealth: number; equity: number; initial: number; maintenance: number; grossNotional: number }
  | { step: number; kind: 'partial'; account: string; instrument: string; quantity: number; notional: number; cost: number; penalty: number; healthBefore: number; healthAfter: number; marketHealth: number }
  | { step: number; kind: 'closeout'; account: string; instrument: string; quantity: number; notional: number; cost: number; penalty: number; reason: string; marketHealth: number }
  | { step: number; kind: 'insurance'; account: string; amount: number; fundAfter: number }
  | { step: number; kind: 'adl'; account: string; counterparty: string; instrument: string; quantity: number; amount: number; rankScore: number }
  | { step: number; kind: 'uncovered'; account: string; amount: number }
  | { step: number; kind: 'stopped'; account: string; health: number; reason: string }
  | { step: number; kind: 'frozen'; account: string; assets: string[]; health: number }
  | {
      step: number;
      kind: 'lending';
      /** The lending leg, `account@venue`. */
      account: string;
      /** Debt repaid by the liquidator: asset, units, USD at the oracle. */
      debtAsset: string;
      repaid: number;
      repaidValue: number;
      /** Collateral seized (repaid value × (1 + bonus)) and sold into the market. */
      collateralAsset: string;
      seized: number;
      seizedValue: number;
      healthBefore: number;
      healthAfter: number | null;
    };
