import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupCpuMicros, cgroupFilesFrom, cgroupRssBytes, cgroupThrottling, parseCpuStatThrottling } from './cgroup-files.js';

const ID = 'f5b67c4e71fd4d807fa231b65efb380fcd828ab5f996eadcf88a570e012a8fdf';

describe('cgroupFilesFrom', () => {
  it('cgroup v1 with the cgroupfs driver (Debian docker.io on this machine kind)', () => {
    const text = [`9:name=systemd:/docker/${ID}`, `4:memory:/docker/${ID}`, `2:cpuacct:/docker/${ID}`, `1:cpu:/docker/${ID}`, `0::/docker/${ID}`].join('\n');
    expect(cgroupFilesFrom(text, '/cg')).toEqual({
      cpu: { file: `/cg/cpuacct/docker/${ID}/cpuacct.usage`, unit: 'ns' },
      memoryStat: { file: `/cg/memory/docker/${ID}/memory.stat`, key: 'total_rss' },
      cpuStat: `/cg/cpu/docker/${ID}/cpu.stat`,
    });
  });

  it('cgroup v1 with cpu and cpuacct co-mounted', () => {
    const files = cgroupFilesFrom(`3:cpu,cpuacct:/system.slice/docker-${ID}.scope`, '/cg');
    expect(files.cpu).toEqual({ file: `/cg/cpu,cpuacct/system.slice/docker-${ID}.scope/cpuacct.usage`, unit: 'ns' });
    expect(files.cpuStat).toBe(`/cg/cpu,cpuacct/system.slice/docker-${ID}.scope/cpu.stat`);
  });

  it('cgroup v2 (systemd driver)', () => {
    expect(cgroupFilesFrom(`0::/system.slice/docker-${ID}.scope\n`, '/cg')).toEqual({
      cpu: { file: `/cg/system.slice/docker-${ID}.scope/cpu.stat`, unit: 'usec-stat' },
      memoryStat: { file: `/cg/system.slice/docker-${ID}.scope/memory.stat`, key: 'anon' },
      cpuStat: `/cg/system.slice/docker-${ID}.scope/cpu.stat`,
    });
  });

  it('nothing usable: the root cgroup says nothing about a container', () => {
    expect(cgroupFilesFrom('0::/\n')).toEqual({ cpu: undefined, memoryStat: undefined });
  });
});

describe('reading the files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cgroup-test-'));
  mkdirSync(path.join(dir, 'v1'));
  writeFileSync(path.join(dir, 'v1', 'cpuacct.usage'), '2500000\n');
  writeFileSync(path.join(dir, 'v1', 'memory.stat'), 'cache 10\nrss 4096\ntotal_cache 10\ntotal_rss 8192\n');
  writeFileSync(path.join(dir, 'cpu.stat'), 'usage_usec 1234\nuser_usec 1000\nsystem_usec 234\n');
  writeFileSync(path.join(dir, 'memory.stat'), 'anon 65536\nfile 10\n');

  it('v1: ns to µs, total_rss', () => {
    const files = { cpu: { file: path.join(dir, 'v1', 'cpuacct.usage'), unit: 'ns' as const }, memoryStat: { file: path.join(dir, 'v1', 'memory.stat'), key: 'total_rss' as const } };
    expect(cgroupCpuMicros(files)).toBe(2500);
    expect(cgroupRssBytes(files)).toBe(8192);
  });

  it('v2: usage_usec, anon', () => {
    const files = { cpu: { file: path.join(dir, 'cpu.stat'), unit: 'usec-stat' as const }, memoryStat: { file: path.join(dir, 'memory.stat'), key: 'anon' as const } };
    expect(cgroupCpuMicros(files)).toBe(1234);
    expect(cgroupRssBytes(files)).toBe(65536);
  });

  it('throttling: v1 throttled_time in ns, v2 throttled_usec', () => {
    expect(parseCpuStatThrottling('nr_periods 120\nnr_throttled 30\nthrottled_time 450000000\n')).toEqual({ periods: 120, throttledPeriods: 30, throttledUs: 450_000 });
    expect(parseCpuStatThrottling('usage_usec 9\nnr_periods 10\nnr_throttled 2\nthrottled_usec 7000\n')).toEqual({ periods: 10, throttledPeriods: 2, throttledUs: 7000 });
    // A cpu.stat without the CFS fields (no cpu controller enabled for the group) says nothing, not zero.
    expect(parseCpuStatThrottling('usage_usec 9\nuser_usec 5\n')).toBeUndefined();
    writeFileSync(path.join(dir, 'throttle.stat'), 'nr_periods 4\nnr_throttled 1\nthrottled_time 2000\n');
    expect(cgroupThrottling({ cpu: undefined, memoryStat: undefined, cpuStat: path.join(dir, 'throttle.stat') })).toEqual({ periods: 4, throttledPeriods: 1, throttledUs: 2 });
    expect(cgroupThrottling({ cpu: undefined, memoryStat: undefined, cpuStat: path.join(dir, 'nope') })).toBeUndefined();
  });

  it('a removed container reads as unknown, never as zero', () => {
    const gone = { cpu: { file: path.join(dir, 'nope'), unit: 'ns' as const }, memoryStat: { file: path.join(dir, 'nope'), key: 'anon' as const } };
    expect(cgroupCpuMicros(gone)).toBeUndefined();
    expect(cgroupRssBytes(gone)).toBeUndefined();
    expect(cgroupCpuMicros(undefined)).toBeUndefined();
  });
});
