import { PartnerProfile, ReferralFieldType } from '../partner-profile.js';

export const profile: PartnerProfile = {
  country: 'BE',
  countryName: 'Belgium',
  consentLanguages: ['nl', 'fr', 'de', 'en', 'ro', 'bg', 'hu'],
  followUpScheduleMonths: [1, 3, 6, 12],
  reflectionPeriodDays: 45,
  returnProgramme: {
    name: 'Voluntary return and reintegration programme',
    operator: 'Fedasil, with IOM and Caritas International',
    description: 'Assisted voluntary return with reintegration support in the country of origin.',
  },
  referralFields: [
    {
      key: 'victimStatusProcedure',
      label: 'In the Belgian victim-status procedure',
      type: ReferralFieldType.BOOLEAN,
      required: true,
      options: [],
    },
    {
      key: 'specialisedCentre',
      label: 'Specialised reception centre that supported the person',
      type: ReferralFieldType.CHOICE,
      required: true,
      options: ['PAG_ASA', 'PAYOKE', 'SURYA', 'NONE'],
    },
  ],
  textSearchConfiguration: 'dutch',
};
