import { CpuEngine } from '../../src/engine/cpu/cpuEngine.js';
import { inThreadExecutor } from '../../src/engine/cpu/chunkExecutor.js';
import { nodeWorkerExecutor } from '../../src/engine/cpu/nodeWorkerExecutor.js';
import { prepareRisk, runRisk, type RiskInputs } from '../../src/risk.js';
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
  quiet?: boolean;
}

/** Loads the inputs named on the command line; each missing one comes from the sample venue. */
function loadInputs(options: RunOptions): { inputs: RiskInputs; sources: { market: string; book: string; params: string } } {
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

export async function runCommand(options: RunOptions): Promise<void> {
  const { inputs, sources } = loadInputs(options);
  const plan = prepareRisk(inputs, { scenarios: options.scenarios, seed: options.seed }, sources);
  if (plan.correlationRepair && !options.quiet) {
    process.stderr.write(
      `warning: ${sources.params}: correlation is not positive semidefinite; repaired to the nearest correlation matrix ` +
        `(Frobenius distance ${plan.correlationRepair.distance.toExponential(3)}, ${plan.correlationRepair.iterations} iterations)\n`,
    );
  }
  const executor = options.workers === 0 ? inThreadExecutor() : nodeWorkerExecutor(options.workers);
  const engine = new CpuEngine(executor);
  const progress = progressReporter('margin run', options.quiet ?? false);
  try {
    const report = await runRisk(plan, { engine, chunkSize: options.chunkSize, onProgress: progress.update });
    progress.stop();
    const text = formatReport(report, options.format);
    if (options.out) writeFileAtomic(options.out, text);
    else process.stdout.write(text);
  } finally {
    progress.stop();
    await engine.dispose();
  }
}
