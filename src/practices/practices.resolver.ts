import { idPipe } from '../common/id.pipe.js';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { PracticeConnection } from './dto/practice-connection.js';
import {
  ArchivePracticeInput,
  CommentOnPracticeInput,
  CreatePracticeInput,
  EndorsePracticeInput,
  PublishPracticeInput,
  UpdatePracticeInput,
  WithdrawEndorsementInput,
} from './dto/practice.inputs.js';
import { PracticesArgs } from './dto/practices.args.js';
import { PracticeCommentEntity } from './practice-comment.entity.js';
import { PracticeFeedbackService } from './practice-feedback.service.js';
import { PracticeSearchService } from './practice-search.service.js';
import { PracticeEntity } from './practice.entity.js';
import { PracticesService } from './practices.service.js';

const EDITORS = [Role.PRACTICE_EDITOR, Role.ORG_ADMIN];

@Resolver(() => PracticeEntity)
export class PracticesResolver {
  constructor(
    private readonly service: PracticesService,
    private readonly searching: PracticeSearchService,
    private readonly feedback: PracticeFeedbackService,
  ) {}

  @Query(() => PracticeConnection, {
    description: 'Best practices: published ones by default, newest first, or ranked by relevance with a search',
  })
  practices(@CurrentActor() actor: Actor, @Args() args: PracticesArgs) {
    return this.searching.search(actor, args);
  }

  @Query(() => PracticeEntity, { description: "A published practice, or one of your organisation's" })
  practice(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, idPipe('id', 'a practice id')) id: string) {
    return this.service.get(actor, id);
  }

  @Roles(...EDITORS)
  @Mutation(() => PracticeEntity, { description: 'Writes a DRAFT, visible to your organisation only until published' })
  createPractice(@CurrentActor() actor: Actor, @Args('input') input: CreatePracticeInput) {
    return this.service.create(actor, input);
  }

  @Roles(...EDITORS)
  @Mutation(() => PracticeEntity, { description: 'Edits a practice; editing a published text keeps the previous one as a revision' })
  updatePractice(@CurrentActor() actor: Actor, @Args('input') input: UpdatePracticeInput) {
    return this.service.update(actor, input);
  }

  @Roles(...EDITORS)
  @Mutation(() => PracticeEntity, { description: 'DRAFT -> PUBLISHED: the whole network sees it' })
  publishPractice(@CurrentActor() actor: Actor, @Args('input') input: PublishPracticeInput) {
    return this.service.publish(actor, input);
  }

  @Roles(...EDITORS)
  @Mutation(() => PracticeEntity, { description: 'PUBLISHED -> ARCHIVED: only your organisation sees it from then on' })
  archivePractice(@CurrentActor() actor: Actor, @Args('input') input: ArchivePracticeInput) {
    return this.service.archive(actor, input);
  }

  @Roles(...EDITORS)
  @Mutation(() => PracticeEntity, { description: "Endorses another organisation's published practice, once per organisation" })
  endorsePractice(@CurrentActor() actor: Actor, @Args('input') input: EndorsePracticeInput) {
    return this.feedback.endorse(actor, input);
  }

  @Roles(...EDITORS)
  @Mutation(() => PracticeEntity, { description: "Withdraws your organisation's endorsement" })
  withdrawEndorsement(@CurrentActor() actor: Actor, @Args('input') input: WithdrawEndorsementInput) {
    return this.feedback.withdraw(actor, input);
  }

  @Mutation(() => PracticeCommentEntity, { description: 'Comments on a published practice, on behalf of your organisation' })
  commentOnPractice(@CurrentActor() actor: Actor, @Args('input') input: CommentOnPracticeInput) {
    return this.feedback.comment(actor, input);
  }
}
