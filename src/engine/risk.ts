import type { SimulateOptions } from './engine.js';
import { type EngineSource, withEngine } from './withEngine.js';
import { type PlanSources, planRisk, type RiskPlan } from './plan.js';
import { buildRiskReport, type RiskReport } from './riskReport.js';
import { BookSchema, MarketSchema, RiskOverridesSchema, RiskParamsSchema, type Book, type Market, type RiskParams } from '../model/schemas.js';
import { parseInput } from '../model/validate.js';
import { isValidatedBook } from '../model/bookCsv.js';

/** Raw inputs as read from JSON (or built in code); validated by `prepareRisk`. */
export interface RiskInputs {
  market: unknown;
  book: unknown;
  params: unknown;
}

export interface ParsedInputs {
  market: Market;
  book: Book;
  params: RiskParams;
}

/** Parameter overrides from the command line or the caller, applied after validation. */
export interface RiskOverrides {
  scenarios?: number;
  seed?: number;
}

const SOURCES: PlanSources = { market: 'market', book: 'book', params: 'params' };

/** Validates every input (errors name the source, field path and value) and applies overrides. */
export function parseRiskInputs(inputs: RiskInputs, overrides: RiskOverrides = {}, sources = SOURCES): ParsedInputs {
  const market = parseInput(MarketSchema, inputs.market, sources.market);
  const book = isValidatedBook(inputs.book) ? inputs.book : parseInput(BookSchema, inputs.book, sources.book);
  // Overrides are checked on their own, so that a bad one is blamed on its source, not on the params file.
  const checked = parseInput(RiskOverridesSchema, defined(overrides), sources.overrides ?? 'overrides');
  const params = parseInput(RiskParamsSchema, { ...(inputs.params as object), ...checked }, sources.params);
  return { market, book, params };
}

function defined(overrides: RiskOverrides): RiskOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}

/** Validate and plan in one step. */
export function prepareRisk(inputs: RiskInputs, overrides: RiskOverrides = {}, sources = SOURCES): RiskPlan {
  const parsed = parseRiskInputs(inputs, overrides, sources);
  return planRisk(parsed.market, parsed.book, parsed.params, sources);
}

export interface RunRiskOptions extends SimulateOptions {
  /** An engine (borrowed), a factory (opened and disposed here) or, by default, the CPU backend in this thread. */
  engine?: EngineSource;
}

/** Simulates a plan on a backend and reduces it to per-account risk. */
export async function runRisk(plan: RiskPlan, options: RunRiskOptions = {}): Promise<RiskReport> {
  return withEngine(options.engine, async (engine) => {
    const result = await engine.simulate(plan, options);
    return buildRiskReport(plan, result, engine.backend, engine.description);
  });
}
