import type { RequestLoaders } from '../graphql/request-loaders.js';
import { PersonalDataKind } from './personal-data-kind.js';
import { RecordAddress } from './personal-records.js';

/** The field's value when it may be disclosed, else null (its reason is among the redactions). */
export async function disclosed<T>(loaders: RequestLoaders, address: RecordAddress): Promise<T | null> {
  const disclosure = await loaders.disclosures.load(address);
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
};

export async function redactionsOf(loaders: RequestLoaders, addresses: RecordAddress[]) {
  const decisions = await loaders.decisions.loadMany(addresses);
  return addresses.flatMap((address, i) => {
    const decision = decisions[i];
    if (decision instanceof Error) throw decision;
    return decision.allowed ? [] : [{ field: FIELD_OF[address.kind], reason: decision.reason }];
  });
}
