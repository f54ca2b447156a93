import { OrganisationKind } from '../organisations/organisation-kind.js';
import { ServiceType } from '../organisations/service-type.js';
import { Role } from '../auth/role.js';

export interface DemoOrganisation {
  name: string;
  country: string;
  kind: OrganisationKind;
  languages: string[];
  services: ServiceType[];
  /** Members besides the first ORG_ADMIN, one per role the organisation would have. */
  members: { displayName: string; roles: Role[] }[];
}

const { CASE_WORKER, ANALYST, PRACTICE_EDITOR } = Role;
const S = ServiceType;

/** A small, fictional network: every name is invented for the demo. */
export const DEMO_NETWORK: DemoOrganisation[] = [
  {
    name: 'Dutch Coordination Centre (demo)',
    country: 'NL',
    kind: OrganisationKind.COORDINATION_CENTRE,
    languages: ['nl', 'en'],
    services: [S.LEGAL, S.DOCUMENTATION],
    members: [
      { displayName: 'Anouk de Vries', roles: [CASE_WORKER] },
      { displayName: 'Pieter Bakker', roles: [ANALYST] },
      { displayName: 'Sanne Visser', roles: [PRACTICE_EDITOR] },
    ],
  },
  {
    name: 'Safe House Rotterdam (demo)',
    country: 'NL',
    kind: OrganisationKind.SHELTER,
    languages: ['nl', 'en', 'hu', 'bg', 'ro'],
    services: [S.SHELTER, S.MEDICAL, S.PSYCHOSOCIAL, S.INTERPRETATION],
    members: [{ displayName: 'Lotte Jansen', roles: [CASE_WORKER] }],
  },
  {
    name: 'IOM Netherlands return desk (demo)',
    country: 'NL',
    kind: OrganisationKind.IOM_MISSION,
    languages: ['nl', 'en', 'fr'],
    services: [S.TRANSPORT, S.DOCUMENTATION, S.FINANCIAL],
    members: [{ displayName: 'Maria Santos', roles: [CASE_WORKER] }],
  },
  {
    name: 'Budapest Reintegration Foundation (demo)',
    country: 'HU',
    kind: OrganisationKind.NGO,
    languages: ['hu', 'en'],
    services: [S.RECEPTION_AT_ARRIVAL, S.SHELTER, S.PSYCHOSOCIAL, S.EMPLOYMENT],
    members: [
      { displayName: 'Katalin Nagy', roles: [CASE_WORKER] },
      { displayName: 'Gábor Kovács', roles: [PRACTICE_EDITOR] },
    ],
  },
  {
    name: 'Antwerp Victim Support (demo)',
    country: 'BE',
    kind: OrganisationKind.NGO,
    languages: ['nl', 'fr', 'en'],
    services: [S.SHELTER, S.LEGAL, S.PSYCHOSOCIAL],
    members: [{ displayName: 'Elise Peeters', roles: [CASE_WORKER] }],
  },
  {
    name: 'Sofia Return Support (demo)',
    country: 'BG',
    kind: OrganisationKind.NGO,
    languages: ['bg', 'en'],
    services: [S.RECEPTION_AT_ARRIVAL, S.FAMILY_MEDIATION, S.EDUCATION],
    members: [{ displayName: 'Elena Petrova', roles: [CASE_WORKER] }],
  },
  {
    name: 'Iasi Reintegration Centre (demo)',
    country: 'RO',
    kind: OrganisationKind.NGO,
    languages: ['ro', 'en', 'hu'],
    services: [S.RECEPTION_AT_ARRIVAL, S.EMPLOYMENT, S.FINANCIAL],
    members: [{ displayName: 'Andrei Popescu', roles: [CASE_WORKER] }],
  },
  {
    name: 'Benin City Homecoming Initiative (demo)',
    country: 'NG',
    kind: OrganisationKind.NGO,
    languages: ['en', 'yo'],
    services: [S.RECEPTION_AT_ARRIVAL, S.SHELTER, S.EDUCATION, S.FAMILY_MEDIATION],
    members: [{ displayName: 'Blessing Okafor', roles: [CASE_WORKER] }],
  },
];
