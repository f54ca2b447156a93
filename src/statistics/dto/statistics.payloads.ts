import { ObjectType } from '@nestjs/graphql';
import { Payload } from '../../common/payload.js';
import { RegistrationImport } from './statistics.types.js';

@ObjectType()
export class ImportRegistrationStatisticsPayload extends Payload('registrationImport', RegistrationImport) {}
