/**
 * The engine worker: everything that computes runs here, off the page's thread. It opens the
 * backend (WebGPU through this worker's navigator.gpu, or the CPU engine on its own pool of Web
 * Workers), runs margin on the user's inputs, keeps the run's setup and cached instrument P&L
 * block, and answers the views from them: an account's distribution and stress grid, what-if
 * trades, crash replays. Requests are served one at a time, in order; `cancel` is read between
 * chunks and stops the run in flight.
 */
import {
  buildMarginCacheOn, builtinScenario, flashCrash, type MarginCache, type MarginRun, type MarginSetup, prepareMargin, runCascade, runMargin, whatIf,
} from 'webgpu-margin';
import { accountDetail, stressAxis } from './accountDetail.js';
import { openBackend, type OpenedBackend } from './backend.js';
import { issuesOf, readInputFile, validateInputFile } from './inputFiles.js';
import type { BackendChoice, Reply, Request, RunSettings, RunSummary, Stage } from './protocol.js';
import { resolveInputs } from './resolveInputs.js';

const scope = self as unknown as { postMessage(message: Reply): void; onmessage: ((event: MessageEvent<Request>) => void) | null };

class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

let opened: (OpenedBackend & { key: string }) | undefined;
let current: { setup: MarginSetup; run: MarginRun; cache: MarginCache } | undefined;
let cancelRequested = false;
let queue: Promise<unknown> = Promise.resolve();

const checkCancel = () => {
  if (cancelRequested) throw new CancelledError();
};

async function backendFor(choice: BackendChoice, webgpuInPage: boolean, workers?: number): Promise<OpenedBackend> {
  const key = `${choice}/${webgpuInPage}/${workers ?? ''}`;
  if (opened?.key === key) return opened;
  await closeBackend();
  opened = { ...(await openBackend(choice, webgpuInPage, workers)), key };
  return opened;
}

async function closeBackend(): Promise<void> {
  const engine = opened?.engine;
  opened = undefined;
  await engine?.dispose().catch(() => {});
}

function patchedParams(params: unknown, settings: RunSettings): unknown {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return params;
  const patch: Record<string, unknown> = {};
  if (settings.confidence !== undefined) patch.confidence = settings.confidence;
  if (settings.distribution === 'normal') patch.distribution = { type: 'normal' };
  if (settings.distribution === 'student-t') patch.distribution = { type: 'student-t', dof: settings.dof };
  return { ...params, ...patch };
}

async function run(request: Extract<Request, { kind: 'run' }>, progress: (stage: Stage, done: number, total: number) => void): Promise<RunSummary> {
  const began = performance.now();
  current = undefined;
  progress('validate', 0, 1);
  const { inputs, sources } = resolveInputs(request.source, readInputFile);
  const { settings } = request;
  const setup = prepareMargin(
    { ...inputs, params: patchedParams(inputs.params, settings) },
    { scenarios: settings.scenarios, seed: settings.seed },
    { ...sources, overrides: 'settings (scenarios, seed)' },
  );
  checkCancel();
  progress('plan', 0, 1);
  const { engine, status } = await backendFor(settings.backend, request.webgpuInPage, settings.workers);
  const t0 = performance.now();
  const result = await runMargin(setup, {
    engine,
    onProgress: (done, total) => {
      checkCancel();
      progress('simulate', done, total);
    },
  });
  const runMs = performance.now() - t0;
  checkCancel();
  progress('cache', 0, 1);
  const cache = await buildMarginCacheOn(engine, setup);
  checkCancel();
  current = { setup, run: result, cache };
  const plan = setup.plan;
  return {
    backend: status,
    scenarios: plan.scenarioCount,
    seed: plan.seed,
    confidence: plan.confidence,
    horizonDays: result.risk.horizonDays,
    tailCount: plan.tailCount,
    distribution: result.risk.distribution,
    underlyings: [...plan.underlyings],
    instrumentUnderlying: Object.fromEntries(plan.instrumentIds.map((id, i) => [id, plan.underlyings[plan.underlyingIndex[i]]])),
    listedInstruments: setup.inputs.market.instruments.map((i) => i.id),
    accounts: result.risk.accounts,
    margins: result.margin.accounts,
    summary: result.margin.summary,
    stress: stressAxis(plan),
    warnings: [...plan.warnings],
    correlationRepair: plan.correlationRepair && { distance: plan.correlationRepair.distance, iterations: plan.correlationRepair.iterations },
    timings: { runMs, cacheMs: cache.buildMs, totalMs: performance.now() - began },
    sources: { market: sources.market, book: sources.book, params: sources.params },
  };
}

function requireRun() {
  if (!current) throw new Error('run the book first');
  return current;
}

async function serve(request: Exclude<Request, { kind: 'cancel' }>): Promise<unknown> {
  const progress = (stage: Stage, done: number, total: number) => scope.postMessage({ kind: 'progress', id: request.id, stage, done, total });
  switch (request.kind) {
    case 'probe':
      return (await backendFor(request.backend, request.webgpuInPage)).status;
    case 'validate':
      return { issues: [], summary: validateInputFile(request.file, request.role) };
    case 'run':
      cancelRequested = false;
      return run(request, progress);
    case 'account': {
      const { setup, run: result, cache } = requireRun();
      const a = setup.plan.accountIds.indexOf(request.account);
      if (a < 0) throw new Error(`no account ${request.account} in the book`);
      return accountDetail(cache, a, result.risk.accounts[a]);
    }
    case 'whatif': {
      return whatIf(requireRun().cache, request.account, request.trades, { account: 'account', trades: 'trade' });
    }
    case 'cascade': {
      const { setup } = requireRun();
      const o = request.options;
      const scenario = o.scenario === 'flash-crash' ? flashCrash({ depth: o.crashDepth, crashSteps: o.crashSteps }) : builtinScenario(o.scenario, 'scenario');
      cancelRequested = false;
      const { engine } = opened ?? (await backendFor('auto', false));
      return runCascade(setup, scenario, {
        engine,
        params: o.insuranceFund === undefined ? {} : { insuranceFund: o.insuranceFund },
        onProgress: (done, total, stage) => {
          checkCancel();
          progress(stage, done, total);
        },
      });
    }
  }
}

scope.onmessage = ({ data: request }) => {
  if (request.kind === 'cancel') {
    cancelRequested = true;
    return;
  }
  queue = queue.then(async () => {
    try {
      scope.postMessage({ kind: 'result', id: request.id, value: await serve(request) });
    } catch (error) {
      const cancelled = error instanceof CancelledError;
      // A cancelled or failed run may leave the engine mid-chunk: open a fresh one next time.
      if (cancelled || request.kind === 'run') await closeBackend();
      const message = error instanceof Error ? error.message : String(error);
      const name = error instanceof Error ? error.name : 'Error';
      scope.postMessage({ kind: 'error', id: request.id, error: { name, message, issues: issuesOf(error), cancelled } });
    }
  });
};
