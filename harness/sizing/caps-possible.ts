import { HarnessError } from '../errors/harness-error.js';
import { createProcessCgroup } from '../proc/process-cgroup.js';

/**
 * Before anything starts: can this platform cap a replica's CPU? On the process platform that takes a
 * cgroup of the replica's own with the (v1) cpu controller, i.e. root; docker caps every container it
 * creates (a daemon that cannot refuses to create it, with its own message).
 */
export async function checkCapsPossible(platform: string, runId: string): Promise<void> {
  if (platform !== 'process') return;
  const probe = createProcessCgroup(runId, 'cap-probe');
  let problem: string | undefined = probe ? undefined : 'no cgroup of its own can be made here (needs root and the cgroup v1 cpuacct controller)';
  try {
    // A real cap, so the cpu group is made and written (the probe holds no process).
    probe?.setCpuCap(1, 100_000);
  } catch (e) {
    problem = (e as Error).message;
  } finally {
    probe?.remove();
  }
  if (problem) {
    throw new HarnessError('E_PLATFORM_UNAVAILABLE', `size cannot cap replica CPU on the process platform: ${problem}`, {
      hint: 'run as root on a machine with the cgroup v1 cpu controller (/sys/fs/cgroup/cpu), or use --platform docker; an uncapped search would find the machine’s ceiling, not the replicas’',
    });
  }
}
