import { PartnerProfile } from '../partner-profile.js';

export const profile: PartnerProfile = {
  country: 'BG',
  countryName: 'Bulgaria',
  consentLanguages: ['bg', 'en'],
  followUpScheduleMonths: [1, 3, 6, 12],
  returnProgramme: {
    name: 'National Mechanism for Referral and Support of Trafficked Persons',
    operator: 'National Commission for Combating Trafficking in Human Beings',
    description: 'Reception, crisis accommodation and reintegration through the commission’s centres and partner NGOs.',
  },
  referralFields: [],
  // PostgreSQL has no Bulgarian stemmer.
  textSearchConfiguration: 'simple',
};
