import { PartnerRegistry } from '../partners/partner-registry.js';
import { SEARCH_CONFIGURATIONS, searchConfigurationFor } from './search-language.js';

describe('the text-search configuration of a language', () => {
  it.each([
    ['hu', 'hungarian'],
    ['nl', 'dutch'],
    ['en', 'english'],
    ['ro', 'romanian'],
    ['fr', 'french'],
    ['de', 'german'],
    ['bg', 'simple'],
    ['yo', 'simple'],
    ['HU', 'hungarian'],
  ])('maps %s to %s', (language, configuration) => {
    expect(searchConfigurationFor(language)).toBe(configuration);
  });

  it('lists each configuration once, simple included', () => {
    expect(new Set(SEARCH_CONFIGURATIONS).size).toBe(SEARCH_CONFIGURATIONS.length);
    expect(SEARCH_CONFIGURATIONS).toContain('simple');
  });

  it("agrees with each partner profile's configuration for the national language", async () => {
    const national: Record<string, string> = { NL: 'nl', BE: 'nl', HU: 'hu', BG: 'bg', RO: 'ro', NG: 'en' };
    for (const profile of (await PartnerRegistry.load()).all()) {
      const language = national[profile.country];
      if (language)
        expect({ country: profile.country, configuration: searchConfigurationFor(language) }).toEqual({
          country: profile.country,
          configuration: profile.textSearchConfiguration,
        });
    }
  });
});
