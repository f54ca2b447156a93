import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
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
