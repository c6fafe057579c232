import { z } from 'zod';

export const ERROR_CODES = [
  'bad_frame',
  'unknown_method',
  'bad_params',
  'protocol_mismatch',
  'not_authenticated',
  'path_not_found',
  'path_not_allowed',
  'not_a_directory',
  'busy',
  'cancelled',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({ code: z.string().min(1).max(64), message: z.string().max(2000) });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
