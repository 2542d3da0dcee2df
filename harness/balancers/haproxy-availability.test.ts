import { describe, expect, it } from 'vitest';
import { isSupportedHaproxyVersion, parseHaproxyVersion } from './haproxy-availability.js';

describe('parseHaproxyVersion', () => {
  it('reads the Debian 2.6 banner', () => {
    const banner = 'HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/\nStatus: long-term supported branch';
    expect(parseHaproxyVersion(banner)).toEqual({ full: '2.6.12-1+deb12u4', major: 2, minor: 6, patch: 12 });
  });

  it('reads old-style and two-part versions', () => {
    expect(parseHaproxyVersion('HA-Proxy version 1.8.19 2019/02/11')).toMatchObject({ major: 1, minor: 8, patch: 19 });
    expect(parseHaproxyVersion('HAProxy version 3.1-dev4 2024/07/01')).toMatchObject({ full: '3.1-dev4', major: 3, minor: 1, patch: 0 });
  });

  it('returns undefined for anything else', () => {
    expect(parseHaproxyVersion('nginx version: nginx/1.22.1')).toBeUndefined();
  });

  it('needs at least 2.0', () => {
    expect(isSupportedHaproxyVersion(parseHaproxyVersion('HA-Proxy version 1.8.19 x')!)).toBe(false);
    expect(isSupportedHaproxyVersion(parseHaproxyVersion('HAProxy version 2.0.0 x')!)).toBe(true);
    expect(isSupportedHaproxyVersion(parseHaproxyVersion('HAProxy version 3.0.1 x')!)).toBe(true);
  });
});
