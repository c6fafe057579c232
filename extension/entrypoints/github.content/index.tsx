import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readGithubPage, repoAnchor, titleAnchor, type GithubPage } from '../../lib/github/github-page';
import { overlay, refreshOverlay } from './overlay-client';
import { PageControls } from './page-controls';
import { Pill } from './pill';
import { RepoPanel } from './repo-panel';
import './overlay.css';

const PAGE_UI = 'sessionpilot-page';
/** How long to wait for an issue's title after GitHub swaps the page in. */
const TITLE_WAIT_MS = 3_000;
const REFRESH_MS = 30_000;

/** Waits until GitHub has rendered what this page needs (the React issue view renders late). */
function settled(signal: AbortSignal): Promise<GithubPage> {
  return new Promise((resolve) => {
    const read = () => readGithubPage(location.href, document);
    const first = read();
    const needsTitle = first.location.kind === 'issue' || first.location.kind === 'pr';
    if (!needsTitle || (first.title && titleAnchor(document))) return resolve(first);
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(read());
    };
    const observer = new MutationObserver(() => {
      const page = read();
      if (page.title && titleAnchor(document)) done();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = setTimeout(done, TITLE_WAIT_MS);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Mounts one of the page's own controls after `anchor`, and takes it away when the page changes. */
async function mountOnPage(ctx: ContentScriptContext, signal: AbortSignal, anchor: Element, node: preact.ComponentChild): Promise<void> {
  const ui = await createShadowRootUi(ctx, {
    name: PAGE_UI,
    position: 'inline',
    anchor,
    append: 'after',
    onMount(container) {
      render(node, container);
      return container;
    },
    onRemove(container) {
      if (container) render(null, container);
    },
  });
  if (signal.aborted) return;
  ui.mount();
  signal.addEventListener('abort', () => ui.remove(), { once: true });
}

export default defineContentScript({
  matches: ['https://github.com/*'],
  cssInjectionMode: 'ui',
  async main(ctx) {
    const pill = await createShadowRootUi(ctx, {
      name: 'sessionpilot-overlay',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount(container) {
        render(<Pill />, container);
        return container;
      },
      onRemove(container) {
        if (container) render(null, container);
      },
    });
    pill.mount();

    let current: AbortController | null = null;
    const evaluate = async () => {
      // One page at a time: what the last page added goes, and a slower older run stops here.
      current?.abort();
      const page = new AbortController();
      current = page;
      // Turbo restores cached snapshots that may still hold our old controls: never show two.
      for (const stale of document.querySelectorAll(PAGE_UI)) stale.remove();
      const [info] = await Promise.all([settled(page.signal), refreshOverlay()]);
      if (page.signal.aborted) return;
      const kind = info.location.kind;
      if (kind === 'issue' || kind === 'pr') {
        const anchor = titleAnchor(document);
        if (anchor) await mountOnPage(ctx, page.signal, anchor, <PageControls page={info} />);
      } else if (kind === 'repo' && overlay.value?.workspace) {
        const anchor = repoAnchor(document);
        if (anchor) await mountOnPage(ctx, page.signal, anchor, <RepoPanel />);
      }
    };

    // GitHub navigates without reloads: WXT's URL watcher, Turbo renders, React soft navigations.
    ctx.addEventListener(window, 'wxt:locationchange', () => void evaluate());
    ctx.addEventListener(document, 'turbo:render', () => void evaluate());
    ctx.addEventListener(document, 'soft-nav:react-done' as keyof DocumentEventMap, () => void evaluate());
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') void refreshOverlay();
    });
    ctx.setInterval(() => void refreshOverlay(), REFRESH_MS);
    ctx.onInvalidated(() => current?.abort());
    await evaluate();
  },
});
