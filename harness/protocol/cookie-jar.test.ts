import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.js';

describe('CookieJar', () => {
  it('sends back what the balancer set, replacing on update', () => {
    const jar = new CookieJar();
    expect(jar.cookieHeader()).toBeUndefined();
    jar.store('SRV=r2; path=/');
    jar.store(['SRV=r3; path=/', 'other=1; HttpOnly']);
    expect(jar.cookieHeader()).toBe('SRV=r3; other=1');
  });
  it('drops expired cookies', () => {
    const jar = new CookieJar();
    jar.store('SRV=r2');
    jar.store('SRV=; Max-Age=0');
    expect(jar.cookieHeader()).toBeUndefined();
    jar.store('A=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(jar.cookieHeader()).toBeUndefined();
  });
});
