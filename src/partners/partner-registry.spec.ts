import { fileURLToPath } from 'node:url';
import { PartnerRegistry } from './partner-registry.js';

const fixtures = (name: string) => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

describe('PartnerRegistry', () => {
  it('finds one profile per country folder', async () => {
    const registry = await PartnerRegistry.load();
    expect(registry.all().map((profile) => profile.country)).toEqual(expect.arrayContaining(['BE', 'BG', 'HU', 'NG', 'NL', 'RO']));
    expect(registry.get('nl')?.countryName).toBe('Netherlands');
  });

  it('adds a country from nothing but a folder', async () => {
    const registry = await PartnerRegistry.load(fixtures('partners'));
    expect(registry.all().map((profile) => profile.country)).toEqual(['ZZ']);
    expect(registry.get('ZZ')?.followUpScheduleMonths).toEqual([2, 4]);
  });

  it('refuses a profile whose country does not match its folder', async () => {
    await expect(PartnerRegistry.load(fixtures('partners-mismatched'))).rejects.toThrow(/country is XY/);
  });
});
