import { type BackendChoice, openNodeEngine } from '../../src/engine/openNodeEngine.js';
import { runMargin } from '../../src/margin/runMargin.js';
import { prepareMargin } from '../../src/margin/setup.js';
import type { RiskInputs } from '../../src/risk.js';
import { sampleBook, sampleMarket, sampleParams } from '../../src/sample/sampleVenue.js';
import { formatReport, type OutputFormat } from '../format.js';
import { readBook, readJson, writeFileAtomic } from '../io.js';
import { progressReporter } from '../progress.js';

export interface RunOptions {
  market?: string;
  book?: string;
  params?: string;
  scenarios?: number;
  seed?: number;
  format: OutputFormat;
  out?: string;
  workers?: number;
  chunkSize?: number;
  backend: BackendChoice;
  quiet?: boolean;
  /** Euler contributions to ES per position (default true; --no-attribution skips them). */
  attribution?: boolean;
}

/** Loads the inputs named on the command line; each missing one comes from the sample venue. */
export function loadInputs(options: Pick<RunOptions, 'market' | 'book' | 'params'>): { inputs: RiskInputs; sources: { market: string; book: string; params: string } } {
  return {
    inputs: {
      market: options.market ? readJson(options.market) : sampleMarket(),
      book: options.book ? readBook(options.book) : sampleBook(),
      params: options.params ? readJson(options.params) : sampleParams(),
    },
    sources: {
      market: options.market ?? 'sample market',
      book: options.book ?? 'sample book',
      params: options.params ?? 'sample params',
    },
  };
}

/**
 * Writes to stdout and waits until the data is handed to the OS: main exits right after the
 * command, and on a pipe stdout is asynchronous, so a large JSON report would be cut short.
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

export async function runCommand(options: RunOptions): Promise<void> {
  const { inputs, sources } = loadInputs(options);
  const setup = prepareMargin(inputs, { scenarios: options.scenarios, seed: options.seed }, sources);
  const plan = setup.plan;
  if (plan.correlationRepair && !options.quiet) {
    process.stderr.write(
      `warning: ${sources.params}: correlation is not positive semidefinite; repaired to the nearest correlation matrix ` +
        `(Frobenius distance ${plan.correlationRepair.distance.toExponential(3)}, ${plan.correlationRepair.iterations} iterations)\n`,
    );
  }
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const engine = await openNodeEngine({ backend: options.backend, workers: options.workers, log });
  const progress = progressReporter('margin run', options.quiet ?? false);
  try {
    const { risk, margin } = await runMargin(setup, {
      engine,
      chunkSize: options.chunkSize,
      onProgress: progress.update,
      attribution: options.attribution,
    });
    progress.stop();
    const text = formatReport(risk, options.format, margin);
    if (options.out) writeFileAtomic(options.out, text);
    else await writeStdout(text);
  } finally {
    progress.stop();
    await engine.dispose();
  }
}
