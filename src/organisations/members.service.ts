import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Actor, hasRole } from '../auth/actor.js';
import { Role } from '../auth/role.js';
import { SignInLinksService } from './sign-in-links.service.js';
import { TokensService } from './tokens.service.js';
import { PageWindow, PageArgs, toConnection } from '../common/connection.js';
import { conflictOnUniqueViolation } from '../common/database-errors.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { AddMemberInput, RemoveMemberInput, UpdateMemberRolesInput } from './dto/member.inputs.js';
import { MemberEntity } from './member.entity.js';
import { Idempotency } from '../database/idempotency.js';

export const MEMBER_CONFLICTS = {
  UQ_members_active_email: 'A member with this e-mail address already exists in the organisation.',
};

@Injectable()
export class MembersService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly audit: AuditService,
    private readonly tokens: TokensService,
    private readonly signInLinks: SignInLinksService,
  ) {}

  me(actor: Actor): Promise<MemberEntity> {
    return this.tenants.run(actor, async (manager) => {
      const member = await manager.getRepository(MemberEntity).findOneBy({ id: actor.memberId, organisationId: actor.organisationId });
      if (!member) throw new NotFoundError('Member');
      return member;
    });
  }

  /** The acting organisation's current members, by name. */
  list(actor: Actor, page: PageArgs) {
    return this.tenants.run(actor, async (manager) => {
      const window = PageWindow.of(page);
      const query = manager
        .getRepository(MemberEntity)
        .createQueryBuilder('m')
        .where('m.organisation_id = :organisationId AND m.removed_at IS NULL', { organisationId: actor.organisationId })
        .orderBy('m.display_name', window.order('ASC'))
        .addOrderBy('m.id', window.order('ASC'))
        .limit(window.limit);
      const position = window.position(['text', 'uuid']);
      if (position) {
        const [name, id] = position;
        query.andWhere(`(m.display_name, m.id) ${window.beyond('ASC')} (:name, :id)`, { name, id });
      }
      return toConnection(await query.getMany(), window, (member) => [member.displayName, member.id]);
    });
  }

  add(actor: Actor, input: AddMemberInput): Promise<MemberEntity> {
    this.assertMayTouchNetworkAdmin(actor, input.roles);
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'addMember', organisationId: actor.organisationId, input },
        (id) => manager.getRepository(MemberEntity).findOneByOrFail({ id }),
        async () => {
          const member = await this.insert(manager, actor.organisationId, input);
          await this.audit.record(manager, { action: 'member.add', entity: 'member', entityId: member.id });
          return member;
        },
      ),
    );
  }

  /** Inserts a member of `organisationId` inside the caller's transaction. */
  async insert(manager: EntityManager, organisationId: string, input: AddMemberInput): Promise<MemberEntity> {
    const members = manager.getRepository(MemberEntity);
    const member = members.create({
      organisationId,
      displayName: input.displayName,
      email: input.email,
      roles: input.roles,
      removedAt: null,
    });
    await members.insert(member).catch((error) => conflictOnUniqueViolation(error, MEMBER_CONFLICTS));
    return member;
  }

  updateRoles(actor: Actor, input: UpdateMemberRolesInput): Promise<MemberEntity> {
    return this.tenants.run(actor, async (manager) => {
      const member = await this.findActive(manager, actor.organisationId, input.memberId);
      this.assertMayTouchNetworkAdmin(actor, [...member.roles, ...input.roles]);
      if (member.roles.includes(Role.ORG_ADMIN) && !input.roles.includes(Role.ORG_ADMIN)) {
        await this.assertAnotherAdminRemains(manager, member);
      }
      member.roles = input.roles;
      await manager.getRepository(MemberEntity).update({ id: member.id }, { roles: input.roles });
      await this.audit.record(manager, { action: 'member.update_roles', entity: 'member', entityId: member.id });
      return member;
    });
  }

  /** Removal keeps the row (the audit log names it) but ends sign-in at once: its tokens and unused sign-in links are revoked. */
  remove(actor: Actor, input: RemoveMemberInput): Promise<MemberEntity> {
    return this.tenants.run(actor, async (manager) => {
      const member = await this.findActive(manager, actor.organisationId, input.memberId);
      this.assertMayTouchNetworkAdmin(actor, member.roles);
      if (member.roles.includes(Role.ORG_ADMIN)) await this.assertAnotherAdminRemains(manager, member);
      member.removedAt = new Date();
      await manager.getRepository(MemberEntity).update({ id: member.id }, { removedAt: member.removedAt });
      await this.tokens.revokeAllOf(manager, member.id);
      await this.signInLinks.revokeAllOf(manager, member.id);
      await this.audit.record(manager, { action: 'member.remove', entity: 'member', entityId: member.id });
      return member;
    });
  }

  private async findActive(manager: EntityManager, organisationId: string, id: string): Promise<MemberEntity> {
    const member = await manager.getRepository(MemberEntity).findOneBy({ id, organisationId, removedAt: IsNull() });
    if (!member) throw new NotFoundError('Member');
    return member;
  }

  /** Only a network admin grants, changes or removes the network admin role. */
  private assertMayTouchNetworkAdmin(actor: Actor, roles: Role[]): void {
    if (roles.includes(Role.NETWORK_ADMIN) && !hasRole(actor, Role.NETWORK_ADMIN)) {
      throw new ForbiddenError('Only a NETWORK_ADMIN grants or changes the NETWORK_ADMIN role.');
    }
  }

  /** An organisation keeps at least one ORG_ADMIN; the row locks make two concurrent demotions wait for each other. */
  private async assertAnotherAdminRemains(manager: EntityManager, leaving: MemberEntity): Promise<void> {
    const admins: { id: string }[] = await manager.query(
      `SELECT id FROM members WHERE organisation_id = $1 AND removed_at IS NULL AND 'ORG_ADMIN' = ANY (roles) FOR UPDATE`,
      [leaving.organisationId],
    );
    if (!admins.some((admin) => admin.id !== leaving.id)) {
      throw new ConflictError('An organisation keeps at least one ORG_ADMIN: make another member ORG_ADMIN first.');
    }
  }
}
