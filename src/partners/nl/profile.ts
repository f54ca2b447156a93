import { PartnerProfile, ReferralFieldType } from '../partner-profile.js';

const MAX_REFLECTION_DAYS = 92; // three calendar months, at their longest

export const profile: PartnerProfile = {
  country: 'NL',
  countryName: 'Netherlands',
  consentLanguages: ['nl', 'en', 'fr', 'de', 'hu', 'bg', 'ro', 'pl', 'es', 'pt'],
  followUpScheduleMonths: [1, 3, 6, 12],
  reflectionPeriodDays: 90,
  returnProgramme: {
    name: 'Return and Emigration Assistance from the Netherlands (REAN)',
    operator: 'IOM Netherlands',
    description:
      'Assisted voluntary return with travel documents, the journey and reception on arrival; reintegration support for victims of trafficking through the partner network.',
  },
  referralFields: [
    {
      key: 'reflectionPeriodStart',
      label: 'Start of the reflection period',
      type: ReferralFieldType.DATE,
      required: true,
      options: [],
      description:
        'The three-month reflection period (B8/3 Aliens Decree) in which a presumed victim decides whether to report to the police.',
    },
    { key: 'reflectionPeriodEnd', label: 'End of the reflection period', type: ReferralFieldType.DATE, required: true, options: [] },
    {
      key: 'cooperatedWithPolice',
      label: 'Cooperated with the police (made a report or gave a statement)',
      type: ReferralFieldType.BOOLEAN,
      required: true,
      options: [],
    },
    {
      key: 'residenceStatus',
      label: 'Residence status',
      type: ReferralFieldType.CHOICE,
      required: true,
      options: ['REFLECTION_PERIOD', 'TEMPORARY_PERMIT_B8_3', 'EU_CITIZEN', 'ASYLUM_PROCEDURE', 'NO_RESIDENCE_RIGHT', 'OTHER'],
    },
  ],
  textSearchConfiguration: 'dutch',
  crossFieldRules: [
    (values) => {
      const start = Date.parse(String(values.reflectionPeriodStart));
      const end = Date.parse(String(values.reflectionPeriodEnd));
      if (end < start) return { key: 'reflectionPeriodEnd', message: 'reflectionPeriodEnd must not be before reflectionPeriodStart' };
      if ((end - start) / 86_400_000 > MAX_REFLECTION_DAYS)
        return { key: 'reflectionPeriodEnd', message: 'the reflection period lasts at most three months' };
      return null;
    },
  ],
};
