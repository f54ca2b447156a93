import { Party, TestApp } from './support/test-app.js';

describe('partner-country profiles', () => {
  let t: TestApp;
  let partner: Party;

  beforeAll(async () => {
    t = await TestApp.start();
    partner = await t.organisation(await t.networkAdmin());
  });
  afterAll(() => t.close());

  it('lists the profile of every partner country', async () => {
    const result = await t.gql(
      partner.token,
      '{ partnerProfiles { country consentLanguages followUpScheduleMonths returnProgramme { name } } }',
    );
    const countries = result.data.partnerProfiles.map((profile: { country: string }) => profile.country);
    expect(countries).toEqual(['BE', 'BG', 'HU', 'NG', 'NL', 'RO']);
    for (const profile of result.data.partnerProfiles) {
      expect(profile.consentLanguages.length).toBeGreaterThan(0);
      expect(profile.followUpScheduleMonths).toEqual([1, 3, 6, 12]);
    }
  });

  it('tells what a referral from the Netherlands must carry', async () => {
    const result = await t.gql(
      partner.token,
      '{ partnerProfile(country: "nl") { reflectionPeriodDays referralFields { key type required options } } }',
    );
    const { reflectionPeriodDays, referralFields } = result.data.partnerProfile;
    expect(reflectionPeriodDays).toBe(90);
    expect(referralFields.map((field: { key: string }) => field.key)).toEqual([
      'reflectionPeriodStart',
      'reflectionPeriodEnd',
      'cooperatedWithPolice',
      'residenceStatus',
    ]);
    expect(referralFields.every((field: { required: boolean }) => field.required)).toBe(true);
  });

  it('answers a country without a profile with NOT_FOUND', async () => {
    expect((await t.gql(partner.token, '{ partnerProfile(country: "FR") { country } }')).errorCodes).toEqual(['NOT_FOUND']);
  });

  it('is for members of the network only', async () => {
    expect((await t.gql(null, '{ partnerProfiles { country } }')).errorCodes).toEqual(['UNAUTHENTICATED']);
  });
});
