import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { OrganisationEntity } from './organisation.entity.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { IssueTokenInput, RevokeTokenInput } from './dto/token.inputs.js';
import { IssuedToken } from './dto/issued-token.js';
import { MemberEntity } from './member.entity.js';
import { Actor, hasRole } from '../auth/actor.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { generateApiToken } from '../auth/api-token.js';
import { Role } from '../auth/role.js';

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class TokensService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates and audits a token inside the caller's transaction; the secret leaves only in the result. `issuer` is
   * who issued it, with which token (none for the network's first token): revoking that token revokes this one.
   */
  async create(
    manager: EntityManager,
    member: Pick<MemberEntity, 'id' | 'organisationId'>,
    name: string,
    days: number,
    issuer: Pick<Actor, 'memberId' | 'tokenId'> | null,
  ): Promise<IssuedToken> {
    const secret = generateApiToken();
    const apiToken = manager.getRepository(ApiTokenEntity).create({
      organisationId: member.organisationId,
      memberId: member.id,
      name,
      prefix: secret.prefix,
      tokenHash: secret.hash,
      expiresAt: new Date(Date.now() + days * DAY_MS),
      lastUsedAt: null,
      revokedAt: null,
      issuedByMemberId: issuer?.memberId || null,
      // Actors the service makes for itself (the CLI, the demo) have no token.
      issuedByTokenId: issuer?.tokenId || null,
    });
    await manager.getRepository(ApiTokenEntity).insert(apiToken);
    await this.audit.record(manager, { action: 'token.issue', entity: 'api_token', entityId: apiToken.id });
    return { token: secret.token, apiToken };
  }

  /** A member issues tokens for themselves; an ORG_ADMIN for any member of the organisation. */
  issue(actor: Actor, input: IssueTokenInput): Promise<IssuedToken> {
    const memberId = input.memberId ?? actor.memberId;
    if (memberId !== actor.memberId && !hasRole(actor, Role.ORG_ADMIN)) {
      throw new ForbiddenError('Only an ORG_ADMIN issues tokens for other members.');
    }
    return this.tenants.run(actor, async (manager) => {
      const member = await manager
        .getRepository(MemberEntity)
        .findOneBy({ id: memberId, organisationId: actor.organisationId, removedAt: IsNull() });
      if (!member) throw new NotFoundError('Member');
      const { maxTokenDays } = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: actor.organisationId });
      if (input.expiresInDays > maxTokenDays) {
        throw BadUserInputError.at(
          ['input', 'expiresInDays'],
          'organisationMaxTokenDays',
          `Tokens of your organisation last at most ${maxTokenDays} days (its ORG_ADMIN sets this): ask for ${maxTokenDays} or fewer.`,
        );
      }
      return this.create(manager, member, input.name, input.expiresInDays, actor);
    });
  }

  /** Revokes a token, and (by a trigger) every token issued with it, at any remove. */
  revoke(actor: Actor, input: RevokeTokenInput): Promise<ApiTokenEntity> {
    return this.tenants.run(actor, async (manager) => {
      const tokens = manager.getRepository(ApiTokenEntity);
      const token = await tokens.findOneBy({ id: input.tokenId, organisationId: actor.organisationId });
      if (!token || (token.memberId !== actor.memberId && !hasRole(actor, Role.ORG_ADMIN))) throw new NotFoundError('Token');
      if (!token.revokedAt) {
        token.revokedAt = new Date();
        await tokens.update({ id: token.id }, { revokedAt: token.revokedAt });
        await this.audit.record(manager, { action: 'token.revoke', entity: 'api_token', entityId: token.id });
      }
      return token;
    });
  }

  /** Revokes every live token of a member (on removal), inside the caller's transaction. */
  async revokeAllOf(manager: EntityManager, memberId: string): Promise<void> {
    await manager.getRepository(ApiTokenEntity).update({ memberId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
