import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { AuditService } from '../../audit/audit.service.js';
import { Clock } from '../../common/clock.js';
import { ExploitationType } from '../../common/exploitation-type.js';
import { TenantDatabase } from '../../database/tenant-database.js';
import { PersonalDataKind } from '../../personal-data/personal-data-kind.js';
import { Disclosure, PersonalDataVault } from '../../personal-data/personal-data-vault.js';
import { RecordAddress } from '../../personal-data/personal-records.js';
import { ReferralStatus } from '../../referrals/referral-lifecycle.js';
import { Gender } from '../../subjects/subject.entity.js';
import { PageRequest } from '../page-request.js';
import { ExportPseudonyms } from './export-pseudonyms.js';
import { HtcdsCase, htcdsDate, htcdsExploitation, htcdsGender, htcdsStatus } from './htcds-case.js';

/** What the export reads of a referral besides the person's sealed data: facts both parties see in the API. */
interface CaseRow {
  id: string;
  reference: string;
  status: ReferralStatus;
  subject_id: string;
  sender_organisation_id: string;
  sender_name: string;
  receiver_name: string;
  sender_country: string;
  receiver_country: string;
  submitted_at: Date | null;
  accepted_at: Date | null;
  nationality: string | null;
  consent_active: boolean;
  /** How many cases the export holds in all (each row carries it: the page and its count in one statement). */
  total_cases: number;
}

/** The cases an organisation exports ($1): every referral it sent, and every referral sent to it once submitted. */
const EXPORTED_CASES = 'r.sender_organisation_id = $1 OR (r.receiver_organisation_id = $1 AND r.submitted_at IS NOT NULL)';

/** One page of the export: its cases and how many there are in all. */
export interface CasePage {
  cases: HtcdsCase[];
  totalCases: number;
}

/** The sealed identity, as far as the export uses it. */
interface Identity {
  givenNames: string;
  familyName: string;
  dateOfBirth?: string;
  gender: Gender;
  languages?: string[];
}

/**
 * The exporting organisation's cases in HTCDS field names: every referral it sent, and every referral sent to it.
 * Tenant isolation is PostgreSQL's (the statement runs as the organisation) and the WHERE's besides; the person's data
 * passes through the one door (PersonalDataVault), which decides each piece by consent and logs each read; and the
 * export itself is one audit event, which names the organisation and no person.
 */
@Injectable()
export class HtcdsExportService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly vault: PersonalDataVault,
    private readonly audit: AuditService,
    private readonly pseudonyms: ExportPseudonyms,
    private readonly clock: Clock,
  ) {}

  export(actor: Actor, format: 'json' | 'csv', { page, perPage }: PageRequest): Promise<CasePage> {
    return this.tenants.run(actor, async (manager) => {
      const session = this.vault.session(actor);
      const rows: CaseRow[] = await manager.query(
        `SELECT r.id, r.reference, r.status, r.subject_id, r.sender_organisation_id,
                so.name AS sender_name, ro.name AS receiver_name, r.sender_country, r.receiver_country, r.submitted_at,
                (SELECT min(e.occurred_at) FROM referral_events e WHERE e.referral_id = r.id AND e.to_status = 'ACCEPTED') AS accepted_at,
                s.nationality,
                coalesce(c.withdrawn_at IS NULL AND c.given_at <= $2 AND (c.expires_at IS NULL OR c.expires_at > $2), false) AS consent_active,
                count(*) OVER ()::int AS total_cases
         FROM referrals r
         JOIN organisations so ON so.id = r.sender_organisation_id
         JOIN organisations ro ON ro.id = r.receiver_organisation_id
         LEFT JOIN subjects s ON s.id = r.subject_id
         LEFT JOIN consents c ON c.id = r.consent_id
         WHERE ${EXPORTED_CASES}
         ORDER BY r.created_at, r.id
         LIMIT $3 OFFSET $4`,
        [actor.organisationId, session.at, perPage, (page - 1) * perPage],
      );
      const address = (row: CaseRow, kind: PersonalDataKind): RecordAddress => ({ subjectId: row.subject_id, referralId: row.id, kind });
      const identities = await session.disclose<Identity>(
        manager,
        rows.map((row) => address(row, PersonalDataKind.IDENTITY)),
      );
      const histories = await session.disclose<{ exploitationTypes?: ExploitationType[] }>(
        manager,
        rows.map((row) => address(row, PersonalDataKind.CASE_HISTORY)),
      );
      await this.audit.record(manager, {
        action: `exchange.htcds_export.${format}`,
        entity: 'organisation',
        entityId: actor.organisationId,
      });
      return {
        cases: rows.map((row, i) => this.toCase(actor, row, identities[i], histories[i])),
        totalCases: rows[0]?.total_cases ?? (page === 1 ? 0 : await this.countCases(manager, actor)),
      };
    });
  }

  /** A page past the end has no row to carry the count. */
  private async countCases(manager: EntityManager, actor: Actor): Promise<number> {
    const [{ total }] = await manager.query(
      `SELECT count(*)::int AS total FROM referrals r
       WHERE ${EXPORTED_CASES}`,
      [actor.organisationId],
    );
    return total;
  }

  private toCase(
    actor: Actor,
    row: CaseRow,
    identity: Disclosure<Identity>,
    history: Disclosure<{ exploitationTypes?: ExploitationType[] }>,
  ): HtcdsCase {
    const outgoing = row.sender_organisation_id === actor.organisationId;
    const person = identity.disclosed ? identity.value : null;
    return {
      ext_CaseId: this.pseudonyms.case(actor.organisationId, row.id),
      ext_PersonPseudonym: this.pseudonyms.person(actor.organisationId, row.subject_id),
      ext_CaseReference: person ? row.reference : null,
      ext_Direction: outgoing ? 'OUTGOING' : 'INCOMING',
      ext_ReferralStatus: row.status,
      cas_Status: htcdsStatus(row.status),
      cas_ReferringOrganisation: row.sender_name,
      cas_ReferredOrganisation: row.receiver_name,
      cas_ReasonForOutgoingReferral: 'MigrationOrChangeOfLocation',
      cas_OutgoingReferralDate: htcdsDate(row.submitted_at),
      cas_IncomingReferralDate: htcdsDate(row.accepted_at),
      org_ShippingCountry: row.sender_country,
      ext_ReferredCountry: row.receiver_country,
      con_Consent: row.consent_active,
      ext_PersonalDataWithheld: identity.disclosed ? null : identity.reason,
      prs_FirstName: person?.givenNames ?? null,
      prs_SecondName: person?.familyName ?? null,
      prs_Birthdate: person?.dateOfBirth ?? null,
      prs_Gender: person ? htcdsGender(person.gender) : null,
      prs_Citizenship: person ? row.nationality : null,
      prs_PrimaryLanguage: person?.languages?.[0] ?? null,
      prs_SecondaryLanguage: person?.languages?.[1] ?? null,
      vic_TypeOfExploitation: history.disclosed ? htcdsExploitation(history.value?.exploitationTypes ?? []) : null,
    };
  }
}
