import { createHash } from 'node:crypto';
import { ServiceType } from '../../organisations/service-type.js';

/** What the directory reads of an organisation: its public directory entry. */
export interface DirectoryRow {
  id: string;
  name: string;
  country: string;
  kind: string;
  languages: string[];
  services: ServiceType[];
}

/**
 * HSDS wants an id for every service, location and language, and ours are values on the organisation, not rows. Each
 * gets a stable UUID-shaped id from the organisation's id and what it is; PostgreSQL computes the same
 * (md5(text)::uuid), so a service is found by its id without a table of ids.
 */
export function derivedId(organisationId: string, ...path: string[]): string {
  const hex = createHash('md5')
    .update([organisationId, ...path].join(':'))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The same id in SQL, for a row `o` of organisations and its service `s.service`. */
export const SERVICE_ID_SQL = `md5(o.id::text || ':' || s.service)::uuid`;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

const words = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');
const countryName = (code: string) => countryNames.of(code) ?? code;

/** HSDS organization, the fields every listing carries (organization_list). */
export function hsdsOrganizationSummary(row: DirectoryRow) {
  return {
    id: row.id,
    name: row.name,
    description: `${words(row.kind)} in ${countryName(row.country)}, a partner of the RAVOT referral network.`,
  };
}

/**
 * One location per organisation, with its country and languages but no address: the addresses of shelters for
 * survivors of trafficking are kept confidential, and the network's directory has none to publish.
 */
export function hsdsLocation(row: DirectoryRow) {
  const id = derivedId(row.id, 'location');
  return {
    id,
    location_type: 'physical',
    organization_id: row.id,
    name: `${row.name} (${countryName(row.country)})`,
    description: `Works in ${countryName(row.country)} (ISO 3166-1 ${row.country}). The address is not published.`,
    languages: row.languages.map((code) => hsdsLanguage(derivedId(row.id, 'location', 'language', code), code, { location_id: id })),
  };
}

function hsdsLanguage(id: string, code: string, owner: { service_id: string } | { location_id: string }) {
  return { id, ...owner, name: languageNames.of(code) ?? code, code };
}

/** HSDS service, the one-to-one fields (service_list). */
export function hsdsServiceSummary(row: DirectoryRow, service: ServiceType) {
  return {
    id: derivedId(row.id, service),
    organization_id: row.id,
    name: words(service),
    description: `${words(service)} offered by ${row.name} in ${countryName(row.country)}.`,
    status: 'active',
  };
}

/** HSDS service with what it links to: its languages, the country it serves, its organisation. */
export function hsdsService(row: DirectoryRow, service: ServiceType) {
  const summary = hsdsServiceSummary(row, service);
  return {
    ...summary,
    languages: row.languages.map((code) => hsdsLanguage(derivedId(row.id, service, 'language', code), code, { service_id: summary.id })),
    service_areas: [
      {
        id: derivedId(row.id, service, 'area'),
        service_id: summary.id,
        name: countryName(row.country),
        description: `ISO 3166-1 ${row.country}`,
      },
    ],
    organization: hsdsOrganizationSummary(row),
  };
}

/** HSDS organization with its locations and its services (GET /organizations/{id}). */
export function hsdsOrganization(row: DirectoryRow) {
  return {
    ...hsdsOrganizationSummary(row),
    locations: [hsdsLocation(row)],
    services: row.services.map((service) => hsdsServiceSummary(row, service)),
  };
}
