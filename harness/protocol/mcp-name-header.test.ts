import { describe, expect, it } from 'vitest';
import { encodeMcpHeaderValue } from './mcp-name-header.js';

describe('encodeMcpHeaderValue', () => {
  it('passes plain ASCII names through', () => {
    expect(encodeMcpHeaderValue('echo')).toBe('echo');
    expect(encodeMcpHeaderValue('file:///a b')).toBe('file:///a b');
  });
  it('base64-encodes non-ASCII, edge whitespace and sentinel look-alikes', () => {
    expect(encodeMcpHeaderValue('café')).toBe(`=?base64?${Buffer.from('café').toString('base64')}?=`);
    expect(encodeMcpHeaderValue(' x')).toMatch(/^=\?base64\?/);
    expect(encodeMcpHeaderValue('=?base64?abc?=')).toBe(`=?base64?${Buffer.from('=?base64?abc?=').toString('base64')}?=`);
  });
});
