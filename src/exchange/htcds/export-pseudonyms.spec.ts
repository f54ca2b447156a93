import { randomBytes, randomUUID } from 'node:crypto';
import { MasterKey } from '../../crypto/master-key.js';
import { ExportPseudonyms } from './export-pseudonyms.js';

describe('export pseudonyms', () => {
  const masterKey = randomBytes(32);
  const pseudonyms = new ExportPseudonyms(MasterKey.fromBytes(masterKey));
  const [organisation, otherOrganisation, person] = [randomUUID(), randomUUID(), randomUUID()];

  it('are stable for one person and organisation, and differ between organisations and between persons and cases', () => {
    const mine = pseudonyms.person(organisation, person);
    expect(mine).toMatch(/^P-[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(new ExportPseudonyms(MasterKey.fromBytes(masterKey)).person(organisation, person)).toBe(mine);
    expect(pseudonyms.person(otherOrganisation, person)).not.toBe(mine);
    expect(pseudonyms.person(organisation, randomUUID())).not.toBe(mine);
    expect(pseudonyms.case(organisation, person)).toMatch(/^C-[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(pseudonyms.case(organisation, person).slice(2)).not.toBe(mine.slice(2));
  });

  it('cannot be recomputed without the master key, and say nothing of the id', () => {
    const other = new ExportPseudonyms(MasterKey.fromBytes(randomBytes(32)));
    expect(other.person(organisation, person)).not.toBe(pseudonyms.person(organisation, person));
    expect(pseudonyms.person(organisation, person)).not.toContain(person.slice(0, 8).toUpperCase());
  });
});
