import type { RequestStep } from '../metrics/steps.js';
import { STATE_TOOL_NAMES } from '../servers/state-contract.js';
import type { LogicalOperation } from '../workload/logical-session.js';
import { headerLines } from '../load/http-client.js';
import { exchange, failureReason, type ExchangeResult } from './exchange.js';
import type { ClientSession, OpenResult, OpResult, ProtocolModel, SessionContext } from './protocol-model.js';
import { listTools, META_WITH_TASKS, serverDiscover, STATELESS_PROTOCOL_VERSION, taskRequest, toolCall, type StatelessRequest } from './stateless-requests.js';
import type { ClientProfileName } from '../config/resolved-scenario.js';

export { STATELESS_PROTOCOL_VERSION };

interface RenderedCall {
  /** The body around the JSON-RPC id: built once per operation, joined per request (the hot path). */
  readonly bodyHead: string;
  readonly bodyTail: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly headerLines: string;
  readonly method: string;
}

function render(op: LogicalOperation): RenderedCall {
  const r = op.kind === 'call-tool' ? toolCall(0, op.tool, op.arguments) : listTools(0);
  const at = r.body.indexOf(':0,');
  return { bodyHead: r.body.slice(0, at + 1), bodyTail: r.body.slice(at + 2), headers: r.headers, headerLines: headerLines(r.headers), method: r.method };
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/**
 * The 2026-07-28 stateless model: no handshake, no session; every request self-contained, with
 * MCP-Protocol-Version, Mcp-Method and (for tools/call, tasks/*) Mcp-Name headers mirroring the body.
 * Cross-call state is explicit: a handle the client carries (basket flow) or a task id (tasks flow).
 * Client profile `sdk`: each logical session is one connect() of the v2 SDK client pinned to
 * 2026-07-28, which sends one server/discover first (unless its host hands it a cached discovery —
 * profile `spec` then, which sends none); that round trip is timed as the session's setup.
 */
export class StatelessModel implements ProtocolModel {
  readonly name = 'stateless' as const;
  readonly protocolVersion = STATELESS_PROTOCOL_VERSION;
  readonly hasHandshake: boolean;
  // Operations are shared immutable objects (see SessionGenerator), so their rendering is cached.
  private readonly rendered = new WeakMap<LogicalOperation, RenderedCall>();

  constructor(private readonly options: { readonly profile?: ClientProfileName | undefined } = {}) {
    this.hasHandshake = options.profile === 'sdk';
  }

  async open(ctx: SessionContext, intendedMs: number): Promise<OpenResult> {
    const session = new StatelessClientSession(ctx, this.rendered);
    if (!this.hasHandshake) return { ok: true, session, doneMs: intendedMs };
    const r = await exchangeOf(ctx, 'discover', serverDiscover(0), intendedMs);
    return r.ok ? { ok: true, session, doneMs: r.doneMs } : { ok: false, reason: r.failure === 'aborted' ? 'aborted' : 'discover-failed', doneMs: r.doneMs };
  }
}

function exchangeOf(ctx: SessionContext, step: RequestStep, req: StatelessRequest, intendedMs: number): Promise<ExchangeResult> {
  return exchange(ctx, step, req.method, { method: 'POST', path: req.path, headers: req.headers, body: req.body, timeoutMs: ctx.timeoutMs }, req.id, 'rpc-result', intendedMs);
}

class StatelessClientSession implements ClientSession {
  readonly recovered = false;
  private nextRpcId = 1;
  private handle: string | undefined;

  constructor(
    private readonly ctx: SessionContext,
    private readonly cache: WeakMap<LogicalOperation, RenderedCall>,
  ) {}

  async perform(op: LogicalOperation, intendedMs: number, jitter: () => number = () => 1): Promise<OpResult> {
    switch (op.kind) {
      case 'list-tools':
      case 'call-tool':
        return this.result(await this.cached(op, intendedMs), false);
      case 'create-handle': {
        const r = await this.send('handle-create', toolCall(this.nextRpcId++, STATE_TOOL_NAMES.createBasket, {}), intendedMs);
        const id = r.ok && r.rpc.kind === 'result' ? (r.rpc.result['structuredContent'] as { basket_id?: unknown } | undefined)?.basket_id : undefined;
        this.handle = typeof id === 'string' ? id : undefined;
        if (r.ok) this.ctx.recorder.flow('handles.created', this.ctx.measured);
        // Without a handle the rest of the flow cannot run: the session is over.
        return this.handle === undefined ? { ok: false, doneMs: r.doneMs, reason: failureReason(r.failure ?? 'invalid-body'), broken: true } : { ok: true, doneMs: r.doneMs };
      }
      case 'use-handle':
      case 'close-handle': {
        const use = op.kind === 'use-handle';
        const args = use ? { basket_id: this.handle, sku: op.item } : { basket_id: this.handle };
        const r = await this.send(use ? 'handle-use' : 'handle-close', toolCall(this.nextRpcId++, use ? STATE_TOOL_NAMES.addItem : STATE_TOOL_NAMES.checkout, args), intendedMs);
        if (r.failure === 'handle-not-found') this.ctx.recorder.flow('handles.notFound', this.ctx.measured);
        else if (r.ok) this.ctx.recorder.flow(use ? 'handles.used' : 'handles.closed', this.ctx.measured);
        return this.result(r, false);
      }
      case 'run-task':
        return this.runTask(op.jobMs, op.cancel, intendedMs, jitter);
    }
  }

  async close(intendedMs: number): Promise<number> {
    return intendedMs;
  }

  abandon(): void {}

  /** Starts slow_job as a task, polls tasks/get at the server's interval to the end, cancels if asked. */
  private async runTask(jobMs: number, cancel: boolean, intendedMs: number, jitter: () => number): Promise<OpResult> {
    const { ctx } = this;
    const start = await this.send('task-start', toolCall(this.nextRpcId++, STATE_TOOL_NAMES.slowJob, { ms: jobMs }, META_WITH_TASKS), intendedMs);
    if (!start.ok || start.rpc.kind !== 'result') return this.result(start, false);
    const created = start.rpc.result;
    if (created['resultType'] !== 'task' || typeof created['taskId'] !== 'string') {
      // The server chose to answer inline: a result, not a task.
      ctx.recorder.flow('tasks.inline', ctx.measured);
      return { ok: true, doneMs: start.doneMs };
    }
    const taskId = created['taskId'];
    const pollMs = typeof created['pollIntervalMs'] === 'number' && created['pollIntervalMs'] > 0 ? created['pollIntervalMs'] : 100;
    ctx.recorder.flow('tasks.started', ctx.measured);
    // Polling is bounded: the job's own time plus two request timeouts, then the task counts as timed out.
    const maxPolls = Math.ceil((jobMs + 2 * ctx.timeoutMs) / pollMs) + 10;
    let cursorMs = start.doneMs;
    for (let polls = 1; polls <= maxPolls; polls++) {
      cursorMs += Math.round(pollMs * jitter());
      await ctx.timers.until(cursorMs);
      if (ctx.signal.aborted) return { ok: false, doneMs: performance.now(), reason: 'aborted', broken: true };
      if (cancel && polls === 2) {
        const c = await this.send('task-cancel', taskRequest(this.nextRpcId++, 'tasks/cancel', taskId), cursorMs);
        if (c.ok) ctx.recorder.flow('tasks.cancelRequested', ctx.measured);
        cursorMs = c.doneMs;
      }
      const r = await this.send('task-poll', taskRequest(this.nextRpcId++, 'tasks/get', taskId), cursorMs);
      ctx.recorder.flow('tasks.polls', ctx.measured);
      cursorMs = r.doneMs;
      if (r.failure === 'task-not-found') {
        // The replica that answered does not know the task: with tasks in replica memory, a lost task.
        ctx.recorder.flow('tasks.lost', ctx.measured);
        return { ok: false, doneMs: r.doneMs, reason: 'task-not-found', broken: false };
      }
      if (!r.ok || r.rpc.kind !== 'result') continue; // a transient failure (store outage): poll again
      const status = String(r.rpc.result['status'] ?? '');
      if (!TERMINAL.has(status)) continue;
      ctx.recorder.flow(`tasks.${status}`, ctx.measured);
      ctx.recorder.timing('task-result', r.doneMs - intendedMs, ctx.measured);
      return status === 'failed' ? { ok: false, doneMs: r.doneMs, reason: 'tool-error', broken: false } : { ok: true, doneMs: r.doneMs };
    }
    ctx.recorder.flow('tasks.timedOut', ctx.measured);
    return { ok: false, doneMs: performance.now(), reason: 'task-timeout', broken: false };
  }

  private cached(op: LogicalOperation, intendedMs: number): Promise<ExchangeResult> {
    let r = this.cache.get(op);
    if (!r) this.cache.set(op, (r = render(op)));
    const id = this.nextRpcId++;
    return exchange(this.ctx, op.kind === 'list-tools' ? 'list' : 'call', r.method, { method: 'POST', path: '/mcp', headers: r.headers, headerLines: r.headerLines, body: r.bodyHead + id + r.bodyTail, timeoutMs: this.ctx.timeoutMs }, id, 'rpc-result', intendedMs);
  }

  private send(step: RequestStep, req: StatelessRequest, intendedMs: number): Promise<ExchangeResult> {
    return exchangeOf(this.ctx, step, req, intendedMs);
  }

  private result(r: ExchangeResult, broken: boolean): OpResult {
    // Calls are independent: a failed one never breaks the client unless the flow says so.
    return r.ok ? { ok: true, doneMs: r.doneMs } : { ok: false, doneMs: r.doneMs, reason: failureReason(r.failure), broken };
  }
}
