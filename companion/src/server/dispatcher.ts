import { ClientFrameSchema, type ServerFrame } from '../../../shared/protocol/envelopes';
import { isMethodName, Methods } from '../../../shared/protocol/methods';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { handlers, type RequestContext } from './method-handlers';

export interface ConnectionContext extends Omit<RequestContext, 'signal' | 'progress'> {
  send: (frame: ServerFrame) => void;
  /** In-flight requests by id, for cancel. */
  inflight: Map<string, AbortController>;
  helloDone: boolean;
  closeWith: (code: number, reason: string) => void;
}

function idOf(raw: unknown): string | null {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const id = (raw as Record<string, unknown>).id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 64) return id;
  }
  return null;
}

/**
 * Handles one decoded frame. Never throws: malformed input gets a typed error reply, and a
 * handler's own failure becomes `internal`.
 */
export async function dispatchFrame(raw: unknown, ctx: ConnectionContext): Promise<void> {
  const parsed = ClientFrameSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.send({ type: 'reply', id: idOf(raw), ok: false, error: { code: 'bad_frame', message: 'The message was not understood.' } });
    return;
  }
  const frame = parsed.data;
  switch (frame.type) {
    case 'hello': {
      if (frame.protocol !== PROTOCOL_VERSION) {
        const message = `The extension speaks protocol ${frame.protocol} but this companion speaks ${PROTOCOL_VERSION}; update the ${frame.protocol < PROTOCOL_VERSION ? 'extension' : 'companion'}.`;
        ctx.send({ type: 'reply', id: null, ok: false, error: { code: 'protocol_mismatch', message } });
        ctx.closeWith(4002, 'protocol mismatch');
        return;
      }
      ctx.helloDone = true;
      return;
    }
    case 'ping':
      ctx.send({ type: 'pong', at: frame.at });
      return;
    case 'cancel':
      ctx.inflight.get(frame.id)?.abort();
      return;
    case 'request': {
      const id = frame.id;
      if (!ctx.helloDone) {
        ctx.send({ type: 'reply', id, ok: false, error: { code: 'not_authenticated', message: 'Send hello first.' } });
        return;
      }
      if (!isMethodName(frame.method)) {
        ctx.send({ type: 'reply', id, ok: false, error: { code: 'unknown_method', message: `Unknown method "${frame.method.slice(0, 64)}".` } });
        return;
      }
      const method = frame.method;
      const params = Methods[method].params.safeParse(frame.params);
      if (!params.success) {
        ctx.send({ type: 'reply', id, ok: false, error: { code: 'bad_params', message: `Bad parameters for ${method}.` } });
        return;
      }
      if (ctx.inflight.has(id)) {
        ctx.send({ type: 'reply', id, ok: false, error: { code: 'bad_frame', message: 'A request with this id is already running.' } });
        return;
      }
      const controller = new AbortController();
      ctx.inflight.set(id, controller);
      let lastProgress = 0;
      try {
        const handler = handlers[method] as (p: unknown, c: RequestContext) => Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }>;
        const outcome = await handler(params.data, {
          ...ctx,
          signal: controller.signal,
          progress: (done, total, message) => {
            const now = Date.now();
            if (now - lastProgress < 50 && (total === undefined || done < total)) return; // at most ~20 a second
            lastProgress = now;
            ctx.send({ type: 'progress', id, done, total, message });
          },
        });
        if (controller.signal.aborted) {
          ctx.send({ type: 'reply', id, ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
        } else if (outcome.ok) ctx.send({ type: 'reply', id, ok: true, result: outcome.result });
        else ctx.send({ type: 'reply', id, ok: false, error: outcome.error });
      } catch (err) {
        ctx.send({ type: 'reply', id, ok: false, error: { code: 'internal', message: `The companion failed: ${(err as Error).message}` } });
      } finally {
        ctx.inflight.delete(id);
      }
      return;
    }
    default: {
      const unreachable: never = frame;
      void unreachable;
    }
  }
}
