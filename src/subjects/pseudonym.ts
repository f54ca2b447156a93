import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a pseudonym read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random everyday name for a person, e.g. RV-7KQ4-M2XD: never derived from who they are. */
export function newPseudonym(): string {
  const chars = [...randomBytes(8)].map((byte) => ALPHABET[byte % 32]);
  return `RV-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}
