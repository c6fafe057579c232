// DOMPurify does not support happy-dom (its maintainers: "you will 100% have a bypass"), so this file runs in jsdom.
// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import { createMarkdownRenderer, type RenderMarkdown } from './agent-markdown';

let render: RenderMarkdown;
beforeAll(() => {
  render = createMarkdownRenderer(window);
});

/** Renders into a detached element so the test can inspect what the page would hold. */
function dom(markdown: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = render(markdown);
  return el;
}

function everyElement(el: HTMLElement): Element[] {
  return [...el.querySelectorAll('*')];
}

/** What the hostile corpus of the e2e replay also holds, one attack per entry. */
const HOSTILE_MARKDOWN = [
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[entity](&#106;avascript:alert(1))',
  '[spaced]( javascript:alert(1))',
  '![tracker](https://evil.example/p.png)',
  '![](https://evil.example/q.png "t")',
  '<script>alert(1)</script>',
  '<iframe src="https://evil.example/"></iframe>',
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<style>body{display:none}</style>',
  '<form action="https://evil.example/"><input name=a><button>go</button></form>',
  '<svg onload=alert(1)><circle/></svg>',
  '<div style="position:fixed;inset:0" onclick="alert(1)">cover</div>',
  '<details open ontoggle=alert(1)>x</details>',
  '<object data="https://evil.example/x.swf"></object>',
  '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
  '[rel](//evil.example/protocol-relative)',
  '[local](dashboard.html#settings)',
  '<a href="https://evil.example/" onmouseover="alert(1)">hover</a>',
];

describe('agent Markdown renderer', () => {
  it('renders ordinary Markdown: headings, emphasis, nested lists, code fences, tables, quotes', () => {
    const el = dom('# Title\n\nSome **bold** and *em* and `code`.\n\n- one\n  - nested\n    1. deep\n- two\n\n```ts\nconst a = "<b>";\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n> quoted');
    expect(el.querySelector('h1')?.textContent).toBe('Title');
    expect(el.querySelector('strong')?.textContent).toBe('bold');
    expect(el.querySelector('ul ul ol li')?.textContent).toBe('deep');
    expect(el.querySelector('pre code')?.textContent).toBe('const a = "<b>";\n');
    expect(el.querySelector('pre code')?.getAttribute('class')).toBeNull();
    expect(el.querySelectorAll('td')).toHaveLength(2);
    expect(el.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
  });

  it('keeps web and mail links, opening in a new tab with no opener or referrer; autolinks too', () => {
    const el = dom('[site](https://example.com/a?b=1) and <https://auto.example/x> and www.gfm.example and [mail](mailto:a@b.example)');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'https://auto.example/x', 'http://www.gfm.example', 'mailto:a@b.example']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('makes the hostile corpus inert: no handler, script, frame, form, style, image or unsafe link survives', () => {
    for (const attack of HOSTILE_MARKDOWN) {
      const el = dom(`Before\n\n${attack}\n\nAfter`);
      for (const node of everyElement(el)) {
        expect(['P', 'A', 'SPAN', 'STRONG', 'EM', 'CODE', 'BR'], `${attack} → <${node.nodeName}>`).toContain(node.nodeName);
        for (const attr of node.getAttributeNames()) expect(['href', 'title', 'class', 'target', 'rel'], `${attack} → ${attr}`).toContain(attr);
        const href = node.getAttribute('href');
        if (href !== null) expect(href, attack).toMatch(/^(https?:|mailto:)/);
      }
      expect(el.textContent, attack).toContain('After');
    }
  });

  it('shows raw HTML as the text it is', () => {
    const el = dom('Use <Suspense> here and <img src=x onerror=alert(1)>.');
    expect(el.textContent?.trim()).toBe('Use <Suspense> here and <img src=x onerror=alert(1)>.');
    expect(el.querySelector('img')).toBeNull();
  });

  it('shows an image as its alt text, never loading it', () => {
    const el = dom('![a tracker](https://evil.example/p.png)');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('span.md-image')?.textContent).toBe('[image: a tracker]');
    expect(el.innerHTML).not.toContain('src=');
  });

  it('drops the target of javascript:, data:, relative and protocol-relative links but keeps their words', () => {
    const el = dom('[click](javascript:alert(1)) [d](data:text/html,x) [r](//evil.example/x) [l](dashboard.html)');
    expect(el.querySelectorAll('a[href]')).toHaveLength(0);
    expect(el.textContent?.trim()).toBe('click d r l');
  });

  it('decodes HTML entities as text, not markup', () => {
    const el = dom('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &copy;');
    expect(el.textContent?.trim()).toBe('<script>alert(1)</script> & ©');
    expect(el.querySelector('script')).toBeNull();
  });

  it('keeps only our own class (task-list boxes become characters, code gets no language class)', () => {
    const el = dom('- [x] done\n- [ ] open\n\n```js\nx\n```');
    expect(el.querySelector('input')).toBeNull();
    expect(el.textContent).toContain('☑ done');
    expect(el.textContent).toContain('☐ open');
    expect(everyElement(el).filter((n) => n.hasAttribute('class'))).toHaveLength(0);
  });
});
