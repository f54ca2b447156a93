/**
 * A one-time sign-in link opens the console at `/console/#/sign-in/<secret>` (or `/console/?link=<secret>`). The
 * secret is read once, before anything renders, and the address replaced at once: it must stay neither in the
 * address bar nor in the browser's history, where the next person at a shared computer would find it. (A fragment
 * never reaches the server, its logs or a proxy.)
 */
export function takeSignInLink(): string | null {
  const fromFragment = /^#\/sign-in\/([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1] ?? null;
  const fromQuery = new URLSearchParams(location.search).get('link');
  const link = fromFragment ?? fromQuery;
  if (link !== null || location.hash || location.search) history.replaceState(null, '', location.pathname);
  return link;
}
