import { useState } from 'preact/hooks';
import { customRange, RANGE_PRESETS, type DayRange, type RangePreset } from './day-range';

/** The days every chart covers: a preset, or a custom start and end (either may be left open). */
export function RangeBar({ preset, range, onPreset, onRange }: { preset: RangePreset; range: DayRange; onPreset: (p: Exclude<RangePreset, 'custom'>) => void; onRange: (r: DayRange) => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const r = customRange(String(data.get('since') ?? ''), String(data.get('until') ?? ''));
    if ('error' in r) setError(r.error);
    else {
      setError(null);
      onRange(r.range);
    }
  };
  return (
    <div class="an-range">
      <div class="an-presets" role="group" aria-label="Days shown">
        {RANGE_PRESETS.map((p) => (
          <button key={p.id} type="button" aria-pressed={preset === p.id} onClick={() => onPreset(p.id)}>
            {p.label}
          </button>
        ))}
      </div>
      <form class="an-custom" aria-label="Custom days" onSubmit={submit} key={`${range.since}-${range.until}`}>
        <label>
          From <input type="date" name="since" defaultValue={range.since ?? ''} />
        </label>
        <label>
          To <input type="date" name="until" defaultValue={range.until ?? ''} />
        </label>
        <button type="submit" aria-pressed={preset === 'custom'}>
          Show
        </button>
        {error && (
          <span class="form-error" role="alert">
            {error}
          </span>
        )}
      </form>
    </div>
  );
}
