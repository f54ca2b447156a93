import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { conflictOnUniqueViolation } from '../common/database-errors.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { CommentOnPracticeInput, EndorsePracticeInput, WithdrawEndorsementInput } from './dto/practice.inputs.js';
import { PracticeCommentEntity } from './practice-comment.entity.js';
import { PracticeEndorsementEntity } from './practice-endorsement.entity.js';
import { PracticeStatus } from './practice-status.js';
import { PracticeEntity } from './practice.entity.js';
import { PracticesService } from './practices.service.js';
import { Idempotency } from '../database/idempotency.js';

const ALREADY_ENDORSED = 'Your organisation already endorses this practice.';

/** What other organisations say about a published record: endorsements (one per organisation) and comments. */
@Injectable()
export class PracticeFeedbackService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly audit: AuditService,
    private readonly practices: PracticesService,
  ) {}

  endorse(actor: Actor, input: EndorsePracticeInput): Promise<PracticeEntity> {
    return this.tenants.run(actor, async (manager) => {
      const practice = await this.findPublished(manager, input.practiceId, 'endorsed');
      if (practice.organisationId === actor.organisationId) {
        throw new ForbiddenError('An organisation endorses the practices of others, not its own.');
      }
      const endorsements = manager.getRepository(PracticeEndorsementEntity);
      if (await endorsements.existsBy({ practiceId: practice.id, organisationId: actor.organisationId })) {
        throw new ConflictError(ALREADY_ENDORSED);
      }
      await endorsements
        .insert({ practiceId: practice.id, organisationId: actor.organisationId, memberId: actor.memberId })
        .catch((error) => conflictOnUniqueViolation(error, { PK_practice_endorsements: ALREADY_ENDORSED }));
      await this.audit.record(manager, { action: 'practice.endorse', entity: 'practice', entityId: practice.id });
      return practice;
    });
  }

  withdraw(actor: Actor, input: WithdrawEndorsementInput): Promise<PracticeEntity> {
    return this.tenants.run(actor, async (manager) => {
      const practice = await this.practices.findVisible(manager, input.practiceId);
      const { affected } = await manager
        .getRepository(PracticeEndorsementEntity)
        .delete({ practiceId: practice.id, organisationId: actor.organisationId });
      if (!affected) throw new NotFoundError("Your organisation's endorsement of this practice");
      await this.audit.record(manager, { action: 'practice.withdraw_endorsement', entity: 'practice', entityId: practice.id });
      return practice;
    });
  }

  comment(actor: Actor, input: CommentOnPracticeInput): Promise<PracticeCommentEntity> {
    return this.tenants.run(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'commentOnPractice', organisationId: actor.organisationId, input },
        (id) => manager.getRepository(PracticeCommentEntity).findOneByOrFail({ id }),
        async () => {
          const practice = await this.findPublished(manager, input.practiceId, 'commented on');
          const comments = manager.getRepository(PracticeCommentEntity);
          const comment = comments.create({
            practiceId: practice.id,
            organisationId: actor.organisationId,
            memberId: actor.memberId,
            body: input.body,
          });
          await comments.insert(comment);
          await this.audit.record(manager, { action: 'practice.comment', entity: 'practice_comment', entityId: comment.id });
          return comment;
        },
      ),
    );
  }

  private async findPublished(manager: EntityManager, id: string, verb: string): Promise<PracticeEntity> {
    const practice = await this.practices.findVisible(manager, id);
    if (practice.status !== PracticeStatus.PUBLISHED) throw new ConflictError(`Only a published practice can be ${verb}.`);
    return practice;
  }
}
