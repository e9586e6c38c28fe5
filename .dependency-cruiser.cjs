/**
 * The layering of src/ as rules that `npm test` enforces (npm run lint:layers): a folder imports
 * only folders on its own floor's left or on lower floors, never up (see README, Architecture).
 *
 *   floor 0  model/                              plain data and validation; imports nothing of ours
 *            pricing/ linalg/ random/            f64 numerics, Philox; import floor 0 only
 *   floor 1  scenarios/ oracle/ sample/          stress grids, price feeds, the sample venue
 *            calibration/                        market history, estimators, parameter packs
 *   floor 2  engine/                             plan, backends, reports (public module: engine/index.ts)
 *   floor 3  margin/                             margin models over engine results
 *   floor 4  liquidation/                        cascades over margin
 *   floor 5  nightly/ backtest/                  the nightly job; walk-forward backtests and their statistics
 *   venues/import/                               exchange exports and chain snapshots to our inputs: plain data, floor 0 and the CSV reader
 *   store/   SQLite history of packs and margins: Node only (better-sqlite3), over calibration/ and floor 0
 *   cluster/ BullMQ/Redis sharding of engine runs: Node only, over the engine's public module (and its Node adapter)
 *   entries  index.ts (runtime-neutral), node.ts (Node adapters); cli/ on top of them
 *
 * The browser lab (lab/, checked by `npm run lint:layers` with lab/tsconfig.json, where `webgpu-margin`
 * is src/index.ts) imports the engine through the runtime-neutral entry only, and nothing Node-only.
 *
 * Runtime neutrality: only the Node adapters may import Node's built-ins or Dawn, and nothing
 * runtime-neutral may import a Node adapter, so src/index.ts loads in a browser.
 */
const NODE_ONLY = [
  '^src/node\\.ts$',
  '^src/engine/openNodeEngine\\.ts$',
  '^src/engine/cpu/nodeWorkerExecutor\\.ts$',
  '^src/engine/cpu/chunkWorker\\.ts$',
  '^src/engine/cpu/chunkWorkerTs\\.mjs$',
  '^src/engine/gpu/nodeGpu\\.ts$',
  '^src/engine/gpu/nativeStderr\\.ts$',
  '^src/store/',
  '^src/backtest/node/',
  '^src/cluster/',
];

/** `from` may import only `allowed` (besides itself and packages): everything else of src/ is forbidden. */
function onlyImports(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^src/', pathNot: [from, ...allowed] },
  };
}

const GROUND = '^src/(model|pricing|linalg|random)/';

module.exports = {
  forbidden: [
    onlyImports('model-imports-nothing', '^src/model/', [], 'model/ holds plain data types and their validation: it imports nothing of ours'),
    onlyImports('ground-floor', '^src/(pricing|linalg|random)/', [GROUND], 'pricing, linalg and random are the ground floor: they import only each other and model/'),
    onlyImports('floor-1', '^src/(scenarios|oracle|sample|calibration)/', [GROUND], 'scenarios, oracle, sample and calibration import only the ground floor'),
    onlyImports('engine', '^src/engine/', [GROUND, '^src/scenarios/'], 'the engine imports only the ground floor and scenarios/'),
    onlyImports('margin', '^src/margin/', [GROUND, '^src/scenarios/', '^src/engine/index\\.ts$'], 'margin reaches the engine through its public module engine/index.ts only'),
    onlyImports(
      'liquidation',
      '^src/liquidation/',
      [GROUND, '^src/scenarios/', '^src/oracle/', '^src/margin/', '^src/engine/index\\.ts$'],
      'liquidation builds on margin and the oracle; the engine only through engine/index.ts',
    ),
    onlyImports(
      'backtest',
      '^src/backtest/',
      [GROUND, '^src/(scenarios|oracle|sample|calibration)/', '^src/margin/', '^src/liquidation/', '^src/engine/index\\.ts$'],
      'the backtest builds on calibration, margin and the cascade; the engine only through engine/index.ts',
    ),
    onlyImports(
      'nightly',
      '^src/nightly/',
      [GROUND, '^src/(scenarios|oracle|sample|calibration)/', '^src/margin/', '^src/liquidation/', '^src/engine/index\\.ts$'],
      'the nightly job builds on calibration and margin; the engine only through engine/index.ts',
    ),
    onlyImports(
      'venue-import',
      '^src/venues/import/',
      [GROUND, '^src/calibration/history/csvTable\\.ts$'],
      'importers and chain converters turn venue exports into our inputs: plain data, the ground floor and the CSV reader only',
    ),
    onlyImports('store', '^src/store/', [GROUND, '^src/calibration/'], 'the store keeps packs and margins: it imports calibration/ and the ground floor only'),
    onlyImports(
      'cluster',
      '^src/cluster/',
      [GROUND, '^src/engine/index\\.ts$', '^src/engine/openNodeEngine\\.ts$'],
      'the cluster shards engine runs over a queue: it reaches the engine through engine/index.ts and opens a worker\'s backend through openNodeEngine; nothing above the engine',
    ),
    {
      name: 'engine-reference-is-the-bottom-of-the-engine',
      comment: 'the f64 reference model is runtime-neutral and backend-free: it imports no backend',
      severity: 'error',
      from: { path: '^src/engine/reference/' },
      to: { path: '^src/engine/(cpu|gpu)/' },
    },
    {
      name: 'backends-do-not-import-each-other',
      comment: 'the CPU and GPU backends mirror each other; neither imports the other',
      severity: 'error',
      from: { path: '^src/engine/(cpu|gpu)/' },
      to: { path: '^src/engine/(cpu|gpu)/', pathNot: ['^src/engine/$1/'] },
    },
    {
      name: 'cli-uses-public-entries-of-the-engine',
      comment: 'the CLI reaches the engine through engine/index.ts and node.ts, not its internals',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^src/engine/(cpu|gpu|reference)/|^src/engine/(?!index\\.ts$)[^/]+$' },
    },
    {
      name: 'src-does-not-import-cli-bench-or-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(cli|bench|test)/' },
    },
    {
      name: 'runtime-neutral-no-node-builtins',
      comment: 'outside the Node adapters, src/ runs in a browser: no Node built-ins, no Dawn',
      severity: 'error',
      from: { path: '^src/', pathNot: NODE_ONLY },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'runtime-neutral-no-dawn',
      severity: 'error',
      from: { path: '^src/', pathNot: NODE_ONLY },
      to: { path: 'node_modules/webgpu/' },
    },
    {
      name: 'runtime-neutral-no-sqlite',
      comment: 'better-sqlite3 is a native Node addon: only the store (Node only) loads it',
      severity: 'error',
      from: { path: '^src/', pathNot: NODE_ONLY },
      to: { path: 'node_modules/better-sqlite3/' },
    },
    {
      name: 'runtime-neutral-no-node-adapters',
      comment: 'nothing runtime-neutral imports a Node adapter (src/index.ts must load in a browser)',
      severity: 'error',
      from: { path: '^src/', pathNot: NODE_ONLY },
      to: { path: NODE_ONLY },
    },
    {
      name: 'lab-imports-the-runtime-neutral-entry-only',
      comment: 'the browser lab (lab/) uses the engine as a consumer does: through src/index.ts (webgpu-margin) only',
      severity: 'error',
      from: { path: '^lab/' },
      to: { path: '^(src|cli|bench|test)/', pathNot: '^src/index\\.ts$' },
    },
    {
      name: 'lab-runs-in-a-browser',
      comment: 'the lab is a static web app: no Node built-ins, Dawn or native addons (its Vite config is Node, and not checked here)',
      severity: 'error',
      from: { path: '^lab/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'lab-runs-in-a-browser-no-node-packages',
      severity: 'error',
      from: { path: '^lab/src/' },
      to: { path: 'node_modules/(webgpu|better-sqlite3|bullmq|ioredis)/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycle of values (a cycle through type-only imports is harmless)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs'] },
  },
};
