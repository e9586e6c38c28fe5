/**
 * Node only: the nightly run sharded over machines through BullMQ on Redis. `openClusterEngine`
 * is a RiskEngine whose simulations and revaluations run on `startClusterWorker` processes and
 * merge exactly (the same tails, VaR, ES and margins as one process); `clusterStatus` shows the
 * runs, shards and workers. See the README, "Past one machine: the cluster run".
 */
export { ClusterEngine, ClusterRunError, openClusterEngine, type ClusterRunOptions, type ClusterStats, type ShardStat } from './coordinator.js';
export { startClusterWorker, type ClusterWorker, type ClusterWorkerOptions } from './worker.js';
export { clusterStatus, type ClusterStatus, type RunStatus, type StageStatus, type WorkerRecord } from './status.js';
export { ClusterConnectionError, redactRedisUrl, REDIS_CA_ENV, REDIS_URL_ENV, resolveRedisUrl } from './connection.js';
export { encodePlan, decodePlan, type EncodedPlan } from './planCodec.js';
export { restrictPlan } from './restrictPlan.js';
export { BlobIntegrityError } from './blobs.js';
