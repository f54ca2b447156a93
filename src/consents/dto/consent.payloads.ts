import { ConsentEntity } from '../consent.entity.js';
import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';

@ObjectType()
export class RecordConsentPayload extends Payload('consent', ConsentEntity) {}

@ObjectType()
export class WithdrawConsentPayload extends Payload('consent', ConsentEntity) {}
