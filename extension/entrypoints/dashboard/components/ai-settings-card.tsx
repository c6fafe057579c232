import { useEffect, useState } from 'preact/hooks';
import { sendRequest } from '../../../lib/messages/send-request';
import type { AiSettingsView } from '../../../lib/settings/ai-settings';
import { FormError } from '../../../lib/ui/form-error';

/** The Anthropic key, the GitHub token, the model: stored for the background only; this page sees a hint. */
export function AiSettingsCard() {
  const [view, setView] = useState<AiSettingsView | null>(null);
  const [key, setKey] = useState('');
  const [token, setToken] = useState('');
  const [model, setModel] = useState('');
  const [maxTokens, setMaxTokens] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [githubUrl, setGithubUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const show = (v: AiSettingsView) => {
    setView(v);
    setModel(v.model);
    setMaxTokens(String(v.maxTokens));
    setBaseUrl(v.baseUrl);
    setGithubUrl(v.githubUrl);
  };
  useEffect(() => {
    void sendRequest<AiSettingsView>({ type: 'settings.ai.get' }).then((r) => (r.ok ? show(r.value) : setError(r.error.message)));
  }, []);
  async function save(extra: { anthropicKey?: string; githubToken?: string } = {}) {
    setSaved(false);
    const r = await sendRequest<AiSettingsView>({
      type: 'settings.ai.save',
      model,
      maxTokens: Number(maxTokens),
      baseUrl,
      githubUrl,
      ...(key ? { anthropicKey: key } : {}),
      ...(token ? { githubToken: token } : {}),
      ...extra,
    });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setKey('');
    setToken('');
    show(r.value);
    setSaved(true);
  }
  if (!view) return <FormError message={error} />;
  return (
    <form
      class="settings-form"
      aria-label="Claude and GitHub settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label for="ai-key">Anthropic API key</label>
      <div class="sound-row">
        <input id="ai-key" type="password" autoComplete="off" placeholder={view.anthropicKey ?? 'sk-ant-… (optional: without it the offline planner plans)'} value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        {view.anthropicKey && (
          <button type="button" onClick={() => void save({ anthropicKey: '' })}>
            Remove key
          </button>
        )}
      </div>
      <label for="ai-token">GitHub token</label>
      <div class="sound-row">
        <input id="ai-token" type="password" autoComplete="off" placeholder={view.githubToken ?? 'ghp_… (optional)'} value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        {view.githubToken && (
          <button type="button" onClick={() => void save({ githubToken: '' })}>
            Remove token
          </button>
        )}
      </div>
      <label for="ai-model">Model</label>
      <input id="ai-model" value={model} onInput={(e) => setModel(e.currentTarget.value)} />
      <label for="ai-max">Max tokens</label>
      <input id="ai-max" type="number" min={256} max={64000} value={maxTokens} onInput={(e) => setMaxTokens(e.currentTarget.value)} />
      <label for="ai-base">API address</label>
      <input id="ai-base" value={baseUrl} onInput={(e) => setBaseUrl(e.currentTarget.value)} />
      <label for="ai-gh-base">GitHub API address</label>
      <input id="ai-gh-base" value={githubUrl} onInput={(e) => setGithubUrl(e.currentTarget.value)} />
      <FormError message={error} />
      <div class="form-actions">
        <button type="submit">Save</button>
        {saved && (
          <span class="muted" role="status">
            Saved. The key is kept in this browser for the background only.
          </span>
        )}
      </div>
    </form>
  );
}
