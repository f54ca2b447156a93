import { registerEnumType } from '@nestjs/graphql';

/** The services an organisation offers, in the spirit of Open Referral HSDS. */
export enum ServiceType {
  SHELTER = 'SHELTER',
  MEDICAL = 'MEDICAL',
  PSYCHOSOCIAL = 'PSYCHOSOCIAL',
  LEGAL = 'LEGAL',
  EDUCATION = 'EDUCATION',
  EMPLOYMENT = 'EMPLOYMENT',
  FINANCIAL = 'FINANCIAL',
  FAMILY_MEDIATION = 'FAMILY_MEDIATION',
  RECEPTION_AT_ARRIVAL = 'RECEPTION_AT_ARRIVAL',
  INTERPRETATION = 'INTERPRETATION',
  DOCUMENTATION = 'DOCUMENTATION',
  TRANSPORT = 'TRANSPORT',
}

registerEnumType(ServiceType, { name: 'ServiceType' });
