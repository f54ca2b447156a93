import { containsCaseReference } from './no-case-reference.js';

describe('case references in network-wide texts', () => {
  it.each([
    'Referral NL-2026-000123 went well',
    'NL-2026-000123',
    '(HU-2025-000001)',
    'see bg-2026-123456 for details',
    'en dash: RO\u20132026\u2013000777',
  ])('finds one in %p', (text) => {
    expect(containsCaseReference(text)).toBe(true);
  });

  it.each([
    'The 2014 expert meeting in the Netherlands',
    'Call +31 33 448 11 86',
    'NL-2026-00012 is too short',
    'NL-2026-0001234 is too long',
    'XNL-2026-000123 is part of a longer code',
    'ISBN 978-90-000000-0',
    'NL-26-000123',
  ])('finds none in %p', (text) => {
    expect(containsCaseReference(text)).toBe(false);
  });
});
