import { IsUUID } from 'class-validator';
import { Args, ArgsType, Field, ID, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { Connection, PageArgs } from '../common/connection.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { idPipe } from '../common/id.pipe.js';
import { SubjectContact, SubjectHealth, SubjectIdentity } from './dto/personal-data.types.js';
import { Redaction } from '../personal-data/dto/redaction.model.js';
import { EraseSubjectInput, RegisterSubjectInput, UpdateSubjectInput } from './dto/subject.inputs.js';
import { PersonalDataKind, SUBJECT_KINDS } from '../personal-data/personal-data-kind.js';
import { disclosed, redactionsOf } from '../personal-data/disclosure-fields.js';
import { SubjectAccessEventEntity } from '../personal-data/subject-access-event.entity.js';
import { SubjectEntity } from './subject.entity.js';
import { SubjectsService } from './subjects.service.js';
import { EraseSubjectPayload, RegisterSubjectPayload, UpdateSubjectPayload } from './dto/subject.payloads.js';

/** A subject as reached through a referral carries that referral, which decides what a receiver may see. */
export type SubjectView = SubjectEntity & { viaReferralId?: string | null };

@ArgsType()
export class SubjectAccessLogArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'subjectId must be a subject id' })
  subjectId: string;
}

@ObjectType()
export class SubjectConnection extends Connection(SubjectEntity, 'Subject') {}

@ObjectType()
export class SubjectAccessEventConnection extends Connection(SubjectAccessEventEntity, 'SubjectAccessEvent') {}

const address = (subject: SubjectView, kind: PersonalDataKind) => ({
  subjectId: subject.id,
  referralId: subject.viaReferralId ?? null,
  kind,
});

@Resolver(() => SubjectEntity)
export class SubjectsResolver {
  constructor(private readonly service: SubjectsService) {}

  @Roles(Role.CASE_WORKER)
  @Mutation(() => RegisterSubjectPayload, {
    description: 'Registers a person who chose to return; their personal data is encrypted at rest',
  })
  async registerSubject(@CurrentActor() actor: Actor, @Args('input') input: RegisterSubjectInput) {
    return { subject: await this.service.register(actor, input) };
  }

  @Roles(Role.CASE_WORKER)
  @Mutation(() => UpdateSubjectPayload, { description: "Replaces the parts of a person's data given" })
  async updateSubject(@CurrentActor() actor: Actor, @Args('input') input: UpdateSubjectInput) {
    return { subject: await this.service.updatePersonalData(actor, input) };
  }

  @Roles(Role.CASE_WORKER, Role.ORG_ADMIN)
  @Mutation(() => EraseSubjectPayload, {
    description: [
      'Erases the person: destroys their data key, so their personal data and every sealed reason or note about them becomes unreadable everywhere at once.',
      'In the same transaction it withdraws every consent of theirs that is not withdrawn yet, moves every open referral made under those consents to CONSENT_WITHDRAWN (its scheduled follow-ups stop),',
      'and announces PERSON_ERASED to both parties of each of their referrals. Countries, dates, statuses, gender, age band and exploitation types stay for statistics.',
      'It cannot be undone; erasing an erased person is a CONFLICT. `reason`: 3 to 500 characters, for the audit log, no personal data.',
    ].join(' '),
  })
  async eraseSubject(@CurrentActor() actor: Actor, @Args('input') input: EraseSubjectInput) {
    return { subject: await this.service.erase(actor, input) };
  }

  @Roles(Role.CASE_WORKER)
  @Query(() => SubjectEntity, { description: 'A person your organisation registered' })
  subject(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, idPipe('id')) id: string) {
    return this.service.get(actor, id);
  }

  @Roles(Role.CASE_WORKER)
  @Query(() => SubjectConnection, { description: 'The people your organisation registered, newest first' })
  subjects(@CurrentActor() actor: Actor, @Args() page: PageArgs) {
    return this.service.list(actor, page);
  }

  @Roles(Role.CASE_WORKER, Role.ORG_ADMIN)
  @Query(() => SubjectAccessEventConnection, { description: "Every read of a person's data, by whom and on what basis" })
  subjectAccessLog(@CurrentActor() actor: Actor, @Args() args: SubjectAccessLogArgs) {
    return this.service.accessLog(actor, args.subjectId, args);
  }

  @ResolveField(() => SubjectIdentity, { nullable: true, description: 'Null when redacted: see redactions' })
  identity(subject: SubjectView, _args: NoArgs, { loaders }: GraphQLContext) {
    return disclosed(loaders, address(subject, PersonalDataKind.IDENTITY));
  }

  @ResolveField(() => SubjectContact, { nullable: true, description: 'Null when redacted: see redactions' })
  contact(subject: SubjectView, _args: NoArgs, { loaders }: GraphQLContext) {
    return disclosed(loaders, address(subject, PersonalDataKind.CONTACT));
  }

  @ResolveField(() => SubjectHealth, { nullable: true, description: 'Null when redacted: see redactions' })
  health(subject: SubjectView, _args: NoArgs, { loaders }: GraphQLContext) {
    return disclosed(loaders, address(subject, PersonalDataKind.HEALTH));
  }

  @ResolveField(() => [Redaction], { description: 'The fields withheld from you, and why' })
  redactions(subject: SubjectView, _args: NoArgs, { loaders }: GraphQLContext) {
    return redactionsOf(
      loaders,
      SUBJECT_KINDS.map((kind) => address(subject, kind)),
    );
  }
}
