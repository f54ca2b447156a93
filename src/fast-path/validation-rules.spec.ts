import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, MaxLength, validate } from 'class-validator';
import { CreateReferralInput } from '../referrals/dto/referral.inputs.js';
import { ReferralsArgs } from '../referrals/dto/referrals.args.js';
import { rememberValidationRules } from './validation-rules.js';

const storage = getMetadataStorage();
/** class-validator's own lookup, from the prototype: the remembering wraps the instance's. */
const freshLookUp = (target: Parameters<typeof storage.getTargetValidationMetadatas>[0]) =>
  (Object.getPrototypeOf(storage) as typeof storage).getTargetValidationMetadatas.call(storage, target, '', false, false, undefined);
const problemsOf = async (object: object) => (await validate(object)).map((error) => error.property).sort();

describe('remembered validation rules', () => {
  beforeAll(() => rememberValidationRules(storage));

  it.each([ReferralsArgs, CreateReferralInput])('are the rules class-validator finds for %p, inherited ones included', (target) => {
    const remembered = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
    expect(remembered.length).toBeGreaterThan(0);
    expect(remembered).toEqual(freshLookUp(target));
    expect(storage.getTargetValidationMetadatas(target, '', false, false, undefined)).toBe(remembered);
  });

  it('see a rule added after they were remembered, and a class declared later', async () => {
    class Page {
      @IsInt()
      first!: unknown;
    }
    expect(await problemsOf(Object.assign(new Page(), { first: 'x', last: 'y' }))).toEqual(['first']);

    // A decorator applied late, as a class imported after the first request would.
    IsInt()(Page.prototype, 'last');
    expect(await problemsOf(Object.assign(new Page(), { first: 'x', last: 'y' }))).toEqual(['first', 'last']);

    class NamedPage extends Page {
      @IsString()
      @MaxLength(3)
      name!: unknown;
    }
    expect(await problemsOf(Object.assign(new NamedPage(), { first: 1, last: 2, name: 'too long' }))).toEqual(['name']);
    expect(await problemsOf(Object.assign(new NamedPage(), { first: 'x', last: 2, name: 'ok' }))).toEqual(['first']);
  });
});
