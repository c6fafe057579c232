import type { ConversationItem } from '../../../../shared/protocol/agent-methods';
import { countText, omittedText } from '../../../../shared/export/agent-session-export-text';
import { MarkdownText } from './markdown-text';
import { dateTime, timeOfDay } from './agent-time';

/** Tool input or output longer than this (or with more lines) starts folded. */
const FOLD_CHARS = 600;
const FOLD_LINES = 12;

function isLong(text: string): boolean {
  if (text.length > FOLD_CHARS) return true;
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (++lines >= FOLD_LINES) return true;
  return false;
}

function firstLine(text: string, max = 120): string {
  const line = text.trimStart().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function Stamp({ at }: { at: number | null }) {
  if (at === null) return null;
  return (
    <time class="item-time" dateTime={new Date(at).toISOString()} title={dateTime(at)}>
      {timeOfDay(at)}
    </time>
  );
}

function Omitted({ chars }: { chars: number }) {
  if (chars <= 0) return null;
  return <p class="omitted">{omittedText(chars)}</p>;
}

/** Text shown as written; folded into <details> when long, or always when `folded` (a tool's input). */
function Folded({ label, text, folded = false }: { label: string; text: string; folded?: boolean }) {
  if (!text) return null;
  if (!folded && !isLong(text)) return <pre class="tool-text">{text}</pre>;
  return (
    <details class="fold">
      <summary>
        {label} · {countText(text.length)} characters
        {!folded && <span class="fold-peek"> — {firstLine(text)}</span>}
      </summary>
      <pre class="tool-text">{text}</pre>
    </details>
  );
}

/** One thing that happened in an agent session. All text is untrusted: only assistant Markdown becomes HTML, through the sanitizer. */
export function ConversationItemView({ item }: { item: ConversationItem }) {
  const common = { 'data-kind': item.kind, 'data-line': item.line };
  switch (item.kind) {
    case 'user':
      return (
        <article class="item item-user" {...common} aria-label="User message">
          <header>
            <span class="who">You</span>
            <Stamp at={item.at} />
          </header>
          <p class="user-text">{item.text}</p>
          <Omitted chars={item.omittedChars} />
        </article>
      );
    case 'assistant':
      return (
        <article class={`item item-assistant${item.isSidechain ? ' sidechain' : ''}`} {...common} aria-label={item.isSidechain ? 'Subagent reply' : 'Assistant reply'}>
          <header>
            <span class="who">{item.isSidechain ? 'Subagent' : 'Assistant'}</span>
            {item.isSidechain && <span class="badge">sidechain</span>}
            {item.model && <span class="item-model">{item.model}</span>}
            <Stamp at={item.at} />
          </header>
          <MarkdownText text={item.text} />
          <Omitted chars={item.omittedChars} />
        </article>
      );
    case 'thinking':
      return (
        <article class="item item-thinking" {...common}>
          <details class="fold">
            <summary>
              Thinking · {countText(item.text.length)} characters <Stamp at={item.at} />
            </summary>
            <pre class="tool-text">{item.text}</pre>
            <Omitted chars={item.omittedChars} />
          </details>
        </article>
      );
    case 'tool_use':
      return (
        <article class="item item-tool" {...common} aria-label={`Tool call ${item.name}`}>
          <header>
            <span class="tool-name">{item.name}</span>
            <code class="tool-summary">{item.summary}</code>
            <Stamp at={item.at} />
          </header>
          {item.input && item.input !== item.summary && <Folded label="Input" text={item.input} folded />}
          <Omitted chars={item.omittedChars} />
        </article>
      );
    case 'tool_result':
      return (
        <article class={`item item-result${item.isError ? ' is-error' : ''}`} {...common} aria-label={item.isError ? 'Tool error' : 'Tool result'}>
          <header>
            <span class="result-label">{item.isError ? 'Error' : 'Result'}</span>
            <Stamp at={item.at} />
          </header>
          {item.text ? <Folded label={item.isError ? 'Error output' : 'Output'} text={item.text} /> : <p class="muted small">(no output)</p>}
          <Omitted chars={item.omittedChars} />
        </article>
      );
    case 'system':
      return (
        <article class="item item-system" {...common}>
          <header>
            <span class="badge">system</span>
            <span class="system-text">{firstLine(item.text, 400)}</span>
            <Stamp at={item.at} />
          </header>
          {item.text.includes('\n') && <Folded label="Details" text={item.text} folded />}
          <Omitted chars={item.omittedChars} />
        </article>
      );
    default: {
      const unreachable: never = item;
      return unreachable;
    }
  }
}
