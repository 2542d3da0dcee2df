import type { ReplicaStats, ServerModel } from './replica-contract.js';
import type { ReplicaModel } from './replica-model.js';
import type { RequestCounter } from './request-counter.js';

/** Builds the /-/stats answer from the live counters. */
export function replicaStatsSource(replicaId: string, model: ReplicaModel, counter: RequestCounter): () => ReplicaStats {
  const serverModel: ServerModel = model.model;
  return () => {
    const memory = process.memoryUsage();
    const sessions = model.sessionStats();
    return {
      replicaId,
      model: serverModel,
      pid: process.pid,
      counts: counter.snapshot(),
      ...(sessions === undefined ? {} : { sessions }),
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
      toolCalls: counter.toolCallSnapshot(),
      ...(model.storeStats === undefined ? {} : { store: model.storeStats() }),
      ...(model.stateStats === undefined ? {} : { state: model.stateStats() }),
    };
  };
}
