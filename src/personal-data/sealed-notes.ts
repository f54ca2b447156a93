import { PersonalDataKind } from './personal-data-kind.js';
import type { SealedPiece } from './personal-data-vault.js';

/**
 * The free text written about a person's case that is kept beside its row,
 * sealed under the person's key (see PersonalDataVault), and the context each
 * is sealed under: a ciphertext moved to another row or column will not open.
 */
export const SEALED_NOTE = {
  statusReason: (referralId: string) => `referral:${referralId}:status_reason`,
  eventReason: (eventId: string) => `referral-event:${eventId}:reason`,
  withdrawalReason: (consentId: string) => `consent:${consentId}:withdrawal_reason`,
  formReference: (consentId: string) => `consent:${consentId}:form_reference`,
  closureReason: (followUpId: string) => `follow-up:${followUpId}:closure_reason`,
} as const;

/** A note about the case of a person (read through a referral, or by the owner alone when referralId is null). */
export function notePiece(subjectId: string, referralId: string | null, context: string, ciphertext: Buffer | null): SealedPiece {
  return { subjectId, referralId, kind: PersonalDataKind.NOTES, context, ciphertext };
}
