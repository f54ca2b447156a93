import { PartnerProfile } from '../partner-profile.js';

export const profile: PartnerProfile = {
  country: 'RO',
  countryName: 'Romania',
  consentLanguages: ['ro', 'en', 'hu'],
  followUpScheduleMonths: [1, 3, 6, 12],
  returnProgramme: {
    name: 'National Identification and Referral Mechanism',
    operator: 'National Agency against Trafficking in Persons (ANITP)',
    description: 'Repatriation, reception at the border, assistance and reintegration through ANITP regional centres and NGOs.',
  },
  referralFields: [],
  textSearchConfiguration: 'romanian',
};
