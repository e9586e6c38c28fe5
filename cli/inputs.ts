import type { RiskInputs, RiskPlan } from '../src/engine/index.js';
import type { InputSources } from '../src/margin/context.js';
import { InputError } from '../src/model/errors.js';
import { EMBEDDED_SAMPLES, type SampleName } from '../src/sample/samples.js';
import { readBook, readJson, sourceName, STDIN } from './io.js';

/** The input-file options every engine command takes. */
export interface InputFileOptions {
  market?: string;
  book?: string;
  params?: string;
  /** The embedded sample the inputs not given come from (default: the sample venue). */
  sample?: SampleName;
}

/** Names of the options that override params, as errors should call them. */
const OVERRIDE_SOURCE = '--scenarios/--seed';

/** Loads the inputs named on the command line; each missing one comes from the sample venue. */
export async function loadInputs(options: InputFileOptions): Promise<{ inputs: RiskInputs; sources: InputSources }> {
  const fromStdin = (['market', 'book', 'params'] as const).filter((key) => options[key] === STDIN);
  if (fromStdin.length > 1) {
    throw new InputError(`--${fromStdin[1]}`, '', STDIN, `standard input is already --${fromStdin[0]}: only one input can come from it`);
  }
  const sample = EMBEDDED_SAMPLES[options.sample ?? 'venue'];
  return {
    inputs: {
      market: options.market ? await readJson(options.market) : sample.market(),
      book: options.book ? await readBook(options.book) : sample.book(),
      params: options.params ? await readJson(options.params) : sample.params(),
    },
    sources: {
      market: options.market ? sourceName(options.market) : `${sample.label} market`,
      book: options.book ? sourceName(options.book) : `${sample.label} book`,
      params: options.params ? sourceName(options.params) : `${sample.label} params`,
      overrides: OVERRIDE_SOURCE,
    },
  };
}

/** The plan's warnings and a correlation repair, on stderr (unless quiet). */
export function reportPlanWarnings(plan: RiskPlan, sources: InputSources, warn: (line: string) => void): void {
  for (const warning of plan.warnings) warn(`warning: ${warning}`);
  if (plan.correlationRepair) {
    warn(
      `warning: ${sources.params}: correlation is not positive semidefinite; repaired to the nearest correlation matrix ` +
        `(Frobenius distance ${plan.correlationRepair.distance.toExponential(3)}, ${plan.correlationRepair.iterations} iterations)`,
    );
  }
}
