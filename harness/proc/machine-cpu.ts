import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The whole machine's CPU time at one instant, from the first line of /proc/stat (clock ticks). */
export interface MachineCpuSample {
  /** Ticks spent on anything but idle and iowait, steal included (a hypervisor gave the time away). */
  readonly busyTicks: number;
  readonly totalTicks: number;
  readonly stealTicks: number;
  /** Logical CPUs the kernel schedules on. */
  readonly cores: number;
}

/** How busy the machine was between two samples. */
export interface MachineCpuUse {
  /** Busy share of all cores, 0..1. */
  readonly busyFraction: number;
  /** Busy time in cores (busyFraction × cores). */
  readonly busyCores: number;
  /** Time taken by the hypervisor, in cores. */
  readonly stealCores: number;
  readonly cores: number;
}

/** Pure: the aggregate "cpu" line of /proc/stat (user nice system idle iowait irq softirq steal ...). */
export function parseProcStatCpu(text: string, cores: number): MachineCpuSample | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) return undefined;
  // guest and guest_nice are already counted in user and nice.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  const busyTicks = user + nice + system + irq + softirq + steal;
  return { busyTicks, totalTicks: busyTicks + idle + iowait, stealTicks: steal, cores };
}

/** Now, or undefined where /proc/stat cannot be read (not Linux). */
export function machineCpuSample(): MachineCpuSample | undefined {
  try {
    return parseProcStatCpu(readFileSync('/proc/stat', 'utf8'), os.availableParallelism());
  } catch {
    return undefined;
  }
}

export function machineCpuBetween(a: MachineCpuSample | undefined, b: MachineCpuSample | undefined): MachineCpuUse | undefined {
  if (!a || !b) return undefined;
  const total = b.totalTicks - a.totalTicks;
  if (!(total > 0)) return undefined;
  const busyFraction = Math.min(1, Math.max(0, (b.busyTicks - a.busyTicks) / total));
  return { busyFraction, busyCores: busyFraction * b.cores, stealCores: ((b.stealTicks - a.stealTicks) / total) * b.cores, cores: b.cores };
}
