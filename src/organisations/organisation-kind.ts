import { registerEnumType } from '@nestjs/graphql';

export enum OrganisationKind {
  NGO = 'NGO',
  SHELTER = 'SHELTER',
  LAW_ENFORCEMENT = 'LAW_ENFORCEMENT',
  IMMIGRATION_SERVICE = 'IMMIGRATION_SERVICE',
  PROSECUTION = 'PROSECUTION',
  IOM_MISSION = 'IOM_MISSION',
  MINISTRY = 'MINISTRY',
  NATIONAL_RAPPORTEUR = 'NATIONAL_RAPPORTEUR',
  COORDINATION_CENTRE = 'COORDINATION_CENTRE',
  MUNICIPALITY = 'MUNICIPALITY',
  OTHER = 'OTHER',
}

registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  valuesMap: {
    NGO: { description: 'A non-governmental organisation' },
    SHELTER: { description: 'A shelter or safe house' },
    LAW_ENFORCEMENT: { description: 'Police or another law-enforcement agency' },
    IMMIGRATION_SERVICE: { description: 'An immigration or asylum service' },
    PROSECUTION: { description: "A public prosecutor's office" },
    IOM_MISSION: { description: 'A mission of the International Organization for Migration' },
    MINISTRY: { description: 'A ministry or government department' },
    NATIONAL_RAPPORTEUR: { description: 'A national rapporteur on trafficking in human beings or an equivalent mechanism' },
    COORDINATION_CENTRE: { description: 'A national referral or coordination centre' },
    MUNICIPALITY: { description: 'A municipality or local authority' },
    OTHER: { description: 'Another kind of organisation' },
  },
});
