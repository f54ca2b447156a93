import type { NextFunction, Response } from 'express';
import { ADDRESS_TURN_PREFIX, OrganisationShares } from '../auth/organisation-shares.js';
import type { AuthenticatedRequest } from '../auth/request-of.js';
import { VerifiedTokens } from '../auth/verified-tokens.js';
import { DomainError } from '../common/errors.js';
import { GRAPHQL_PATH } from '../graphql/graphql.options.js';
import { hashedAddress, knownCredentialOf, refuse } from './rate-limit.js';

/** Whose turn a request of a credential not seen before takes: its client address's. */
export const addressTurn = (ip: string | undefined) => `${ADDRESS_TURN_PREFIX}${hashedAddress(ip)}`;

/**
 * A GraphQL request whose credential authenticated before waits for its organisation's turn here, before its body
 * is read, its document parsed and validated and its token looked up, rather than after all that in the guard.
 * A flooding organisation's waiting requests then cost the service nothing until their turn, and each request's
 * whole work falls inside its turn, which the pause after it measures (OrganisationShares): before, that work ran
 * whenever a request arrived, outside the shares, and another organisation's requests waited behind it
 * (scenario 5 of `npm run bench`). The organisation is the one the credential last authenticated for
 * (VerifiedTokens); the guard still authenticates the request, in its turn. A credential not seen before waits
 * for its client address's turn instead, and the guard takes its organisation's turn once it authenticates.
 */
export function organisationTurns(shares: OrganisationShares, verified: VerifiedTokens, onRefusal?: () => void) {
  return (request: AuthenticatedRequest, response: Response, next: NextFunction) => {
    if (request.path !== GRAPHQL_PATH) return next();
    // A credential not seen before (none, a made-up one, or a real one on its first request) takes the turn of its
    // client's address, as the rate limit counts it: a flood of made-up tokens otherwise ran outside every share,
    // many at once. The guard then takes the organisation's turn of a credential that authenticates.
    const turnOf = knownCredentialOf(request, verified)?.organisationId ?? addressTurn(request.ip);
    const gone = new AbortController();
    const leave = () => gone.abort();
    response.once('close', leave);
    shares.take(turnOf, gone.signal).then(
      (giveBack) => {
        response.off('close', leave);
        if (response.closed) return giveBack();
        response.once('close', giveBack);
        request.turnOf = turnOf;
        next();
      },
      (error: unknown) => {
        response.off('close', leave);
        if (response.closed) return;
        // As the guard refuses it: an execution that did not start (data null).
        const retryAfter = error instanceof DomainError ? Number(error.details?.retryAfterSeconds ?? 1) : 1;
        onRefusal?.();
        refuse(request, response, (error as Error).message, retryAfter, { data: null });
      },
    );
  };
}
