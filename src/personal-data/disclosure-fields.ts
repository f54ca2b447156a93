import { RedactionReason } from './consent-terms.js';
import type { RequestLoaders } from '../graphql/request-loaders.js';
import type { SealedPiece } from './personal-data-vault.js';
import { PersonalDataKind } from './personal-data-kind.js';
import { RecordAddress } from './personal-records.js';
import { PersonalDataLoaders } from './personal-data-loaders.js';

/** The field's value when it may be disclosed, else null (its reason is among the redactions). */
export async function disclosed<T>(loaders: RequestLoaders, address: RecordAddress): Promise<T | null> {
  const disclosure = await loaders.of(PersonalDataLoaders).disclosures.load(address);
  return disclosure.disclosed ? (disclosure.value as T | null) : null;
}

const FIELD_OF: Record<PersonalDataKind, string> = {
  IDENTITY: 'identity',
  CONTACT: 'contact',
  HEALTH: 'health',
  NEEDS: 'needs',
  CASE_HISTORY: 'caseHistory',
  RETURN_PLAN: 'returnPlan',
  RISK_ASSESSMENT: 'riskAssessment',
  MESSAGES: 'messages',
  FOLLOW_UP_REPORT: 'report',
  NOTES: 'notes',
};

export async function redactionsOf(loaders: RequestLoaders, addresses: RecordAddress[]) {
  const decisions = await loaders.of(PersonalDataLoaders).decisions.loadMany(addresses);
  return addresses.flatMap((address, i) => {
    const decision = decisions[i];
    if (decision instanceof Error) throw decision;
    return decision.allowed ? [] : [{ field: FIELD_OF[address.kind], reason: decision.reason }];
  });
}

/** A sealed note as the reader may see it: null when none was written (nothing to decide) or when withheld. */
export async function noteOf(loaders: RequestLoaders, piece: SealedPiece): Promise<string | null> {
  if (piece.ciphertext === null) return null;
  const disclosure = await loaders.of(PersonalDataLoaders).sealed.load(piece);
  return disclosure.disclosed ? (disclosure.value as string | null) : null;
}

/** Why a written note is withheld from the reader, or null. */
export async function noteRedactionOf(loaders: RequestLoaders, piece: SealedPiece): Promise<RedactionReason | null> {
  if (piece.ciphertext === null) return null;
  const disclosure = await loaders.of(PersonalDataLoaders).sealed.load(piece);
  return disclosure.disclosed ? null : disclosure.reason;
}
