import { signal, type Signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { sendRequest } from '../../../lib/messages/send-request';
import { COMPANION_STATUS_KEY, CompanionStatusSchema, type CompanionStatus } from '../../../lib/snapshot/session-snapshot';

export interface CompanionModel {
  status: Signal<CompanionStatus | null>;
  pair(port: number, code: string): Promise<string | null>;
  unpair(): Promise<string | null>;
  retry(): Promise<void>;
}

/** Follows the background's published companion status; acts by messages. */
export function createCompanionModel(): CompanionModel {
  const status = signal<CompanionStatus | null>(null);
  const accept = (raw: unknown) => {
    const parsed = CompanionStatusSchema.safeParse(raw);
    if (parsed.success) status.value = parsed.data;
  };
  void browser.storage.local.get(COMPANION_STATUS_KEY).then((v) => accept(v[COMPANION_STATUS_KEY]));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[COMPANION_STATUS_KEY]) accept(changes[COMPANION_STATUS_KEY].newValue);
  });
  return {
    status,
    async pair(port, code) {
      const r = await sendRequest<CompanionStatus>({ type: 'companion.pair', port, code });
      return r.ok ? null : r.error.message;
    },
    async unpair() {
      const r = await sendRequest({ type: 'companion.unpair' });
      return r.ok ? null : r.error.message;
    },
    async retry() {
      await sendRequest({ type: 'companion.retry' });
    },
  };
}
