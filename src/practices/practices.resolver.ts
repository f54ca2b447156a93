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
import { PracticeFeedbackService } from './practice-feedback.service.js';
import { PracticeSearchService } from './practice-search.service.js';
import { PracticeEntity } from './practice.entity.js';
import { PracticesService } from './practices.service.js';
import {
  ArchivePracticePayload,
  CommentOnPracticePayload,
  CreatePracticePayload,
  EndorsePracticePayload,
  PublishPracticePayload,
  UpdatePracticePayload,
  WithdrawEndorsementPayload,
} from './dto/practice.payloads.js';

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
  @Mutation(() => CreatePracticePayload, { description: 'Writes a DRAFT, visible to your organisation only until published' })
  async createPractice(@CurrentActor() actor: Actor, @Args('input') input: CreatePracticeInput) {
    return { practice: await this.service.create(actor, input) };
  }

  @Roles(...EDITORS)
  @Mutation(() => UpdatePracticePayload, { description: 'Edits a practice; editing a published text keeps the previous one as a revision' })
  async updatePractice(@CurrentActor() actor: Actor, @Args('input') input: UpdatePracticeInput) {
    return { practice: await this.service.update(actor, input) };
  }

  @Roles(...EDITORS)
  @Mutation(() => PublishPracticePayload, { description: 'DRAFT -> PUBLISHED: the whole network sees it' })
  async publishPractice(@CurrentActor() actor: Actor, @Args('input') input: PublishPracticeInput) {
    return { practice: await this.service.publish(actor, input) };
  }

  @Roles(...EDITORS)
  @Mutation(() => ArchivePracticePayload, { description: 'PUBLISHED -> ARCHIVED: only your organisation sees it from then on' })
  async archivePractice(@CurrentActor() actor: Actor, @Args('input') input: ArchivePracticeInput) {
    return { practice: await this.service.archive(actor, input) };
  }

  @Roles(...EDITORS)
  @Mutation(() => EndorsePracticePayload, { description: "Endorses another organisation's published practice, once per organisation" })
  async endorsePractice(@CurrentActor() actor: Actor, @Args('input') input: EndorsePracticeInput) {
    return { practice: await this.feedback.endorse(actor, input) };
  }

  @Roles(...EDITORS)
  @Mutation(() => WithdrawEndorsementPayload, { description: "Withdraws your organisation's endorsement" })
  async withdrawEndorsement(@CurrentActor() actor: Actor, @Args('input') input: WithdrawEndorsementInput) {
    return { practice: await this.feedback.withdraw(actor, input) };
  }

  @Mutation(() => CommentOnPracticePayload, { description: 'Comments on a published practice, on behalf of your organisation' })
  async commentOnPractice(@CurrentActor() actor: Actor, @Args('input') input: CommentOnPracticeInput) {
    return { comment: await this.feedback.comment(actor, input) };
  }
}
