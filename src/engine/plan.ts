import { InputError } from '../model/errors.js';
import { type Instrument, resolveInstruments } from '../model/instrument.js';
import type { InstrumentKind } from '../model/instrumentId.js';
import type { Book, Distribution, Market, RiskParams } from '../model/schemas.js';
import { zeroRateAt } from '../model/rateCurve.js';
import { DAYS_PER_YEAR, yearFraction } from '../model/time.js';
import { buildFactorCorrelation, type CorrelationRepair } from './factorCorrelation.js';
import { type HistoricalDraws, planHistoricalDraws } from './historicalDraws.js';
import { buildStressGrid, type StressScenario } from '../scenarios/stressGrid.js';
import { PayoffCode } from './reference/payoff.js';
import { SettlementCode } from './reference/settlement.js';
import { priceBase } from './reference/valuation.js';
import { tailCountFor } from './tail.js';


/**
 * Everything a backend needs to run, flattened into typed arrays (struct of arrays) so that it
 * maps one-to-one onto GPU storage buffers and worker messages. Built once by `planRisk`;
 * backends never look at the user's objects.
 *
 * Factors: two per underlying u, in the order [u0.spot, u0.vol, u1.spot, u1.vol, ...].
 * A scenario's *moves* are, per underlying, the horizon log-return of spot and the log-change
 * of ATM implied vol. Every instrument is valued on its forward
 *   F' = S'·exp((r − q_u)·max(carryTime − h, 0))
 * (spot and perpetual: carryTime 0; future: its expiry; option: its underlying's carry time),
 * options with Black-76 on F' at residual expiry T − h, so one formula serves them all.
 * The rate r is the market's, or the underlying's curve at the instrument's tenor (ratePoints):
 * per instrument, the forward drift r(c) − q_u and, for options, the discount rate r(T).
 * Inverse (coin-settled) instruments: see reference/settlement.ts.
 */
export interface RiskPlan {
  underlyings: string[];
  spot: Float64Array; // per underlying
  carry: Float64Array; // per underlying, q
  moveScale: Float64Array; // per factor: σ_u·√h for spot, ν_u·√h for vol
  factorCount: number;
  /** Lower Cholesky factor of the factor correlation, row-major factorCount². */
  choleskyLower: Float64Array;
  /** Filtered historical simulation (distribution `fhs`): the residual table on these factors. */
  historical?: HistoricalDraws;
  correlationRepair?: CorrelationRepair;

  rate: number;
  horizonYears: number;
  confidence: number;
  scenarioCount: number;
  seed: number;
  distribution: Distribution;
  /** k: the number of worst scenarios forming the tail (VaR is the k-th worst loss). */
  tailCount: number;

  instrumentIds: string[];
  instrumentKinds: InstrumentKind[];
  payoff: Uint8Array; // PayoffCode
  settlement: Uint8Array; // SettlementCode
  underlyingIndex: Uint32Array;
  /** Units of the underlying per contract (inverse futures: their USD face / today's price, the coins at today's mark). */
  multiplier: Float64Array;
  strike: Float64Array; // options; 0 otherwise
  expiryYears: Float64Array; // options (and futures); 0 otherwise
  carryYears: Float64Array; // time over which the forward carries
  forwardDrift: Float64Array; // r(c) − q_u: the log growth of the forward over spot per year of carry
  discountRate: Float64Array; // options: r(T), the discount rate to expiry; the market rate otherwise
  impliedVol: Float64Array; // options; 0 otherwise
  volTermWeight: Float64Array; // options: sqrt(ref / max(T, ref)); 0 otherwise
  basePrice: Float64Array; // per unit of underlying, before the multiplier

  accountIds: string[];
  balances: Record<string, number>[];
  /** CSR: positions of account a are [accountOffsets[a], accountOffsets[a+1]). */
  accountOffsets: Uint32Array;
  positionInstrument: Uint32Array; // index into the plan's instruments
  positionQuantity: Float64Array;

  stress: StressScenario[];
  /** What the inputs hold that the run sets aside or that looks wrong but is not an error, for the user. */
  warnings: string[];
}

/**
 * The RiskPlan fields with one entry per instrument (index i = plan instrument i): what a plan cut
 * to some accounts (the cluster's account blocks) keeps for the instruments they hold. A test
 * checks that every per-instrument field of a plan is listed.
 */
export const INSTRUMENT_FIELDS = [
  'instrumentIds', 'instrumentKinds', 'payoff', 'settlement', 'underlyingIndex', 'multiplier', 'strike', 'expiryYears',
  'carryYears', 'forwardDrift', 'discountRate', 'impliedVol', 'volTermWeight', 'basePrice',
] as const satisfies readonly (keyof RiskPlan)[];

export interface PlanSources {
  market: string;
  book: string;
  params: string;
  /** Where the per-run overrides (scenarios, seed) came from, for error messages; default `overrides`. */
  overrides?: string;
}

const DEFAULT_SOURCES: PlanSources = { market: 'market', book: 'book', params: 'params' };

/**
 * Validates the inputs against each other (unknown instruments, missing risk parameters, a
 * broken correlation) and flattens them into a RiskPlan. Only instruments held in the book are
 * revalued, each once per scenario.
 */
export function planRisk(market: Market, book: Book, params: RiskParams, sources = DEFAULT_SOURCES): RiskPlan {
  const { listed, expired } = resolveInstruments(market, sources.market);
  const { instruments, accountOffsets, positionInstrument, positionQuantity } = flattenBook(book, listed, expired, sources.book);
  const warnings = [...expired.values()].map((error) => `${error.message}; no account holds it, so it is left out`);
  if (book.accounts.every((a) => Object.keys(a.balances).length === 0)) {
    warnings.push(
      `${sources.book}: no account holds any collateral (balances): equity is the positions' value alone. ` +
        'A CSV book carries balances as `balance` rows (header account,kind,id,amount)',
    );
  }

  const underlyings = [...new Set(instruments.map((i) => i.underlying))].sort();
  const underlyingIndexOf = new Map(underlyings.map((u, k) => [u, k]));
  const horizonYears = params.horizonDays / DAYS_PER_YEAR;
  const sqrtH = Math.sqrt(horizonYears);
  const moveScale = new Float64Array(2 * underlyings.length);
  underlyings.forEach((u, k) => {
    const risk = params.underlyings[u];
    if (!risk) throw new InputError(sources.params, `underlyings.${u}`, undefined, `required: the book trades ${u}`);
    moveScale[2 * k] = risk.vol * sqrtH;
    moveScale[2 * k + 1] = risk.volOfVol * sqrtH;
  });
  const { choleskyLower, correlation, repair } = buildFactorCorrelation(underlyings, params.correlation, sources.params);
  const factorNames = underlyings.flatMap((u) => [`${u}.spot`, `${u}.vol`]);
  const historical =
    params.distribution.type === 'fhs' ? planHistoricalDraws(params.distribution, factorNames, correlation, params.horizonDays) : undefined;
  if (historical && historical.modelFactors.length === factorNames.length) {
    throw new InputError(sources.params, 'distribution.factors', params.distribution.type === 'fhs' ? params.distribution.factors : undefined, `none of the book's factors (${factorNames.join(', ')}) is in the residual table`);
  }
  if (historical && historical.modelFactors.length > 0) {
    warnings.push(
      `${sources.params}: distribution fhs: ${historical.modelFactors.join(', ')} not in the residual table: drawn from the Gaussian model, ` +
        'conditioned on the historical draws through the correlation (an implied-vol history in the calibration adds the vol factors)',
    );
  }

  const n = instruments.length;
  const plan: RiskPlan = {
    underlyings,
    spot: Float64Array.from(underlyings, (u) => market.underlyings[u].spot),
    carry: Float64Array.from(underlyings, (u) => market.underlyings[u].carry),
    moveScale,
    factorCount: moveScale.length,
    choleskyLower,
    historical,
    correlationRepair: repair,
    rate: market.rate,
    horizonYears,
    confidence: params.confidence,
    scenarioCount: params.scenarios,
    seed: params.seed,
    distribution: params.distribution,
    tailCount: tailCountFor(params.confidence, params.scenarios),
    instrumentIds: instruments.map((i) => i.id),
    instrumentKinds: instruments.map((i) => i.kind),
    payoff: new Uint8Array(n),
    settlement: new Uint8Array(n),
    underlyingIndex: new Uint32Array(n),
    multiplier: new Float64Array(n),
    strike: new Float64Array(n),
    expiryYears: new Float64Array(n),
    carryYears: new Float64Array(n),
    forwardDrift: new Float64Array(n),
    discountRate: new Float64Array(n),
    impliedVol: new Float64Array(n),
    volTermWeight: new Float64Array(n),
    basePrice: new Float64Array(n),
    accountIds: book.accounts.map((a) => a.id),
    balances: book.accounts.map((a) => a.balances),
    accountOffsets,
    positionInstrument,
    positionQuantity,
    stress: buildStressGrid(params.stressGrid),
    warnings,
  };
  const refYears = params.volTermReferenceDays / DAYS_PER_YEAR;
  instruments.forEach((instrument, i) => {
    plan.underlyingIndex[i] = underlyingIndexOf.get(instrument.underlying)!;
    plan.multiplier[i] = instrument.multiplier;
    const expiry = instrument.expiry ? yearFraction(market.valuationTime, instrument.expiry) : 0;
    plan.expiryYears[i] = expiry;
    if (instrument.kind === 'future') plan.carryYears[i] = expiry;
    if (instrument.kind === 'option') {
      plan.payoff[i] = instrument.optionType === 'call' ? PayoffCode.call : PayoffCode.put;
      plan.strike[i] = instrument.strike!;
      plan.impliedVol[i] = instrument.impliedVol!;
      plan.volTermWeight[i] = Math.sqrt(refYears / Math.max(expiry, refYears));
      const future = instrument.underlyingFuture ? listed.get(instrument.underlyingFuture)! : undefined;
      plan.carryYears[i] = future ? yearFraction(market.valuationTime, future.expiry!) : expiry;
    }
    const curve = market.underlyings[instrument.underlying];
    // Without a curve both are market.rate itself, so (rate − carry) keeps its bits.
    plan.forwardDrift[i] = zeroRateAt(curve.ratePoints, plan.carryYears[i], market.rate) - curve.carry;
    plan.discountRate[i] = zeroRateAt(curve.ratePoints, expiry, market.rate);
    plan.settlement[i] = instrument.settlement === 'inverse' ? SettlementCode.inverse : SettlementCode.linear;
  });
  priceBase(plan);
  instruments.forEach((instrument, i) => {
    // An inverse future's contract is a USD face; the plan holds it as coins at today's mark
    // (reference/settlement.ts, equation 3), so q·m·F is still its USD notional.
    if (instrument.settlement === 'inverse' && plan.payoff[i] === PayoffCode.linear) plan.multiplier[i] = instrument.multiplier / plan.basePrice[i];
  });
  return plan;
}

/**
 * Keeps only the instruments the book holds (in first-seen order), merges repeated lines of
 * one instrument within an account, and lays positions out as CSR.
 */
function flattenBook(book: Book, listed: Map<string, Instrument>, expired: Map<string, InputError>, source: string) {
  const instruments: Instrument[] = [];
  const indexOf = new Map<string, number>();
  const seenAccounts = new Set<string>();
  const offsets = [0];
  const positionInstrument: number[] = [];
  const positionQuantity: number[] = [];
  book.accounts.forEach((account, a) => {
    if (seenAccounts.has(account.id)) throw new InputError(source, `accounts[${a}].id`, account.id, 'duplicate account id');
    seenAccounts.add(account.id);
    const merged = new Map<number, number>();
    account.positions.forEach((position, p) => {
      const instrument = listed.get(position.instrument);
      if (!instrument) {
        const gone = expired.get(position.instrument);
        if (gone) throw new InputError(source, `accounts[${a}].positions[${p}].instrument`, position.instrument, `cannot be valued: ${gone.message}`);
        throw new InputError(source, `accounts[${a}].positions[${p}].instrument`, position.instrument, 'unknown instrument: not listed in the market');
      }
      let index = indexOf.get(instrument.id);
      if (index === undefined) {
        index = instruments.length;
        indexOf.set(instrument.id, index);
        instruments.push(instrument);
      }
      merged.set(index, (merged.get(index) ?? 0) + position.quantity);
    });
    for (const [index, quantity] of merged) {
      if (quantity === 0) continue;
      positionInstrument.push(index);
      positionQuantity.push(quantity);
    }
    offsets.push(positionInstrument.length);
  });
  if (instruments.length === 0) throw new InputError(source, 'accounts', `${book.accounts.length} accounts`, 'the book holds no positions');
  return {
    instruments,
    accountOffsets: Uint32Array.from(offsets),
    positionInstrument: Uint32Array.from(positionInstrument),
    positionQuantity: Float64Array.from(positionQuantity),
  };
}
