import { ServerResponse, type IncomingMessage } from 'node:http';
import type { RequestCounter } from './request-counter.js';

/**
 * A ServerResponse that counts its request exactly once, at the moment the status line is decided
 * (writeHead, which Node's implicit-header path also goes through) or, if the connection closes
 * first, as `aborted`. Counting in writeHead means the count exists before the client can have seen
 * the response headers, so a harness reading /-/stats after its last response never races.
 *
 * A subclass (handed to `http.createServer({ ServerResponse })`) rather than a per-request wrapper of
 * `res.writeHead`: same effect, but no closure allocated per request on the hot path.
 */
export interface CountedResponse extends ServerResponse<IncomingMessage> {
  /** Key to count this request under; `undefined` (the default) means "not an MCP request". */
  methodKey: string | undefined;
  /** True once the request has been counted (by status or as aborted). */
  readonly counted: boolean;
}

export type CountedResponseClass = typeof ServerResponse<IncomingMessage> & (new (req: IncomingMessage) => CountedResponse);

export function countedResponseClass(counter: RequestCounter): CountedResponseClass {
  class Counted extends ServerResponse<IncomingMessage> implements CountedResponse {
    methodKey: string | undefined = undefined;
    counted = false;

    constructor(...args: ConstructorParameters<typeof ServerResponse<IncomingMessage>>) {
      super(...args);
      this.once('close', onResponseClose);
    }
  }

  const baseWriteHead = ServerResponse.prototype.writeHead;
  Counted.prototype.writeHead = function writeHead(this: Counted, ...args: unknown[]) {
    // Only count once the base accepted the call: a throwing writeHead (e.g. a second call after
    // headers went out) wrote no status line.
    const result = (baseWriteHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    if (!this.counted && this.methodKey !== undefined) {
      this.counted = true;
      counter.count(this.methodKey, this.statusCode);
    }
    return result;
  } as typeof Counted.prototype.writeHead;

  function onResponseClose(this: Counted): void {
    if (this.counted || this.methodKey === undefined) return;
    this.counted = true;
    counter.count(this.methodKey, 'aborted');
  }

  return Counted;
}
