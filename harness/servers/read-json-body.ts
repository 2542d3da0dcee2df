import type { IncomingMessage } from 'node:http';
import { UNPARSEABLE_BODY } from './request-counter.js';

/** The body exceeded the size limit (the caller answers 413). */
export const BODY_TOO_LARGE: unique symbol = Symbol('body too large');
/** The client went away (or the stream failed) before the body was complete: nothing to answer. */
export const BODY_ABORTED: unique symbol = Symbol('body aborted');

export type JsonBodyResult = unknown | typeof UNPARSEABLE_BODY | typeof BODY_TOO_LARGE | typeof BODY_ABORTED;

/** Same bound the SDK transports apply by default (4 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads a request body once and parses it as JSON, resolving (never rejecting) with the parsed
 * value or one of the sentinels. The replica parses once and hands the value to the SDK, which then
 * neither re-reads the stream nor re-parses.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number = DEFAULT_MAX_BODY_BYTES): Promise<JsonBodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.resolve(BODY_TOO_LARGE);
  return new Promise((resolve) => {
    let first: Buffer | undefined;
    let rest: Buffer[] | undefined;
    let received = 0;
    let done = false;
    const finish = (value: JsonBodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        finish(BODY_TOO_LARGE);
        return;
      }
      if (first === undefined) first = chunk;
      else (rest ??= [first]).push(chunk);
    };
    const onEnd = (): void => {
      const bytes = rest !== undefined ? Buffer.concat(rest, received) : first;
      finish(parseJson(bytes));
    };
    const onAbort = (): void => finish(BODY_ABORTED);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}

function parseJson(bytes: Buffer | undefined): unknown {
  if (bytes === undefined || bytes.length === 0) return UNPARSEABLE_BODY;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return UNPARSEABLE_BODY;
  }
}
