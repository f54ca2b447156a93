import { PartnerProfile } from '../partner-profile.js';

export const profile: PartnerProfile = {
  country: 'NG',
  countryName: 'Nigeria',
  consentLanguages: ['en', 'yo', 'ig', 'ha'],
  followUpScheduleMonths: [1, 3, 6, 12],
  returnProgramme: {
    name: 'Reception and rehabilitation of returned victims',
    operator: 'National Agency for the Prohibition of Trafficking in Persons (NAPTIP)',
    description: 'Reception at arrival, NAPTIP shelters, counselling, vocational training and family reunification.',
  },
  referralFields: [],
  textSearchConfiguration: 'english',
};
