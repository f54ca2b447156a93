import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ajv-formats is CommonJS: under Node's ESM loader its default import is module.exports, under TypeScript's types the namespace.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** A JSON Schema from the repository (a path from its root), compiled with the standard formats (date, uuid, uri...). */
export function schemaAt(path: string, options: { strict?: boolean } = {}): ValidateFunction {
  // The HSDS schemas carry their own keywords (core, constraints, datapackage_metadata...): strict mode would refuse them.
  const ajv = addFormats(new Ajv({ allErrors: true, strict: options.strict ?? true }));
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as object);
}

/** The validator's errors, readable in a failed expectation. */
export const schemaErrors = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);

const HSDS = join(ROOT, 'test', 'fixtures', 'hsds');

/**
 * Validators for HSDS 3.0 API answers, from the official schemas in test/fixtures/hsds (see SOURCE.md): the
 * schemas of single objects by their file names (organization.json, service.json), which refer to each other by
 * those names; and the API's pages, as openapi.json defines them (its Page schema, contents of the compiled list
 * schemas).
 */
export function hsdsValidators() {
  // The HSDS schemas carry keywords of their own (core, constraints, datapackage_metadata...): strict mode refuses them.
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  for (const file of readdirSync(HSDS).filter((name) => name.endsWith('.json') && name !== 'openapi.json')) {
    ajv.addSchema(JSON.parse(readFileSync(join(HSDS, file), 'utf8')) as object, file);
  }
  const openapi = JSON.parse(readFileSync(join(HSDS, 'openapi.json'), 'utf8')) as {
    components: { schemas: { Page: object } };
    paths: Record<string, { get: { responses: { 200: { content: { 'application/json': { schema: object } } } } } }>;
  };
  const pageOf = (itemSchema: string) =>
    ajv.compile({ allOf: [openapi.components.schemas.Page], properties: { contents: { type: 'array', items: { $ref: itemSchema } } } });
  return {
    root: ajv.compile(openapi.paths['/'].get.responses[200].content['application/json'].schema),
    organization: ajv.getSchema('organization.json')!,
    service: ajv.getSchema('service.json')!,
    serviceSummary: ajv.getSchema('service_list.json')!,
    organizationPage: pageOf('organization_list.json'),
    servicePage: pageOf('service_list.json'),
    /** The Page schema's fields are all optional in openapi.json; HSDS's API guidance expects every one. */
    pageFields: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  };
}
