/**
 * Header value encoding for Mcp-Name / Mcp-Param-* (2026-07-28, SEP-2243): values that are not plain
 * visible ASCII, have leading/trailing whitespace, or look like the sentinel are sent as
 * `=?base64?<base64 of UTF-8>?=`.
 */
const PLAIN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export function encodeMcpHeaderValue(value: string): string {
  if (PLAIN.test(value) && !value.startsWith('=?base64?')) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
