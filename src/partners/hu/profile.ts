import { PartnerProfile } from '../partner-profile.js';

export const profile: PartnerProfile = {
  country: 'HU',
  countryName: 'Hungary',
  consentLanguages: ['hu', 'en'],
  followUpScheduleMonths: [1, 3, 6, 12],
  returnProgramme: {
    name: 'Victim support and reintegration in Hungary',
    operator: 'Ministry of Interior (national coordinator) with the Victim Support Service and NGO shelters',
    description: 'Reception at arrival, shelter, psychosocial and legal support, reached through the national crisis line (OKIT).',
  },
  referralFields: [],
  textSearchConfiguration: 'hungarian',
};
