import type { IncomingMessage } from 'node:http';

export const BODY_TOO_LARGE: unique symbol = Symbol('body too large');
export const BODY_ABORTED: unique symbol = Symbol('body aborted');

/**
 * Reads a whole request body into one Buffer (the built-in balancer buffers only when a policy must
 * see the body, or when retries need to replay it). Never rejects.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | typeof BODY_TOO_LARGE | typeof BODY_ABORTED> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve(BODY_TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | typeof BODY_TOO_LARGE | typeof BODY_ABORTED): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(v);
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > maxBytes) finish(BODY_TOO_LARGE);
      else chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', () => finish(BODY_ABORTED));
    req.once('close', () => finish(BODY_ABORTED));
  });
}

/** The body as JSON, or undefined when empty or not JSON (the policy then routes it as a non-call). */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
