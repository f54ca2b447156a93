import { signOut } from './api.js';

/** The neutral site the service names in the page (CONSOLE_EXIT_URL). */
const exitUrl = (): string =>
  document.querySelector<HTMLMetaElement>('meta[name="ravot-exit-url"]')?.content || 'https://www.wikipedia.org/';

/**
 * Leaves at once: the page is blanked, the session is ended (keepalive: the request outlives the page), and the
 * console's one history entry is replaced, so Back does not lead to it.
 */
export function quickExit(): void {
  document.body.replaceChildren();
  void signOut();
  location.replace(exitUrl());
}

/** Escape twice within a second, from anywhere on the page. */
export function installQuickExitShortcut(): void {
  let last = 0;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    if (now - last < 1000) quickExit();
    last = now;
  });
}
