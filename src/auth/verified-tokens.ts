import { Injectable } from '@nestjs/common';
import { hash } from 'node:crypto';
import type { Actor } from './actor.js';

/** Enough for every token in use at once; the oldest is forgotten first. */
const REMEMBERED = 10_000;

/** What a credential that authenticated stands for: the actor it authenticated as. */
export type Verified = Readonly<Actor>;

/**
 * The Authorization headers (and console sessions) that recently authenticated, by a hash of the header (never the
 * token), with the actor they stand for. The rate limit counts a request against its token only when the token is
 * known to be real: a made-up token counts against the client's address, like no token at all. A known
 * credential's request waits for its organisation's turn before it is read (organisationTurns), and a query that
 * reads along acts as the remembered actor while its token is checked with its first read (CredentialCheck).
 */
@Injectable()
export class VerifiedTokens {
  private readonly tokens = new Map<string, Verified>();

  /** The limiter's key for a header: one-shot hash, no Hash object per request. */
  static keyOf(authorization: string): string {
    return hash('sha256', authorization, 'base64url');
  }

  remember(authorization: string, actor: Actor): void {
    const key = VerifiedTokens.keyOf(authorization);
    this.tokens.delete(key);
    const { memberId, organisationId, roles, tokenId } = actor;
    this.tokens.set(key, Object.freeze({ memberId, organisationId, roles: Object.freeze([...roles]) as Actor['roles'], tokenId }));
    if (this.tokens.size > REMEMBERED) this.tokens.delete(this.tokens.keys().next().value!);
  }

  forget(authorization: string): void {
    this.tokens.delete(VerifiedTokens.keyOf(authorization));
  }

  /** What a header that authenticated stands for, or undefined. */
  of(authorization: string): Verified | undefined {
    return this.tokens.get(VerifiedTokens.keyOf(authorization));
  }
}
