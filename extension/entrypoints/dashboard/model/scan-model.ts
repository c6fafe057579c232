import { signal, type Signal } from '@preact/signals';
import type { ScanResult } from '../../../../shared/domain/scan';
import { onBroadcast } from '../../../lib/messages/on-broadcast';
import { sendRequest } from '../../../lib/messages/send-request';
import type { PlanProgress } from './session-model';

export interface ScanModel {
  workspaceId: Signal<string | null>;
  result: Signal<ScanResult | null>;
  muted: Signal<ReadonlySet<string>>;
  scanning: Signal<boolean>;
  progress: Signal<PlanProgress | null>;
  error: Signal<string | null>;
  run(workspaceId: string): Promise<void>;
  mute(signalId: string, muted: boolean): Promise<void>;
  /** The last test run's outcome (exit code, duration, output tail). */
  testRun: Signal<{ exitCode: number | null; durationMs: number; timedOut: boolean; outputTail: string } | null>;
  testsRunning: Signal<boolean>;
  runTests(): Promise<void>;
  blame(file: string, line: number): Promise<{ author: string; authoredAt?: number } | null>;
  close(): void;
}

/** The scan view's state: the last scan of one workspace, asked of the companion through the background. */
export function createScanModel(): ScanModel {
  const workspaceId = signal<string | null>(null);
  const result = signal<ScanResult | null>(null);
  const muted = signal<ReadonlySet<string>>(new Set());
  const scanning = signal(false);
  const progress = signal<PlanProgress | null>(null);
  const error = signal<string | null>(null);
  const testRun = signal<{ exitCode: number | null; durationMs: number; timedOut: boolean; outputTail: string } | null>(null);
  const testsRunning = signal(false);

  onBroadcast({
    // Live: the companion pushed a new picture of a watched workspace.
    signals: (event) => {
      if (result.value && event.root === result.value.root) result.value = event.scan;
    },
    progress: (p) => {
      if ((p.scope === 'scan' && scanning.value) || (p.scope === 'tests' && testsRunning.value)) {
        progress.value = { stage: p.scope === 'tests' ? `Running tests… ${p.stage}` : p.stage, done: p.scope === 'tests' ? undefined : p.done, total: p.total };
      }
    },
  });

  return {
    workspaceId,
    result,
    muted,
    scanning,
    progress,
    error,
    async run(id) {
      if (workspaceId.value !== id) result.value = null;
      workspaceId.value = id;
      scanning.value = true;
      error.value = null;
      progress.value = { stage: 'Asking the companion to scan…' };
      const r = await sendRequest<{ scan: ScanResult; muted: string[] }>({ type: 'scan.run', workspaceId: id });
      scanning.value = false;
      progress.value = null;
      if (!r.ok) {
        error.value = r.error.message;
        return;
      }
      result.value = r.value.scan;
      muted.value = new Set(r.value.muted);
    },
    async mute(signalId, on) {
      const id = workspaceId.value;
      if (!id) return;
      const r = await sendRequest<{ muted: string[] }>({ type: 'signal.mute', workspaceId: id, signalId, muted: on });
      if (r.ok) muted.value = new Set(r.value.muted);
      else error.value = r.error.message;
    },
    testRun,
    testsRunning,
    async runTests() {
      const id = workspaceId.value;
      if (!id) return;
      testsRunning.value = true;
      error.value = null;
      progress.value = { stage: 'Running tests…' };
      const r = await sendRequest<{ exitCode: number | null; durationMs: number; timedOut: boolean; outputTail: string; tests: ScanResult['tests'] }>({
        type: 'tests.run',
        workspaceId: id,
      });
      testsRunning.value = false;
      progress.value = null;
      if (!r.ok) {
        error.value = r.error.message;
        return;
      }
      const { tests, ...run } = r.value;
      testRun.value = run;
      if (result.value) result.value = { ...result.value, tests };
    },
    async blame(file, line) {
      const id = workspaceId.value;
      if (!id) return null;
      const r = await sendRequest<{ author: string; authoredAt?: number }>({ type: 'marker.blame', workspaceId: id, file, line });
      return r.ok ? r.value : null;
    },
    close() {
      workspaceId.value = null;
      result.value = null;
      error.value = null;
    },
  };
}
