/** A mistake in how the CLI was called: printed as one line, exit 1, never a stack trace. */
export class UsageError extends Error {
  readonly code = 'usage';
}

export function isUsageError(err: unknown): err is UsageError {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'usage';
}
