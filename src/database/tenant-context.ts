/**
 * Whom a database transaction acts for. Row-level security reads these values
 * from the transaction's settings (app.organisation_id, app.member_id).
 */
export interface TenantContext {
  organisationId: string;
  memberId: string | null;
}

/** The same organisation and member: what one transaction's settings can serve. */
export function actsAlike(a: TenantContext, b: TenantContext): boolean {
  return a.organisationId === b.organisationId && a.memberId === b.memberId;
}
