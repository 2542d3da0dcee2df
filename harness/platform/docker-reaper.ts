import os from 'node:os';
import { isProcessAlive, processStartTicks } from '../proc/process-start-ticks.js';
import { dockerEndpoint } from './docker-engine-api.js';
import { ownerIsGone, type OwnerProbe } from './docker-labels.js';
import { runFilters, sweepLabelled, type SweepResult } from './docker-sweep.js';

const hostProbe: OwnerProbe = { host: os.hostname(), isAlive: isProcessAlive, startTicksOf: processStartTicks };

/**
 * Removes containers and networks labelled by earlier runs whose owning harness is gone (crashed,
 * SIGKILLed, or force-quit with a second Ctrl-C). Live runs, including concurrent ones and runs
 * started on other machines sharing the daemon, are left alone. No daemon: nothing to do.
 */
export function reapDockerOrphans(probe: OwnerProbe = hostProbe): Promise<SweepResult> {
  return sweepLabelled(runFilters(), (labels) => ownerIsGone(labels, probe), dockerEndpoint());
}
