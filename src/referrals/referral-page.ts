import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConnectionOf, decodeCursor, toConnection } from '../common/connection.js';
import { CURSOR_TIME_FORMAT } from '../common/cursor-time.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { entityRows } from '../database/entity-rows.js';
import { preparedQuery } from '../database/prepared-query.js';
import { FollowUpEntity } from '../follow-ups/follow-up.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { ReferralsArgs, ReferralBox } from './dto/referrals.args.js';
import { OPEN_STATUSES, ReferralStatus } from './referral-lifecycle.js';
import { ReferralEntity } from './referral.entity.js';

/** A listed referral with the neighbours its page query read along. */
export type ListedReferral = ReferralEntity & { latestFollowUp?: FollowUpEntity | null };

/** The status as the parties see it: an open referral whose consent lapsed reads as CONSENT_WITHDRAWN. */
const SEEN_STATUS = `CASE WHEN r.status = ANY ($LAPSABLE) AND (c.withdrawn_at <= $NOW OR c.expires_at <= $NOW) THEN 'CONSENT_WITHDRAWN' ELSE r.status END`;
const LAPSABLE = OPEN_STATUSES.filter((status) => status !== ReferralStatus.DRAFT);

/**
 * An inbox or outbox page in one hand-written statement: the page's ids are
 * picked in index order first (a scan that stops at the limit), and only those
 * rows are joined to what a list shows: both organisations, the consent and
 * the latest follow-up due. The neighbours prime the request's loaders (see
 * RequestLoaders.primeListed), so a page costs the same few statements
 * whatever its size and whatever the size of the box. Hand-written because it
 * is the hottest read of the service: the query builder and its join
 * hydration cost more than the query itself.
 */
@Injectable()
export class ReferralPages {
  private readonly referral;
  private readonly sender;
  private readonly receiver;
  private readonly consent;
  private readonly followUp;
  private readonly subject;
  private readonly neighbours;

  constructor(dataSource: DataSource) {
    this.referral = entityRows(dataSource, ReferralEntity, 'r');
    this.sender = entityRows(dataSource, OrganisationEntity, 'listed_sender');
    this.receiver = entityRows(dataSource, OrganisationEntity, 'listed_receiver');
    this.consent = entityRows(dataSource, ConsentEntity, 'listed_consent');
    this.followUp = entityRows(dataSource, FollowUpEntity, 'listed_follow_up');
    this.subject = entityRows(dataSource, SubjectEntity, 'listed_subject');
    this.neighbours = this.neighbourReads();
  }

  async read(manager: EntityManager, actor: Actor, args: ReferralsArgs, at: { now: Date; today: string }) {
    const inbox = args.box === ReferralBox.INBOX;
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [
      inbox
        ? `r.receiver_organisation_id = ${param(actor.organisationId)} AND r.submitted_at IS NOT NULL`
        : `r.sender_organisation_id = ${param(actor.organisationId)}`,
    ];
    if (args.country) where.push(`r.${inbox ? 'sender_country' : 'receiver_country'} = ${param(args.country)}`);
    if (args.updatedSince) where.push(`r.updated_at >= ${param(args.updatedSince)}`);
    let consentJoin = '';
    if (args.status) {
      consentJoin = 'LEFT JOIN consents c ON c.id = r.consent_id';
      const now = param(at.now);
      where.push(`(${SEEN_STATUS.replace('$LAPSABLE', param(LAPSABLE)).replaceAll('$NOW', now)}) = ${param(args.status)}`);
    }
    if (args.after) {
      const [cursorAt, cursorId] = decodeCursor(args.after, ['time', 'uuid']);
      where.push(`(r.updated_at, r.id) < ((${param(cursorAt)})::timestamp AT TIME ZONE 'UTC', ${param(cursorId)})`);
    }
    const limit = param(args.first + 1);
    const rows = await preparedQuery(
      manager,
      `SELECT ${this.neighbours.select}, to_char(r.updated_at AT TIME ZONE 'UTC', '${CURSOR_TIME_FORMAT}') AS cursor_at
       FROM referrals r ${this.neighbours.joins(param(at.today))}
       WHERE r.id IN (
         SELECT r.id FROM referrals r ${consentJoin} WHERE ${where.join(' AND ')}
         ORDER BY r.updated_at DESC, r.id DESC LIMIT ${limit})
       ORDER BY r.updated_at DESC, r.id DESC
       LIMIT ${limit}`,
      params,
    );
    const positions = new Map<ListedReferral, string>();
    const referrals = rows.map((row) => {
      const referral = this.neighbours.read(row);
      positions.set(referral, row.cursor_at as string);
      return referral;
    });
    return toConnection(referrals, args.first, (referral) => [positions.get(referral)!, referral.id]) as ConnectionOf<ListedReferral>;
  }

  /**
   * One referral with the same neighbours and its person's record, for the
   * detail view: the loaders primed with them resolve the subject's fields in
   * the same wave as the referral's own, so the person's data is decided and
   * read in one batch. Null when row-level security hides it.
   */
  async one(manager: EntityManager, id: string, at: { today: string }): Promise<ListedReferral | null> {
    const [row] = await preparedQuery(
      manager,
      `SELECT ${this.neighbours.select}, ${this.subject.select}
       FROM referrals r ${this.neighbours.joins('$2')}
       LEFT JOIN subjects listed_subject ON listed_subject.id = r.subject_id
       WHERE r.id = $1`,
      [id, at.today],
    );
    return row ? Object.assign(this.neighbours.read(row), { subject: this.subject.read(row) ?? undefined }) : null;
  }

  /** What a listed referral is read with: both organisations, the consent and the latest follow-up due. */
  private neighbourReads() {
    return {
      select: [this.referral, this.sender, this.receiver, this.consent, this.followUp].map((rows) => rows.select).join(', '),
      joins: (today: string) => `
       LEFT JOIN organisations listed_sender ON listed_sender.id = r.sender_organisation_id
       LEFT JOIN organisations listed_receiver ON listed_receiver.id = r.receiver_organisation_id
       LEFT JOIN consents listed_consent ON listed_consent.id = r.consent_id
       LEFT JOIN LATERAL (
         SELECT * FROM follow_ups f WHERE f.referral_id = r.id AND f.due_on <= ${today}
         ORDER BY f.due_on DESC, f.sequence DESC LIMIT 1) listed_follow_up ON true`,
      read: (row: Record<string, unknown>): ListedReferral =>
        Object.assign(this.referral.read(row)!, {
          sender: this.sender.read(row) ?? undefined,
          receiver: this.receiver.read(row) ?? undefined,
          consent: this.consent.read(row) ?? undefined,
          latestFollowUp: this.followUp.read(row),
        }),
    };
  }
}
