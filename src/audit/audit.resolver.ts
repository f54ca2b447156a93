import { Args, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { Connection, PageArgs } from '../common/connection.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { AuditChainVerification } from './audit-chain-verification.model.js';
import { AuditService } from './audit.service.js';

@ObjectType()
export class AuditEventConnection extends Connection(AuditEventEntity, 'AuditEvent') {}

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.ORG_ADMIN)
  @Query(() => AuditEventConnection, { description: "Your organisation's audit events, newest first" })
  auditEvents(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.audit.list(actor, page);
  }

  @Roles(Role.NETWORK_ADMIN)
  @Query(() => AuditChainVerification, { description: 'Recomputes every audit chain and reports the first broken link' })
  verifyAuditChain(@CurrentActor() actor: Actor) {
    return this.audit.verify(actor);
  }
}
