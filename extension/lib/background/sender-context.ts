/** Who sent a runtime message, judged from what the browser (not the message) says. */
export type SenderContext = 'extension_page' | 'github_content_script' | 'foreign';

export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { url?: string };
}

export function senderContext(sender: SenderLike, extensionId: string, extensionOrigin: string): SenderContext {
  if (sender.id !== extensionId) return 'foreign';
  const url = sender.url ?? '';
  if (sender.tab && /^https:\/\/github\.com(\/|$)/.test(url)) return 'github_content_script';
  if (url.startsWith(`${extensionOrigin}/`)) return 'extension_page';
  return 'foreign';
}
