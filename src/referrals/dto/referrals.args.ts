import { ArgsType, Field, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/connection.js';
import { IsCountryCode } from '../../common/validators.js';
import { ReferralStatus } from '../referral-lifecycle.js';

export enum ReferralBox {
  INBOX = 'INBOX',
  OUTBOX = 'OUTBOX',
}

registerEnumType(ReferralBox, {
  name: 'ReferralBox',
  description: 'INBOX: addressed to you; OUTBOX: sent by you',
  valuesMap: {
    INBOX: { description: 'Referrals addressed to your organisation (once submitted)' },
    OUTBOX: { description: 'Referrals your organisation sends, drafts included' },
  },
});

@ArgsType()
export class ReferralsArgs extends PageArgs {
  @Field(() => ReferralBox)
  @IsEnum(ReferralBox)
  box: ReferralBox;

  @Field(() => ReferralStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ReferralStatus)
  status?: ReferralStatus;

  @Field({ nullable: true, description: 'The other side’s country: the sender’s in the inbox, the receiver’s in the outbox' })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  updatedSince?: Date;
}
