import { browser } from 'wxt/browser';
import type { SignalsChangedEvent } from '../../../shared/protocol/methods';
import type { PlannedTask } from '../../../shared/domain/task';
import { PlanRestartBroadcastSchema, PlanTaskBroadcastSchema, UsageBroadcastSchema, ProgressBroadcastSchema, SignalsBroadcastSchema, type ProgressBroadcast } from './runtime-messages';

export interface BroadcastHandlers {
  progress?: (progress: ProgressBroadcast) => void;
  signals?: (event: SignalsChangedEvent) => void;
  planTask?: (task: PlannedTask, index: number) => void;
  planRestart?: () => void;
  usage?: () => void;
}

/** Listens (in an extension page) to what the background broadcasts: progress and live signals. */
export function onBroadcast(handlers: BroadcastHandlers): () => void {
  const listener = (raw: unknown) => {
    const signals = SignalsBroadcastSchema.safeParse(raw);
    if (signals.success) {
      handlers.signals?.(signals.data.event);
      return;
    }
    const progress = ProgressBroadcastSchema.safeParse(raw);
    if (progress.success) {
      handlers.progress?.(progress.data);
      return;
    }
    const task = PlanTaskBroadcastSchema.safeParse(raw);
    if (task.success) {
      handlers.planTask?.(task.data.task, task.data.index);
      return;
    }
    if (PlanRestartBroadcastSchema.safeParse(raw).success) handlers.planRestart?.();
    else if (UsageBroadcastSchema.safeParse(raw).success) handlers.usage?.();
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
