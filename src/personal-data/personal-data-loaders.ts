import DataLoader from 'dataloader';
import type { RequestScope } from '../graphql/request-loaders.js';
import { AccessDecision } from './access-decision.js';
import { recordContext } from './personal-data-kind.js';
import { Disclosure, PersonalDataSession, PersonalDataVault, SealedPiece } from './personal-data-vault.js';
import { RecordAddress } from './personal-records.js';

const addressKey = (address: RecordAddress) => recordContext(address.subjectId, address.referralId, address.kind);

/** A request's reads of people's data, all through the vault's session: each piece decided once, each read logged once. */
export class PersonalDataLoaders {
  constructor(private readonly scope: RequestScope) {}

  private current?: PersonalDataSession;

  /** The request's session of the vault. */
  get session(): PersonalDataSession {
    this.current ??= this.scope.service(PersonalDataVault).session(this.scope.actor);
    return this.current;
  }

  /** Decrypted records of a person (or why not), each read logged. */
  readonly disclosures = new DataLoader<RecordAddress, Disclosure, string>(
    (addresses) => this.scope.read((manager) => this.session.disclose(manager, [...addresses])),
    { cacheKeyFn: addressKey },
  );

  /** Sealed values kept beside their rows (reasons, notes), opened as the session allows. */
  readonly sealed = new DataLoader<SealedPiece, Disclosure, string>(
    (pieces) => this.scope.read((manager) => this.session.open(manager, [...pieces])),
    { cacheKeyFn: (piece) => piece.context },
  );

  /** Whether a piece may be read, without reading it: for the list of redactions. */
  readonly decisions = new DataLoader<RecordAddress, AccessDecision, string>(
    (addresses) => this.scope.read((manager) => this.session.decide(manager, [...addresses])),
    { cacheKeyFn: addressKey },
  );
}
