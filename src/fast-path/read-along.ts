/**
 * A neighbour its parent was read with (a list page or a detail reads the
 * organisations, the consent and the latest follow-up along, see
 * ReferralPages), or else its batch. Answering at once matters on a page:
 * GraphQL completes a field that returns a value on the spot, while every
 * promise (even one DataLoader holds resolved) costs a deferred completion,
 * and a page of fifty referrals has hundreds of such fields. `undefined` means
 * not read along; `null` means read along and not there (or not visible).
 */
export function readAlong<T>(value: T | undefined, load: () => Promise<T>): T | Promise<T> {
  return value !== undefined ? value : load();
}

/** `next` applied to a value now, or to a promised one when it comes. */
export function andThen<T, R>(value: T | Promise<T>, next: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
