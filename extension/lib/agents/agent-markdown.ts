import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { escapeHtml } from '../../../shared/text/html-escape';

/** Links may go to the web or to mail, nowhere else (no javascript:, data:, relative or extension URLs). */
const SAFE_HREF = /^(?:https?:|mailto:)/i;
/** The only class our own renderer writes; any other class could borrow the dashboard's styles. */
const IMAGE_CLASS = 'md-image';

const ALLOWED_TAGS = ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'];
const ALLOWED_ATTR = ['href', 'title', 'start', 'align', 'class'];

export type RenderMarkdown = (markdown: string) => string;

/**
 * A Markdown renderer for text written by a model (untrusted). Marked shows raw HTML as text and
 * images as their alt text, so nothing is fetched; DOMPurify then keeps only plain formatting tags
 * and web or mail links (opened in a new tab, without referrer or opener). No style, form, frame,
 * script, image or event attribute can survive either step.
 */
export function createMarkdownRenderer(win: Window & typeof globalThis): RenderMarkdown {
  const marked = new Marked({
    gfm: true,
    async: false,
    renderer: {
      // An agent writing "use <Suspense>" means the words, and a hostile log means nothing good: show tags as text.
      html({ text, block }: { text: string; block?: boolean }) {
        return block ? `<p>${escapeHtml(text)}</p>\n` : escapeHtml(text);
      },
      // Remote images would tell a server the log was read; show the alt text instead.
      image({ text, href }: { text: string; href: string }) {
        return `<span class="${IMAGE_CLASS}" title="${escapeHtml(`Image not loaded: ${href}`.slice(0, 300))}">[image${text ? `: ${escapeHtml(text)}` : ''}]</span>`;
      },
      checkbox({ checked }: { checked: boolean }) {
        return checked ? '☑ ' : '☐ ';
      },
    },
  });
  const purify = DOMPurify(win);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'class' && data.attrValue !== IMAGE_CLASS) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href === null || !SAFE_HREF.test(href.trim())) {
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  const config = {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: SAFE_HREF,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    KEEP_CONTENT: true,
  };
  return (markdown) => {
    const html = marked.parse(markdown, { async: false }) as string;
    return purify.sanitize(html, config) as unknown as string;
  };
}
