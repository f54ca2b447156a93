// The console talks to the service through its public GraphQL API only, with the session cookie (never a token:
// the browser does not hold one). JSON with its content type: Apollo's CSRF prevention accepts it from this page.

export interface InputProblem {
  path: (string | number)[];
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly problems: InputProblem[] = [],
  ) {
    super(message);
  }
}

/** Called when the service answers UNAUTHENTICATED: the session ended (idle, signed out elsewhere, token revoked). */
let onSessionEnded: () => void = () => undefined;
export const whenSessionEnds = (handler: () => void) => {
  onSessionEnded = handler;
};

/** An answer with its data and errors as the service gave them (a partial answer keeps its data). */
export async function gqlAnswer(query: string, variables: Record<string, unknown> = {}): Promise<{ data: any; errors: any[] }> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The service cannot be reached.', 'NETWORK');
  }
  const body = await response.json().catch(() => ({ errors: [{ message: 'Unexpected answer', extensions: {} }] }));
  const errors = body.errors ?? [];
  if (errors.some((error: any) => error.extensions?.code === 'UNAUTHENTICATED')) onSessionEnded();
  return { data: body.data ?? null, errors };
}

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { data, errors } = await gqlAnswer(query, variables);
  const error = errors[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'INTERNAL_SERVER_ERROR', error.extensions?.problems ?? []);
  return data as T;
}

/** Opens a session with a member's API token, or with a one-time sign-in link's secret. */
export async function signIn(credential: { token: string } | { link: string }): Promise<void> {
  const response = await fetch('/console/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credential),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(body.message ?? 'Sign-in failed.', body.code ?? 'UNAUTHENTICATED');
  }
}

/** Ends the session; keepalive lets it finish while the quick exit leaves the page. */
export function signOut(): Promise<unknown> {
  return fetch('/console/session', { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => undefined);
}

/** Where a problem belongs: its path without the operation's `input`, e.g. "identity.givenNames". */
export const fieldOf = (problem: InputProblem): string =>
  problem.path.filter((part, index) => !(index === 0 && part === 'input')).join('.');

/**
 * For an effect that asks the API again whenever a choice changes (a filter, a grouping, a page): answers that
 * arrive after a newer question was asked are dropped, so the screen never shows an older choice's rows under the
 * newer choice's controls (answers can come back out of order). `only` wraps the answer's handlers; return `stop`
 * as the effect's cleanup.
 */
export function latestAnswer(): { only: <A extends unknown[]>(handle: (...args: A) => void) => (...args: A) => void; stop: () => void } {
  let current = true;
  return {
    only:
      (handle) =>
      (...args) => {
        if (current) handle(...args);
      },
    stop: () => {
      current = false;
    },
  };
}
