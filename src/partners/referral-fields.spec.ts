import { profile as hungary } from './hu/profile.js';
import { profile as netherlands } from './nl/profile.js';
import { validateReferralFields } from './referral-fields.js';

const dutch = {
  reflectionPeriodStart: '2026-01-05',
  reflectionPeriodEnd: '2026-04-05',
  cooperatedWithPolice: false,
  residenceStatus: 'REFLECTION_PERIOD',
};

describe('validateReferralFields', () => {
  it.each([
    ['a complete Dutch referral', dutch, []],
    [
      'a missing police cooperation answer',
      { ...dutch, cooperatedWithPolice: undefined },
      ['cooperatedWithPolice is required for a referral from NL'],
    ],
    ['a yes/no written as text', { ...dutch, cooperatedWithPolice: 'no' }, ['cooperatedWithPolice must be true or false']],
    [
      'a date that is not a date',
      { ...dutch, reflectionPeriodStart: '5 January' },
      ['reflectionPeriodStart must be a date written as YYYY-MM-DD'],
    ],
    [
      'an unknown residence status',
      { ...dutch, residenceStatus: 'TOURIST' },
      ['residenceStatus must be one of REFLECTION_PERIOD, TEMPORARY_PERMIT_B8_3, EU_CITIZEN, ASYLUM_PROCEDURE, NO_RESIDENCE_RIGHT, OTHER'],
    ],
    ['a field the profile does not know', { ...dutch, favouriteColour: 'blue' }, ['favouriteColour is not a field of a referral from NL']],
    [
      'a period that ends before it starts',
      { ...dutch, reflectionPeriodEnd: '2026-01-01' },
      ['reflectionPeriodEnd must not be before reflectionPeriodStart'],
    ],
    [
      'a period longer than three months',
      { ...dutch, reflectionPeriodEnd: '2026-06-01' },
      ['the reflection period lasts at most three months'],
    ],
  ])('NL: %s', (_, values, problems) => {
    expect(validateReferralFields(netherlands, values).map((problem) => problem.message)).toEqual(problems);
  });

  it('asks nothing extra of a country without national fields', () => {
    expect(validateReferralFields(hungary, {})).toEqual([]);
    expect(validateReferralFields(hungary, { reflectionPeriodStart: '2026-01-05' })).toEqual([
      {
        key: 'reflectionPeriodStart',
        constraint: 'partnerProfileUnknownField',
        message: 'reflectionPeriodStart is not a field of a referral from HU',
      },
    ]);
  });

  it('names the rule of each problem, so a client can tell a missing field from a wrong one', () => {
    const { cooperatedWithPolice: _, ...incomplete } = dutch;
    expect(validateReferralFields(netherlands, { ...incomplete, residenceStatus: 'TOURIST' }).map((p) => [p.key, p.constraint])).toEqual([
      ['cooperatedWithPolice', 'partnerProfileRequires'],
      ['residenceStatus', 'partnerProfileFieldType'],
    ]);
  });
});
