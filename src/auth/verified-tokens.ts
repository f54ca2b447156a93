import { Injectable } from '@nestjs/common';
import { hash } from 'node:crypto';

/** Enough for every token in use at once; the oldest is forgotten first. */
const REMEMBERED = 10_000;

/**
 * The Authorization headers that recently authenticated, by a hash of the header (never the token), with the token
 * they stand for. The rate limit counts a request against its token only when the token is known to be real: a
 * made-up token counts against the client's address, like no token at all.
 */
@Injectable()
export class VerifiedTokens {
  private readonly tokens = new Map<string, string>();

  /** The limiter's key for a header: one-shot hash, no Hash object per request. */
  static keyOf(authorization: string): string {
    return hash('sha256', authorization, 'base64url');
  }

  remember(authorization: string, tokenId: string): void {
    const key = VerifiedTokens.keyOf(authorization);
    this.tokens.delete(key);
    this.tokens.set(key, tokenId);
    if (this.tokens.size > REMEMBERED) this.tokens.delete(this.tokens.keys().next().value!);
  }

  forget(authorization: string): void {
    this.tokens.delete(VerifiedTokens.keyOf(authorization));
  }

  /** The token behind a header that authenticated, or undefined. */
  tokenIdOf(authorization: string): string | undefined {
    return this.tokens.get(VerifiedTokens.keyOf(authorization));
  }
}
