/**
 * Whom a database transaction acts for. Row-level security reads these values
 * from the transaction's settings (app.organisation_id, app.member_id).
 */
export interface TenantContext {
  organisationId: string;
  memberId: string | null;
}
