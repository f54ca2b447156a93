import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { ConnectionOf, PageWindow, toConnection } from '../common/connection.js';
import { CURSOR_TIME_FORMAT } from '../common/cursor-time.js';
import { CONSENT_TERMS } from '../personal-data/consent-terms.js';
import { ConsentEntity } from '../consents/consent.entity.js';
import { EntityRows, entityRows } from '../database/entity-rows.js';
import type { Shape } from '../graphql/selection.js';
import { preparedQuery } from '../database/prepared-query.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { ReferralsArgs, ReferralBox } from './dto/referrals.args.js';
import { OPEN_STATUSES, ReferralStatus } from './referral-lifecycle.js';
import { ReferralEntity } from './referral.entity.js';

/** A listed referral, with the neighbours its page query read along (each PageNeighbour on a property of its own). */
export type ListedReferral = ReferralEntity;

/**
 * What a module built on referrals reads along with every referral of a page or a detail, as one more column of the
 * page statement (the latest follow-up due, see LatestFollowUp), so that its field answers without a statement of
 * its own. Added at start.
 */
export interface PageNeighbour {
  /** The column's name in the page statement. */
  readonly name: string;
  /** A scalar subquery answering a JSON array (json_agg) of rows for the referrals in `page`; `today` is a parameter. */
  select(today: string): string;
  /** Hangs the rows read on the referrals they belong to (and null on the others). */
  attach(rows: unknown[][], referrals: ListedReferral[]): void;
  /** The referral's fields its module answers that a narrow page serves (narrowShape), with what may be asked under each. */
  readonly narrowFields: Shape;
}

/**
 * What a narrow page reads of a referral and of its organisations: the columns of a list's usual fields (the narrow
 * shape below) and the keys of its neighbours. A page whose query asks for nothing else reads these instead of every
 * column, which were turned into JSON, sent, parsed and hydrated for nobody: for an inbox page of 50, 13% off the
 * database's CPU and 4% off the service's (`npm run bench:cpu`, docs/performance.md).
 */
const NARROW_REFERRAL = [
  'id',
  'reference',
  'senderOrganisationId',
  'receiverOrganisationId',
  'consentId',
  'status',
  'version',
  'senderCountry',
  'receiverCountry',
  'updatedAt',
  'submittedAt',
] as const;
const NARROW_ORGANISATION = ['id', 'name', 'country'] as const;
const ORGANISATION_SHAPE: Shape = { id: true, name: true, country: true };
/** A referral's fields answered from the narrow columns alone; `consent` from the consent's terms, always read. */
const REFERRAL_SHAPE: Shape = {
  id: true,
  reference: true,
  status: true,
  version: true,
  senderCountry: true,
  receiverCountry: true,
  updatedAt: true,
  submittedAt: true,
  sender: ORGANISATION_SHAPE,
  receiver: ORGANISATION_SHAPE,
  consent: true,
};

/** The columns one shape of page reads: every one (a detail, a page asking more) or the narrow ones. */
interface PageRows {
  referral: EntityRows<ListedReferral>;
  organisation: EntityRows<OrganisationEntity>;
}

/** The status as the parties see it: an open referral whose consent lapsed reads as CONSENT_WITHDRAWN. */
const SEEN_STATUS = `CASE WHEN r.status = ANY ($LAPSABLE) AND (c.withdrawn_at <= $NOW OR c.expires_at <= $NOW) THEN 'CONSENT_WITHDRAWN' ELSE r.status END`;
const LAPSABLE = OPEN_STATUSES.filter((status) => status !== ReferralStatus.DRAFT);

/** The rows of an aggregate by id (every array read here starts with the row's id). */
const byId = <T>(arrays: unknown[][] | null | undefined, rows: EntityRows<T>) =>
  new Map((arrays ?? []).map((array) => [array[0] as string, rows.read(array)!]));

/** What a page statement answers: one row of JSON arrays, each row it shows read once. */
interface PageDocument {
  referrals: unknown[][] | null;
  organisations: unknown[][] | null;
  consents: unknown[][] | null;
  subjects?: unknown[][] | null;
  [neighbour: string]: unknown[][] | null | undefined;
}

/**
 * An inbox or outbox page in one hand-written statement: the page's referrals
 * are picked in index order (a scan that stops at the limit), then read with
 * what a list shows, each row once: the organisations they name (in an inbox
 * every referral names the reader's own), their consents and what other
 * modules add (PageNeighbour: the latest follow-up due of each). The statement answers one row of JSON arrays, which
 * the driver parses natively. The neighbours prime the request's loaders (see
 * RequestLoaders.primeListed), so a page costs the same few statements
 * whatever its size and whatever the size of the box. Hand-written because it
 * is the hottest read of the service: the query builder and its join
 * hydration cost more than the query itself.
 */
@Injectable()
export class ReferralPages {
  private readonly full: PageRows;
  /** Partial entities: only the narrow shape's fields are asked of them (narrowShape), and no loader is primed with them. */
  private readonly narrow: PageRows;
  private readonly consent;
  private readonly subject;
  private readonly neighbours: PageNeighbour[] = [];
  private shape?: Shape;

  constructor(
    dataSource: DataSource,
    private readonly tenants: TenantDatabase,
  ) {
    this.full = { referral: entityRows(dataSource, ReferralEntity, 'r'), organisation: entityRows(dataSource, OrganisationEntity, 'o') };
    this.narrow = {
      referral: entityRows(dataSource, ReferralEntity, 'r', [...NARROW_REFERRAL]) as EntityRows<ListedReferral>,
      organisation: entityRows(dataSource, OrganisationEntity, 'o', [...NARROW_ORGANISATION]) as EntityRows<OrganisationEntity>,
    };
    // What the listed fields ask of a consent: its terms (status, the consent summary, whether follow-ups stop).
    this.consent = entityRows(dataSource, ConsentEntity, 'c', ['id', ...CONSENT_TERMS]);
    this.subject = entityRows(dataSource, SubjectEntity, 's');
  }

  /** Reads `neighbour` along from now on. */
  add(neighbour: PageNeighbour): void {
    this.neighbours.push(neighbour);
    this.shape = undefined;
  }

  /** What a connection's selection may ask for to be served by a narrow page (`read` with `narrow`). */
  narrowShape(): Shape {
    // Made at the first request, once every module has added its neighbours.
    return (this.shape ??= {
      edges: {
        cursor: true,
        node: Object.assign({}, REFERRAL_SHAPE, ...this.neighbours.map((neighbour) => neighbour.narrowFields)) as Shape,
      },
      pageInfo: true,
    });
  }

  /**
   * A page of the actor's box, in one round trip of its own (TenantDatabase.read). `narrow` reads only the narrow
   * columns: for a selection that fits narrowShape().
   */
  async read(actor: Actor, args: ReferralsArgs, at: { now: Date; today: string }, narrow = false) {
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
    const window = PageWindow.of(args);
    const position = window.position(['time', 'uuid']);
    if (position) {
      const [cursorAt, cursorId] = position;
      where.push(`(r.updated_at, r.id) ${window.beyond('DESC')} ((${param(cursorAt)})::timestamp AT TIME ZONE 'UTC', ${param(cursorId)})`);
    }
    const order = window.order('DESC');
    const picked = `SELECT r.* FROM referrals r ${consentJoin} WHERE ${where.join(' AND ')}
       ORDER BY r.updated_at ${order}, r.id ${order} LIMIT ${param(window.limit)}`;
    // A filter's value (a rare country, say) can change the best plan; the box and the cursor cannot.
    const plannedOnce = !args.country && !args.updatedSince && !args.status;
    const rows = narrow ? this.narrow : this.full;
    const document = await this.document(
      (text) => this.tenants.read<PageDocument>(actor, text, params, { plannedOnce }),
      rows,
      picked,
      param(at.today),
      false,
      order,
    );
    const positions = new Map<ListedReferral, string>();
    const referrals = this.listed(document, rows, (referral, array) => positions.set(referral, array.at(-1) as string));
    return toConnection(referrals, window, (referral) => [positions.get(referral)!, referral.id]) as ConnectionOf<ListedReferral>;
  }

  /**
   * One referral with the same neighbours and its person's record, for the
   * detail view: the loaders primed with them resolve the subject's fields in
   * the same wave as the referral's own, so the person's data is decided and
   * read in one batch. Null when row-level security hides it.
   */
  async one(manager: EntityManager, id: string, at: { today: string }): Promise<ListedReferral | null> {
    const params = [id, at.today];
    const document = await this.document(
      (text) => preparedQuery<PageDocument>(manager, text, params),
      this.full,
      'SELECT r.* FROM referrals r WHERE r.id = $1',
      '$2',
      true,
    );
    const subjects = byId(document.subjects, this.subject);
    const [referral] = this.listed(document, this.full, (listed) => (listed.subject = subjects.get(listed.subjectId) ?? null));
    return referral ?? null;
  }

  /** The page statement: the picked referrals, in their order with their cursor position, and each neighbour once. */
  private async document(
    run: (text: string) => Promise<PageDocument[]>,
    rows: PageRows,
    picked: string,
    today: string,
    withSubjects = false,
    order: 'ASC' | 'DESC' = 'DESC',
  ) {
    const subjects = withSubjects
      ? `, (SELECT json_agg(${this.subject.array}) FROM subjects s WHERE s.id IN (SELECT subject_id FROM page)) AS subjects`
      : '';
    const [document] = await run(
      `WITH page AS MATERIALIZED (${picked})
       SELECT
         (SELECT json_agg(json_build_array(${rows.referral.values}, to_char(r.updated_at AT TIME ZONE 'UTC', '${CURSOR_TIME_FORMAT}'))
                          ORDER BY r.updated_at ${order}, r.id ${order}) FROM page r) AS referrals,
         (SELECT json_agg(${rows.organisation.array}) FROM organisations o
            WHERE o.id IN (SELECT sender_organisation_id FROM page UNION SELECT receiver_organisation_id FROM page)) AS organisations,
         (SELECT json_agg(${this.consent.array}) FROM consents c WHERE c.id IN (SELECT consent_id FROM page)) AS consents
         ${this.neighbours.map((neighbour) => `, (${neighbour.select(today)}) AS ${neighbour.name}`).join('')}
         ${subjects}`,
    );
    return document;
  }

  /** The document's referrals with their neighbours: null where a neighbour is not there or not visible to the reader. */
  private listed(document: PageDocument, rows: PageRows, each: (referral: ListedReferral, array: unknown[]) => void): ListedReferral[] {
    const organisations = byId(document.organisations, rows.organisation);
    const consents = byId(document.consents, this.consent);
    const referrals = (document.referrals ?? []).map((array) => {
      const referral: ListedReferral = rows.referral.read(array)!;
      referral.sender = organisations.get(referral.senderOrganisationId) ?? null;
      referral.receiver = organisations.get(referral.receiverOrganisationId) ?? null;
      referral.consent = consents.get(referral.consentId) ?? null;
      each(referral, array);
      return referral;
    });
    for (const neighbour of this.neighbours) neighbour.attach(document[neighbour.name] ?? [], referrals);
    return referrals;
  }
}
