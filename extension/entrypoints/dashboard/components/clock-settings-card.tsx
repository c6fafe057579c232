import { useEffect, useState } from 'preact/hooks';
import { sendRequest } from '../../../lib/messages/send-request';
import type { ClockSettings } from '../../../lib/settings/clock-settings';
import { FormError } from '../../../lib/ui/form-error';

/** Warnings, sound, auto-advance and the over-estimate nudge: stored in the background, used at once. */
export function ClockSettingsCard() {
  const [settings, setSettings] = useState<ClockSettings | null>(null);
  const [warnings, setWarnings] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void sendRequest<ClockSettings>({ type: 'settings.clock.get' }).then((r) => {
      if (r.ok) {
        setSettings(r.value);
        setWarnings(r.value.warnings.join(', '));
      } else setError(r.error.message);
    });
  }, []);
  if (!settings) return <FormError message={error} />;

  async function save(e: Event) {
    e.preventDefault();
    setSaved(false);
    const parts = warnings.split(/[,\s]+/).filter(Boolean);
    const minutes = parts.map(Number);
    if (parts.some((p) => !/^\d+$/.test(p))) {
      setError('Warnings must be whole minutes from 1 to 120, separated by commas.');
      return;
    }
    const r = await sendRequest<ClockSettings>({ type: 'settings.clock.save', settings: { ...settings!, warnings: minutes } });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setSettings(r.value);
    setWarnings(r.value.warnings.join(', '));
    setSaved(true);
  }

  return (
    <form class="settings-form" aria-label="Clock settings" onSubmit={save}>
      <label for="set-warnings">Warn at (min left)</label>
      <input id="set-warnings" value={warnings} onInput={(e) => setWarnings(e.currentTarget.value)} placeholder="10, 5, 1" />
      <span>Sound</span>
      <div class="sound-row">
        <label class="toggle">
          <input type="checkbox" checked={settings.sound} onChange={(e) => setSettings({ ...settings, sound: e.currentTarget.checked })} /> Chimes
        </label>
        <input
          type="range"
          min={0}
          max={1}
          step={0.1}
          value={settings.volume}
          aria-label="Volume"
          disabled={!settings.sound}
          onInput={(e) => setSettings({ ...settings, volume: Number(e.currentTarget.value) })}
        />
        <output>{Math.round(settings.volume * 100)} %</output>
      </div>
      <span>Tasks</span>
      <div class="sound-row">
        <label class="toggle">
          <input type="checkbox" checked={settings.autoAdvance} onChange={(e) => setSettings({ ...settings, autoAdvance: e.currentTarget.checked })} /> Start the next
          task when one is done
        </label>
        <label class="toggle">
          <input type="checkbox" checked={settings.overtimeNudge} onChange={(e) => setSettings({ ...settings, overtimeNudge: e.currentTarget.checked })} /> Nudge when
          a task runs past its estimate
        </label>
      </div>
      <FormError message={error} />
      <div class="form-actions">
        <button type="submit">Save</button>
        {saved && (
          <span class="muted" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
