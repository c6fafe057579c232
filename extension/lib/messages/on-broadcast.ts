import { browser } from 'wxt/browser';
import type { SignalsChangedEvent } from '../../../shared/protocol/methods';
import { ProgressBroadcastSchema, SignalsBroadcastSchema, type ProgressBroadcast } from './runtime-messages';

export interface BroadcastHandlers {
  progress?: (progress: ProgressBroadcast) => void;
  signals?: (event: SignalsChangedEvent) => void;
}

/** Listens (in an extension page) to what the background broadcasts: progress and live signals. */
export function onBroadcast(handlers: BroadcastHandlers): void {
  browser.runtime.onMessage.addListener((raw) => {
    const signals = SignalsBroadcastSchema.safeParse(raw);
    if (signals.success) {
      handlers.signals?.(signals.data.event);
      return;
    }
    const progress = ProgressBroadcastSchema.safeParse(raw);
    if (progress.success) handlers.progress?.(progress.data);
  });
}
