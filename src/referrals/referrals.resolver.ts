import { Args, Context, ID, Info, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { CheckedAlongItsRead, CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { Connection } from '../common/connection.js';
import { idPipe } from '../common/id.pipe.js';
import { consentStatus, RedactionReason } from '../personal-data/consent-terms.js';
import { ConsentSummary } from '../consents/consents.resolver.js';
import { andThen, readAlong } from '../fast-path/read-along.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';
import { selectionFits } from '../graphql/selection.js';
import type { NoArgs } from '../fast-path/shared-empty-arguments.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { disclosed, noteOf, noteRedactionOf, redactionsOf } from '../personal-data/disclosure-fields.js';
import { notePiece, SEALED_NOTE } from '../personal-data/sealed-notes.js';
import { Redaction } from '../personal-data/dto/redaction.model.js';
import { PersonalDataKind, REFERRAL_KINDS } from '../personal-data/personal-data-kind.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import type { SubjectView } from '../subjects/subjects.resolver.js';
import { CaseHistory, Need, ReturnPlan, RiskAssessment } from './dto/referral-content.types.js';
import { CreateReferralInput, UpdateReferralDraftInput } from './dto/referral.inputs.js';
import { ReferralsArgs } from './dto/referrals.args.js';
import { ReferralEventEntity } from './referral-event.entity.js';
import { statusAt, ReferralStatus } from './referral-lifecycle.js';
import { ReferralMessageEntity } from './referral-message.entity.js';
import { ReferralEntity } from './referral.entity.js';
import { ReferralsService } from './referrals.service.js';
import { PersonalDataLoaders } from '../personal-data/personal-data-loaders.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { ReferralLoaders } from './referral-loaders.js';
import { CreateReferralPayload, UpdateReferralDraftPayload } from './dto/referral.payloads.js';

@ObjectType()
export class ReferralConnection extends Connection(ReferralEntity, 'Referral') {}

/** The referral's consent, as read along with it or from the batch. */
export const consentOf = (referral: ReferralEntity, loaders: GraphQLContext['loaders']) =>
  readAlong(referral.consent, () => loaders.byId(ConsentEntity).load(referral.consentId));

const address = (referral: ReferralEntity, kind: PersonalDataKind) => ({ subjectId: referral.subjectId, referralId: referral.id, kind });
const statusReasonOf = (referral: ReferralEntity) =>
  notePiece(referral.subjectId, referral.id, SEALED_NOTE.statusReason(referral.id), referral.statusReasonSealed);

@Resolver(() => ReferralEntity)
export class ReferralsResolver {
  constructor(
    private readonly service: ReferralsService,
    private readonly clock: Clock,
  ) {}

  @Roles(Role.CASE_WORKER)
  @Query(() => ReferralEntity, { description: 'A referral your organisation sent, or received once submitted' })
  async referral(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, idPipe('id')) id: string,
    @Context() { loaders }: GraphQLContext,
  ) {
    const referral = await this.service.get(actor, id);
    loaders.of(ReferralLoaders).primeListed([referral]);
    return referral;
  }

  @Roles(Role.CASE_WORKER)
  @CheckedAlongItsRead()
  @Query(() => ReferralConnection, { description: 'Your inbox or outbox, most recently changed first' })
  async referrals(
    @CurrentActor() actor: Actor,
    @Args() args: ReferralsArgs,
    @Context() { loaders }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    // A list asking only for a list's usual fields reads only their columns (ReferralPages.narrowShape).
    const narrow = selectionFits(info, this.service.narrowPageShape());
    const page = await this.service.list(actor, args, narrow);
    // The partial entities of a narrow page must not answer other fields of the request from the loaders.
    if (!narrow) loaders.of(ReferralLoaders).primeListed(page.edges.map((edge) => edge.node));
    return page;
  }

  @Roles(Role.CASE_WORKER)
  @Mutation(() => CreateReferralPayload, { description: 'Creates a draft referral; pass an idempotencyKey to make retries safe' })
  async createReferral(@CurrentActor() actor: Actor, @Args('input') input: CreateReferralInput) {
    return { referral: await this.service.create(actor, input) };
  }

  @Roles(Role.CASE_WORKER)
  @Mutation(() => UpdateReferralDraftPayload, { description: 'Changes a draft (sender only)' })
  async updateReferralDraft(@CurrentActor() actor: Actor, @Args('input') input: UpdateReferralDraftInput) {
    return { referral: await this.service.updateDraft(actor, input) };
  }

  @ResolveField(() => ReferralStatus, { description: 'An open referral whose consent lapsed reads as CONSENT_WITHDRAWN' })
  status(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return andThen(consentOf(referral, loaders), (consent) => statusAt(referral.status, consent, this.clock.now()));
  }

  @ResolveField(() => OrganisationEntity)
  sender(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return readAlong(referral.sender, () => loaders.byId(OrganisationEntity).load(referral.senderOrganisationId));
  }

  @ResolveField(() => OrganisationEntity)
  receiver(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return readAlong(referral.receiver, () => loaders.byId(OrganisationEntity).load(referral.receiverOrganisationId));
  }

  @ResolveField(() => SubjectEntity, { description: 'The person, with what this referral lets you see of them' })
  subject(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext): SubjectView | null | Promise<SubjectView | null> {
    // Read along with the referral (the detail view), the person's fields ask for their data in the same batch as the
    // referral's own fields. DataLoader would hand out even a primed value one batch later.
    return andThen(
      readAlong(referral.subject, () => loaders.byId(SubjectEntity).load(referral.subjectId)),
      (subject) => subject && { ...subject, viaReferralId: referral.id },
    );
  }

  @ResolveField(() => ConsentSummary, { nullable: true, description: 'The consent behind the referral, as far as it concerns you' })
  consent(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext): ConsentSummary | null | Promise<ConsentSummary | null> {
    return andThen(consentOf(referral, loaders), (consent) => {
      if (!consent) return null;
      const { purposes, categories, givenAt, expiresAt } = consent;
      return { status: consentStatus(consent, this.clock.now()), purposes, categories, givenAt, expiresAt };
    });
  }

  @ResolveField(() => [Need], { nullable: true, description: 'Category NEEDS; null when redacted' })
  needs(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return disclosed(loaders, address(referral, PersonalDataKind.NEEDS));
  }

  @ResolveField(() => CaseHistory, { nullable: true, description: 'Category CASE_HISTORY; null when redacted' })
  caseHistory(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return disclosed(loaders, address(referral, PersonalDataKind.CASE_HISTORY));
  }

  @ResolveField(() => ReturnPlan, { nullable: true, description: 'Category CONTACT; null when redacted' })
  returnPlan(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return disclosed(loaders, address(referral, PersonalDataKind.RETURN_PLAN));
  }

  @ResolveField(() => RiskAssessment, {
    nullable: true,
    description: 'Always shared with the receiver of a submitted referral (vital interest)',
  })
  async riskAssessment(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    const disclosure = await loaders.of(PersonalDataLoaders).disclosures.load(address(referral, PersonalDataKind.RISK_ASSESSMENT));
    if (!disclosure.disclosed || !disclosure.value) return null;
    return { ...(disclosure.value as object), legalBasis: disclosure.legalBasis };
  }

  @ResolveField(() => [Redaction], { description: "The referral's fields withheld from you, and why (the subject lists its own)" })
  redactions(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return redactionsOf(
      loaders,
      REFERRAL_KINDS.map((kind) => address(referral, kind)),
    );
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Why the receiver declined, or the sender cancelled or closed early; null when withheld',
  })
  statusReason(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteOf(loaders, statusReasonOf(referral));
  }

  @ResolveField(() => RedactionReason, { nullable: true, description: 'Why statusReason is withheld from you' })
  statusReasonRedaction(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return noteRedactionOf(loaders, statusReasonOf(referral));
  }

  @ResolveField(() => [ReferralEventEntity], { description: 'The history, oldest first' })
  events(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return loaders.of(ReferralLoaders).events.load(referral.id);
  }

  @ResolveField(() => [ReferralMessageEntity], { description: 'The thread between the two organisations, oldest first' })
  messages(referral: ReferralEntity, _args: NoArgs, { loaders }: GraphQLContext) {
    return loaders.of(ReferralLoaders).messages.load(referral.id);
  }
}
