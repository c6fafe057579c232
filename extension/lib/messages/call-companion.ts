import type { Result } from '../../../shared/result';
import type { MethodParams, MethodResult } from '../../../shared/protocol/methods';
import type { PageCompanionMethod } from './runtime-messages';
import { sendRequest } from './send-request';

/** Calls one of the companion methods extension pages may use, through the background. */
export function callCompanion<M extends PageCompanionMethod>(method: M, params: MethodParams<M>): Promise<Result<MethodResult<M>>> {
  return sendRequest<MethodResult<M>>({ type: 'companion.call', method, params });
}
