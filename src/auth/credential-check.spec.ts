import { jest } from '@jest/globals';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import type { TokenHolder } from '../database/request-transaction.js';
import type { Actor } from './actor.js';
import { CredentialCheck } from './credential-check.js';
import { Role } from './role.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

const HOLDER: TokenHolder = { member_id: 'member', organisation_id: 'organisation', roles: [Role.CASE_WORKER], token_id: 'token' };

/** A check of a token last seen as HOLDER, whose look-up on its own answers `lookedUp`. */
function checkOf(lookedUp: () => Promise<TokenHolder | undefined> = async () => HOLDER, needs: Role[] | undefined = [Role.CASE_WORKER]) {
  const actor: Actor = { memberId: 'member', organisationId: 'organisation', roles: [Role.CASE_WORKER], tokenId: 'token' };
  const lookUp = jest.fn((_hash: string) => lookedUp());
  const found: (TokenHolder | undefined)[] = [];
  const check = new CredentialCheck('hash', actor, needs, lookUp, (holder) => found.push(holder));
  return { check, actor, lookUp, found };
}

describe('a token checked along with the first read', () => {
  it('is sent along once, and holds when the read finds the same holder', async () => {
    const { check, lookUp, found } = checkOf();
    expect(check.sendAlong()).toBe('hash');
    expect(check.sendAlong()).toBeUndefined();
    check.settle(HOLDER);
    await expect(check.checked()).resolves.toBeUndefined();
    expect(lookUp).not.toHaveBeenCalled();
    expect(found).toEqual([HOLDER]);
  });

  it('refuses with UNAUTHENTICATED when the token no longer authenticates, or stands for someone else', async () => {
    for (const holder of [
      undefined,
      { ...HOLDER, member_id: 'another' },
      { ...HOLDER, organisation_id: 'another' },
      { ...HOLDER, token_id: 'x' },
    ]) {
      const { check, found } = checkOf();
      check.sendAlong();
      check.settle(holder);
      await expect(check.checked()).rejects.toBeInstanceOf(UnauthenticatedError);
      expect(found).toEqual([holder]);
    }
  });

  it("takes the member's roles as they are now, and refuses when they no longer allow the operation", async () => {
    const allowed = checkOf(undefined, [Role.CASE_WORKER, Role.ORG_ADMIN]);
    allowed.check.settle({ ...HOLDER, roles: [Role.ORG_ADMIN] });
    await expect(allowed.check.checked()).resolves.toBeUndefined();
    expect(allowed.actor.roles).toEqual([Role.ORG_ADMIN]);

    const refused = checkOf();
    refused.check.settle({ ...HOLDER, roles: [Role.ORG_ADMIN] });
    await expect(refused.check.checked()).rejects.toBeInstanceOf(ForbiddenError);
    expect(refused.actor.roles).toEqual([Role.ORG_ADMIN]);
  });

  it('is looked up on its own, once, when it is waited for before any read carried it', async () => {
    const { check, lookUp } = checkOf();
    await Promise.all([check.checked(), check.checked()]);
    expect(lookUp).toHaveBeenCalledTimes(1);
    expect(lookUp).toHaveBeenCalledWith('hash');
    expect(check.sendAlong()).toBeUndefined();
  });

  it('keeps those waiting while it is under way, and looks it up on its own if the read carrying it failed', async () => {
    const { check, lookUp } = checkOf(async () => undefined);
    check.sendAlong();
    let outcome: unknown = 'waiting';
    check.checked().then(
      () => (outcome = 'held'),
      (error: unknown) => (outcome = error),
    );
    await settle();
    expect(outcome).toBe('waiting');
    expect(lookUp).not.toHaveBeenCalled();
    check.unsent();
    await settle();
    expect(lookUp).toHaveBeenCalledTimes(1);
    expect(outcome).toBeInstanceOf(UnauthenticatedError);
  });

  it("answers the look-up's own failure, and takes no later answer for it", async () => {
    const failure = new Error('connection lost');
    const { check } = checkOf(async () => {
      throw failure;
    });
    await expect(check.checked()).rejects.toBe(failure);
    check.settle(HOLDER);
    await expect(check.checked()).rejects.toBe(failure);
  });
});
