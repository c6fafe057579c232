/** Expected failures travel as values with a code; `message` is one sentence a person can read. */
export interface Failure<C extends string = string> {
  code: C;
  message: string;
}

export type Result<T, C extends string = string> =
  | { ok: true; value: T }
  | { ok: false; error: Failure<C> };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends string>(code: C, message: string): { ok: false; error: Failure<C> } {
  return { ok: false, error: { code, message } };
}
