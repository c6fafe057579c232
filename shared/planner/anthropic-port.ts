import Anthropic from '@anthropic-ai/sdk';
import type { AbortSignalLike, ClaudeCallError, ClaudePort, ClaudeRequest } from './claude-planner';

export interface AnthropicPortOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL (or a local fake in tests); the SDK's default otherwise. */
  baseURL?: string;
  /** The extension's background calls the API from a browser context. */
  browser?: boolean;
}

/** The SDK's request options (its AbortSignal type: shared/ itself has no DOM or Node types). */
type RequestOptions = NonNullable<Parameters<Anthropic['messages']['create']>[1]>;
type SdkSignal = NonNullable<RequestOptions['signal']>;

function toCallError(err: unknown): ClaudeCallError {
  if (err instanceof Anthropic.APIUserAbortError) return { message: 'cancelled', aborted: true };
  if (err instanceof Anthropic.APIError) {
    // An `event: error` inside the stream arrives as an APIError without a status: keep its kind.
    const streamType = (err.error as { error?: { type?: unknown } } | undefined)?.error?.type;
    const status = err.status ?? (streamType === 'overloaded_error' ? 529 : streamType === 'rate_limit_error' ? 429 : streamType === 'api_error' ? 500 : undefined);
    const retryAfter = Number(err.headers?.get?.('retry-after'));
    return {
      ...(status !== undefined ? { status } : {}),
      message: err.message,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: Math.min(60_000, retryAfter * 1000) } : {}),
    };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

/**
 * The Claude port on top of the official SDK (it runs in the background page and in Node alike): one streamed Messages request, its raw events
 * passed through. Retries are the planner's (the SDK's own are off), so a 529 is seen, told to
 * the user, backed off and, in the end, replaced by the offline plan.
 */
export function anthropicPort(options: AnthropicPortOptions): ClaudePort {
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: 0,
    timeout: 120_000,
    ...(options.browser ? { dangerouslyAllowBrowser: true } : {}),
  });
  return {
    async *stream(request: ClaudeRequest, signalLike: AbortSignalLike) {
      // The planner may run without a cancel (a plain { aborted: false }); the SDK wants a real signal or none.
      const signal = typeof (signalLike as { addEventListener?: unknown }).addEventListener === 'function' ? (signalLike as SdkSignal) : undefined;
      let stream;
      try {
        stream = await client.messages.create({ ...(request as unknown as Anthropic.MessageCreateParamsNonStreaming), stream: true }, signal ? { signal } : {});
      } catch (err) {
        throw toCallError(err);
      }
      try {
        for await (const event of stream) yield event;
      } catch (err) {
        throw toCallError(err);
      }
    },
  } as ClaudePort;
}
