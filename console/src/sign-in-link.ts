/**
 * A one-time sign-in link opens the console at `/console/#/sign-in/<secret>`. The secret is read once, before
 * anything renders, and the address replaced at once: it must stay neither in the address bar nor in the browser's
 * history, where the next person at a shared computer would find it. It is a fragment, never a query, because a
 * fragment does not travel: no server, proxy or log along the way sees it.
 */
export function takeSignInLink(): string | null {
  const link = /^#\/sign-in\/([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1] ?? null;
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return link;
}
