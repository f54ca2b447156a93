import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsISO31661Alpha2, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/connection.js';
import { UpperCase } from '../../common/validation.js';
import { OrganisationKind } from '../organisation-kind.js';
import { ServiceType } from '../service-type.js';

@ArgsType()
export class OrganisationDirectoryArgs extends PageArgs {
  @Field({ nullable: true })
  @IsOptional()
  @UpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as NL' })
  country?: string;

  @Field(() => OrganisationKind, { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @Field(() => ServiceType, { nullable: true, description: 'Only organisations that offer this service' })
  @IsOptional()
  @IsEnum(ServiceType)
  service?: ServiceType;

  @Field({ defaultValue: false, description: 'Include suspended organisations (NETWORK_ADMIN only)' })
  @IsBoolean()
  includeSuspended: boolean = false;
}
