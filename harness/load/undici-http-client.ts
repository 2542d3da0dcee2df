import { Pool } from 'undici';
import { classifyTransportError, type HttpClient, type HttpRequest, type HttpResponse, type HttpStream } from './http-client.js';

export interface UndiciClientOptions {
  /** Origin of the balancer, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly maxConnections: number;
}

/**
 * HttpClient on an undici keep-alive Pool. Timeouts use undici's own headers/body timers (one per
 * request, no extra timer objects); both surface as UND_ERR_*_TIMEOUT codes, classified as "timeout".
 */
export class UndiciHttpClient implements HttpClient {
  private readonly pool: Pool;

  constructor(options: UndiciClientOptions) {
    this.pool = new Pool(options.origin, {
      connections: options.maxConnections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 60_000,
    });
  }

  async send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    try {
      const res = await this.pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
        signal,
      });
      const body = await res.body.text();
      return { status: res.statusCode, headers: res.headers, body };
    } catch (e) {
      throw classifyTransportError(e);
    }
  }

  async openStream(request: HttpRequest, signal?: AbortSignal): Promise<HttpStream> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let res;
    try {
      res = await this.pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        headersTimeout: request.timeoutMs,
        // An SSE stream idles between events for the session's life; only the headers are timed.
        bodyTimeout: 0,
        signal: controller.signal,
      });
    } catch (e) {
      signal?.removeEventListener('abort', onAbort);
      throw classifyTransportError(e);
    }
    const body = res.body;
    if (res.statusCode < 200 || res.statusCode > 299) {
      signal?.removeEventListener('abort', onAbort);
      let errorBody = '';
      try {
        errorBody = await body.text();
      } catch {
        /* the status is what matters; a cut body stays empty */
      }
      return { status: res.statusCode, headers: res.headers, errorBody, ended: Promise.resolve(), close: () => undefined };
    }
    const ended = new Promise<void>((resolve) => {
      body.on('end', resolve);
      body.on('close', resolve);
      body.on('error', () => resolve());
    }).finally(() => signal?.removeEventListener('abort', onAbort));
    body.resume();
    return {
      status: res.statusCode,
      headers: res.headers,
      errorBody: undefined,
      ended,
      close: () => {
        if (!body.destroyed) body.destroy();
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
