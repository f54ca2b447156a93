import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { MasterKey } from '../../crypto/master-key.js';

// Crockford's base32, as the service's own pseudonyms: no I, L, O or U.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Keyed pseudonyms for exports: an HMAC over the exporting organisation and the id, with a key derived from the
 * master key. The same person gets the same pseudonym in every export of one organisation (so a recipient can follow
 * a case over time), a different one in another organisation's export (so two exports cannot be joined on it), and
 * nobody without the master key can recompute it from an id. 80 bits: collisions are out of reach for any network.
 */
@Injectable()
export class ExportPseudonyms {
  private readonly key: Buffer;

  constructor(masterKey: MasterKey) {
    this.key = masterKey.derivedKey('export-pseudonym');
  }

  person(organisationId: string, subjectId: string): string {
    return `P-${this.digest(`person:${organisationId}:${subjectId}`)}`;
  }

  case(organisationId: string, referralId: string): string {
    return `C-${this.digest(`case:${organisationId}:${referralId}`)}`;
  }

  private digest(message: string): string {
    const bytes = createHmac('sha256', this.key).update(message).digest();
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of bytes.subarray(0, 10)) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        out += ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    return out;
  }
}
