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

registerEnumType(ServiceType, {
  name: 'ServiceType',
  valuesMap: {
    SHELTER: { description: 'Safe accommodation' },
    MEDICAL: { description: 'Medical care' },
    PSYCHOSOCIAL: { description: 'Psychological and social support' },
    LEGAL: { description: 'Legal advice and representation' },
    EDUCATION: { description: 'Schooling and vocational training' },
    EMPLOYMENT: { description: 'Help to find work' },
    FINANCIAL: { description: 'Financial support or micro-grants' },
    FAMILY_MEDIATION: { description: 'Mediation with the family' },
    RECEPTION_AT_ARRIVAL: { description: 'Being met on arrival' },
    DOCUMENTATION: { description: 'Identity and travel documents' },
    INTERPRETATION: { description: 'Interpreting and translation' },
    TRANSPORT: { description: 'Travel and transport' },
  },
});
