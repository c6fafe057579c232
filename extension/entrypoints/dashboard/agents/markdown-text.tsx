import { useMemo } from 'preact/hooks';
import { createMarkdownRenderer, type RenderMarkdown } from '../../../lib/agents/agent-markdown';

let renderer: RenderMarkdown | null = null;

/** Model-written Markdown, rendered through the sanitizer (the only way it reaches the page as HTML). */
export function MarkdownText({ text }: { text: string }) {
  const html = useMemo(() => (renderer ??= createMarkdownRenderer(window))(text), [text]);
  return <div class="md" dangerouslySetInnerHTML={{ __html: html }} />;
}
