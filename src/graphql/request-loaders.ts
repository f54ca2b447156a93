import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ApiTokenEntity } from '../auth/api-token.entity.js';
import { AuthenticatedRequest } from '../auth/request-of.js';
import { UnauthenticatedError } from '../common/errors.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import type { FollowUpReportView } from '../follow-ups/dto/follow-up.types.js';
import { FollowUpEntity } from '../follow-ups/follow-up.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ReferralEntity } from '../referrals/referral.entity.js';
import type { ListedReferral } from '../referrals/referral-page.js';
import { ReferralEventEntity } from '../referrals/referral-event.entity.js';
import type { ReadableMessage } from '../referrals/referral-messages.service.js';
import { AccessDecision } from '../subjects/access-decision.js';
import type { Disclosure, PersonalDataSession, SealedPiece } from '../subjects/personal-data-vault.js';
import { recordContext } from '../subjects/personal-data-kind.js';
import { RecordAddress } from '../subjects/personal-records.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import type { LoaderFactory } from './loader.factory.js';

const addressKey = (address: RecordAddress) => recordContext(address.subjectId, address.referralId, address.kind);

/** Runs work in a transaction of the request's actor (see RequestLoaders.of). */
export type ReadAsActor = <T>(work: (manager: EntityManager, actor: Actor) => Promise<T>) => Promise<T>;

/**
 * Batches for nested fields, made anew for each request (in the GraphQL
 * context) so that a page costs the same number of statements whatever its
 * size, and nothing cached outlives the request that may see it.
 */
export class RequestLoaders {
  constructor(
    private readonly services: LoaderFactory,
    private readonly request: AuthenticatedRequest,
  ) {}

  readonly organisations = this.byId(OrganisationEntity);
  readonly subjects = this.byId(SubjectEntity);
  readonly consents = this.byId(ConsentEntity);
  readonly referrals = this.byId(ReferralEntity);

  readonly followUpsByReferral = new DataLoader<string, FollowUpEntity[]>((referralIds) =>
    this.read(async (manager) => {
      const rows = await manager
        .getRepository(FollowUpEntity)
        .find({ where: { referralId: In([...referralIds]) }, order: { dueOn: 'ASC', sequence: 'ASC' } });
      return referralIds.map((id) => rows.filter((row) => row.referralId === id));
    }),
  );

  /** The follow-up due most recently (on or before today) of each referral, or null. */
  readonly latestFollowUps = new DataLoader<string, FollowUpEntity | null>((referralIds) =>
    this.read(async (manager) => {
      const rows = await manager
        .getRepository(FollowUpEntity)
        .createQueryBuilder('f')
        .distinctOn(['f.referral_id'])
        .where('f.referral_id IN (:...referralIds) AND f.due_on <= :today', { referralIds, today: this.services.clock.today() })
        .orderBy('f.referral_id')
        .addOrderBy('f.due_on', 'DESC')
        .addOrderBy('f.sequence', 'DESC')
        .getMany();
      return referralIds.map((id) => rows.find((row) => row.referralId === id) ?? null);
    }),
  );

  /**
   * A list page, or a referral's detail, read the referrals' neighbours along
   * (see ReferralPages), and the referral's fields answer from them (see
   * readAlong). The referrals also serve the fields that reach them another
   * way (a follow-up's referral), and the organisations other fields of the
   * request (a practice's, a member's): prime their batches.
   */
  primeListed(referrals: ListedReferral[]): void {
    for (const referral of referrals) {
      this.referrals.prime(referral.id, referral);
      if (referral.sender) this.organisations.prime(referral.sender.id, referral.sender);
      if (referral.receiver) this.organisations.prime(referral.receiver.id, referral.receiver);
    }
  }

  /** Every version of each follow-up's report, newest first, each read decided and logged. */
  readonly reports = new DataLoader<string, FollowUpReportView[]>((followUpIds) =>
    this.read((manager) => this.services.reports.views(manager, this.personalData, followUpIds)),
  );

  readonly tokensByMember = new DataLoader<string, ApiTokenEntity[]>((memberIds) =>
    this.read(async (manager, actor) => {
      const rows = await manager
        .getRepository(ApiTokenEntity)
        .find({ where: { organisationId: actor.organisationId, memberId: In([...memberIds]) }, order: { createdAt: 'DESC' } });
      return memberIds.map((memberId) => rows.filter((row) => row.memberId === memberId));
    }),
  );

  readonly events = new DataLoader<string, ReferralEventEntity[]>((referralIds) =>
    this.read(async (manager) => {
      const rows = await manager
        .getRepository(ReferralEventEntity)
        .find({ where: { referralId: In([...referralIds]) }, order: { occurredAt: 'ASC' } });
      return referralIds.map((id) => rows.filter((row) => row.referralId === id));
    }),
  );

  readonly messages = new DataLoader<string, ReadableMessage[]>((referralIds) =>
    this.read((manager) => this.services.messages.threads(manager, this.personalData, referralIds)),
  );

  private session?: PersonalDataSession;

  /** The request's session of the vault: each piece of a person's data decided once, each read logged once. */
  get personalData(): PersonalDataSession {
    const actor = this.request.actor;
    if (!actor) throw new UnauthenticatedError();
    this.session ??= this.services.vault.session(actor);
    return this.session;
  }

  /** Decrypted records of a person (or why not), each read logged. */
  readonly disclosures = new DataLoader<RecordAddress, Disclosure, string>(
    (addresses) => this.read((manager) => this.personalData.disclose(manager, [...addresses])),
    { cacheKeyFn: addressKey },
  );

  /** Sealed values kept beside their rows (reasons, notes), opened as the session allows. */
  readonly sealed = new DataLoader<SealedPiece, Disclosure, string>(
    (pieces) => this.read((manager) => this.personalData.open(manager, [...pieces])),
    { cacheKeyFn: (piece) => piece.context },
  );

  /** Whether a piece may be read, without reading it: for the list of redactions. */
  readonly decisions = new DataLoader<RecordAddress, AccessDecision, string>(
    (addresses) => this.read((manager) => this.personalData.decide(manager, [...addresses])),
    { cacheKeyFn: addressKey },
  );

  private byId<T extends { id: string }>(entity: new () => T) {
    return new DataLoader<string, T | null>((ids) =>
      this.read(async (manager) => {
        const rows = await manager.getRepository(entity).findBy({ id: In([...ids]) } as never);
        return ids.map((id) => rows.find((row) => row.id === id) ?? null);
      }),
    );
  }

  private readonly domainLoaders = new Map<new (read: ReadAsActor) => unknown, unknown>();

  /** A domain module's own loaders (a class built on `read`), made on first use and kept for this request only. */
  of<T>(type: new (read: ReadAsActor) => T): T {
    let loaders = this.domainLoaders.get(type) as T | undefined;
    if (!loaders) {
      loaders = new type((work) => this.read(work));
      this.domainLoaders.set(type, loaders);
    }
    return loaders;
  }

  private read<T>(work: (manager: EntityManager, actor: Actor) => Promise<T>): Promise<T> {
    const actor = this.request.actor;
    if (!actor) throw new UnauthenticatedError();
    return this.services.tenants.run(actor, (manager) => work(manager, actor));
  }
}

/**
 * The arguments of a field that takes none. A field resolver written with the
 * plain GraphQL signature (parent, args, context) and no parameter decorators
 * is bound as it is by @nestjs/graphql, without the per-call context, pipe and
 * interceptor machinery: a page of fifty referrals calls such resolvers
 * hundreds of times. Field resolvers take no guards, filters or interceptors
 * here either way (no fieldResolverEnhancers), so nothing else changes.
 */
export type NoArgs = Record<string, never>;

export interface GraphQLContext {
  req: AuthenticatedRequest;
  loaders: RequestLoaders;
}
