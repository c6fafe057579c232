import { bytesEqual, decodeString, QUOTE, skipValue, stringEnd } from './json-bytes';

/** The last string read at one field, by its raw bytes: consecutive lines repeat session, folder, model and ids. */
export class StringSlot {
  private readonly raw = new Uint8Array(256);
  private len = -1;
  private str = '';
  read(b: Buffer, s: number, e: number): string | undefined {
    if (bytesEqual(b, s, e, this.raw, this.len)) return this.str;
    const str = decodeString(b, s, e);
    if (str !== undefined && e - s <= this.raw.length) {
      b.copy(this.raw, 0, s, e);
      this.len = e - s;
      this.str = str;
    }
    return str;
  }
}
export const slots = { session: new StringSlot(), cwd: new StringSlot(), version: new StringSlot(), model: new StringSlot(), request: new StringSlot(), message: new StringSlot() };

/** Set by readStringField: the string read, or null for JSON null or a non-string (both make ccusage drop the line). */
export const field: { value: string | null } = { value: null };

/** A string field at `v`: its value into field.value; returns the index past it, or -1. */
export function readStringField(b: Buffer, v: number, end: number, slot: StringSlot): number {
  if (b[v] !== QUOTE) {
    field.value = null;
    return skipValue(b, v, end);
  }
  const q = stringEnd(b, v, end);
  if (q < 0) return -1;
  const s = slot.read(b, v + 1, q);
  if (s === undefined) return -1;
  field.value = s;
  return q + 1;
}
