import { UnauthenticatedError } from '../common/errors.js';
import type { TokenHolder, UncheckedCredential } from '../database/request-transaction.js';
import { type Actor, missingRole } from './actor.js';
import type { Role } from './role.js';

/**
 * A query's API token, taken on the word of its last authentication (VerifiedTokens) and checked in the round trip
 * of the query's first read (TenantDatabase.read) rather than in a round trip of its own before it, which cost an
 * inbox page about a tenth of the service's CPU and of its database's (docs/performance.md). Revocation still takes
 * effect at once: the read's settings come from the check itself, so a token that no longer authenticates reads as
 * nobody, and the request answers UNAUTHENTICATED. Nothing else of the request runs, and no answer leaves, before the check holds
 * (TenantDatabase.run, sharedReadsPlugin). If the member's roles changed, the actor takes the new ones at once,
 * and the operation is refused if they no longer allow it.
 */
export class CredentialCheck implements UncheckedCredential {
  private sent = false;
  private verdict?: Promise<void>;
  /** Those waiting for the answer to a check under way. */
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly tokenHash: string,
    /** The request's actor, as the token last authenticated; brought up to date by the check. */
    private readonly actor: Actor,
    /** The roles the operation needs (any one of them), if it needs one. */
    private readonly needs: Role[] | undefined,
    /** The check on its own, in a round trip of its own. */
    private readonly lookUp: (tokenHash: string) => Promise<TokenHolder | undefined>,
    /** Told what every check finds, to remember the credential or forget it. */
    private readonly found: (holder: TokenHolder | undefined) => void,
  ) {}

  sendAlong(): string | undefined {
    if (this.sent || this.verdict) return undefined;
    this.sent = true;
    return this.tokenHash;
  }

  settle(holder: TokenHolder | undefined): void {
    if (this.verdict) return;
    this.found(holder);
    const refusal = this.refusal(holder);
    this.decide(refusal ? Promise.reject(refusal) : Promise.resolve());
  }

  unsent(): void {
    this.sent = false;
    this.wake();
  }

  checked(): Promise<void> {
    if (this.verdict) return this.verdict;
    if (this.sent) return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.checked());
    this.sent = true;
    this.lookUp(this.tokenHash).then(
      (holder) => this.settle(holder),
      (error: unknown) => this.decide(Promise.reject(error)),
    );
    return this.checked();
  }

  private decide(verdict: Promise<void>): void {
    // Handled by whoever waits for it; a verdict nobody waits for must not count as an unhandled rejection.
    verdict.catch(() => undefined);
    this.verdict = verdict;
    this.wake();
  }

  private wake(): void {
    for (const resume of this.waiting.splice(0)) resume();
  }

  private refusal(holder: TokenHolder | undefined): Error | undefined {
    const actor = this.actor;
    if (holder?.member_id !== actor.memberId || holder.organisation_id !== actor.organisationId || holder.token_id !== actor.tokenId) {
      return new UnauthenticatedError();
    }
    // In place: the request's later fields see the roles the member has now.
    actor.roles = holder.roles as Role[];
    return missingRole(actor, this.needs);
  }
}
