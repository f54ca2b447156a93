import { GraphQLSchemaHost } from '@nestjs/graphql';
import { TypeMetadataStorage } from '@nestjs/graphql/dist/schema-builder/storages/type-metadata.storage.js';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { buildSchema, getNamedType, GraphQLEnumType, GraphQLSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { PartnerRegistry } from '../src/partners/partner-registry.js';
import { TestApp } from './support/test-app.js';

/** A class whose decorators hold the metadata. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator and Nest key their metadata by class
type Target = Function;

/** Where a validated property shows in the schema, and what the schema says of it. */
interface Documented {
  where: string;
  description: string;
  rules: ValidationMetadata[];
}

function inputProperties(schema: GraphQLSchema): Documented[] {
  const found: Documented[] = [];
  for (const input of TypeMetadataStorage.getInputTypesMetadata()) {
    const type = schema.getType(input.name);
    if (!isInputObjectType(type)) continue;
    for (const property of input.properties ?? []) {
      const field = type.getFields()[property.schemaName];
      if (!field) continue;
      found.push({
        where: `${input.name}.${field.name}`,
        description: field.description ?? '',
        rules: rulesOf(input.target, property.name),
      });
    }
  }
  return found;
}

/** The arguments of root fields that take an @ArgsType class, as the schema shows them. */
function argumentProperties(schema: GraphQLSchema): Documented[] {
  const found: Documented[] = [];
  const roots = [
    ...TypeMetadataStorage.getQueriesMetadata().map((field) => ({ field, root: schema.getQueryType()! })),
    ...TypeMetadataStorage.getMutationsMetadata().map((field) => ({ field, root: schema.getMutationType()! })),
  ];
  for (const { field, root } of roots) {
    const schemaField = root.getFields()[field.schemaName];
    if (!schemaField) continue;
    for (const param of field.methodArgs ?? []) {
      if (param.kind !== 'args') continue;
      const target = param.typeFn() as Target;
      const args = TypeMetadataStorage.getArgumentsMetadataByTarget(target as never);
      for (const property of args?.properties ?? []) {
        const arg = schemaField.args.find((candidate) => candidate.name === property.schemaName);
        if (!arg) continue;
        found.push({
          where: `${root.name}.${schemaField.name}(${arg.name})`,
          description: arg.description ?? '',
          rules: rulesOf(target, property.name),
        });
      }
    }
  }
  return found;
}

function rulesOf(target: Target, propertyName: string): ValidationMetadata[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .filter((rule) => rule.propertyName === propertyName);
}

/** A number as a description may write it: 1000 or 1,000. */
const number = (value: unknown) => {
  const digits = String(value);
  return `(?:${digits}|${Number(value).toLocaleString('en-GB')})`;
};

/**
 * The pattern of each `@Matches` and the words its description must use; a pattern changed in code and not
 * here (and in the description) fails.
 */
const FORMATS: Record<string, RegExp> = {
  '^[A-Za-z0-9_-]{8,100}$': /8 to 100 letters, digits, - or _/,
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$': /YYYY-MM-DD/,
  '^\\d{4}-\\d{2}-\\d{2}$': /YYYY-MM-DD/,
};

/** What the description must say for each rule (by class-validator's name); rules the GraphQL type already states need nothing. */
function expectedWords(rules: ValidationMetadata[]): { rule: string; words: RegExp }[] {
  const expected: { rule: string; words: RegExp }[] = [];
  const named = (name: string) => rules.find((rule) => rule.name === name);
  const min = named('min')?.constraints[0];
  const max = named('max')?.constraints[0];
  if (min !== undefined && max !== undefined) expected.push({ rule: 'min/max', words: new RegExp(`${number(min)} to ${number(max)}`) });
  else if (min !== undefined) expected.push({ rule: 'min', words: new RegExp(`at least ${number(min)}`) });
  else if (max !== undefined) expected.push({ rule: 'max', words: new RegExp(`at most ${number(max)}`) });
  for (const rule of rules) {
    const [first, second] = rule.constraints ?? [];
    switch (rule.name) {
      case 'isLength':
        expected.push({
          rule: rule.name,
          words:
            second === undefined
              ? new RegExp(`at least ${number(first)} characters`)
              : new RegExp(`${number(first)} to ${number(second)} characters`),
        });
        break;
      case 'maxLength':
        expected.push({ rule: rule.name, words: new RegExp(`at most ${number(first)} characters`) });
        break;
      case 'minLength':
        expected.push({ rule: rule.name, words: first === 1 ? /not empty/ : new RegExp(`at least ${number(first)} characters`) });
        break;
      case 'arrayMaxSize':
        expected.push({ rule: rule.name, words: new RegExp(`at most ${number(first)}`) });
        break;
      case 'arrayMinSize':
        expected.push({ rule: rule.name, words: new RegExp(`at least ${number(first)}`) });
        break;
      case 'arrayNotEmpty':
        expected.push({ rule: rule.name, words: /at least one/ });
        break;
      case 'arrayUnique':
        expected.push({
          rule: rule.name,
          words: /each at most once/,
        });
        break;
      case 'isEmail':
        expected.push({ rule: rule.name, words: /e-?mail address/ });
        break;
      case 'isIn':
        expected.push({ rule: rule.name, words: new RegExp((first as string[]).map((value) => `(?=[^]*\\b${value}\\b)`).join('')) });
        break;
      case 'matches': {
        const pattern = first instanceof RegExp ? first.source : String(first);
        expected.push({ rule: `matches ${pattern}`, words: FORMATS[pattern] ?? /a format this test does not know yet: add it to FORMATS/ });
        break;
      }
      default:
        break;
    }
  }
  return expected;
}

describe('input constraints stated in the schema', () => {
  let t: TestApp;
  let printed: GraphQLSchema;
  let documented: Documented[];

  beforeAll(async () => {
    t = await TestApp.start();
    // The committed file is what clients read; api-surface checks that it is the schema the code builds.
    printed = buildSchema(readFileSync('schema.graphql', 'utf8'));
    documented = [...inputProperties(printed), ...argumentProperties(printed)];
    expect(t.app.get(GraphQLSchemaHost).schema).toBeDefined();
  });
  afterAll(() => t.close());

  it('finds the validated inputs it compares', () => {
    expect(documented.filter((property) => property.rules.length > 0).length).toBeGreaterThan(80);
  });

  it('states every length, range, size and format that the validators check in the description', () => {
    const missing = documented.flatMap(({ where, description, rules }) =>
      expectedWords(rules)
        .filter(({ words }) => !new RegExp(words.source, 'i').test(description))
        .map(({ rule, words }) => `${where}: ${rule} wants ${words} in "${description}"`),
    );
    expect(missing).toEqual([]);
  });
});

describe("the partner profiles' requirements stated in the schema", () => {
  it('names, for every country profile, each field it requires with its allowed values, and the countries that ask for none', async () => {
    const registry = await PartnerRegistry.load();
    const printed = buildSchema(readFileSync('schema.graphql', 'utf8'));
    const input = printed.getType('CaseHistoryInput');
    if (!isInputObjectType(input)) throw new Error('CaseHistoryInput is not in the schema');
    const description = input.getFields().nationalFields.description ?? '';
    const sentences = description.split(/(?<=\.) /);
    const missing: string[] = [];
    const none = registry.all().filter((profile) => !profile.referralFields.some((field) => field.required));
    for (const profile of registry.all()) {
      const required = profile.referralFields.filter((field) => field.required);
      if (required.length === 0) continue;
      const sentence = sentences.filter((candidate) => candidate.startsWith(`${profile.country} requires`)).join(' ');
      for (const field of required) {
        if (!new RegExp(`\\b${field.key}\\b`).test(sentence)) missing.push(`${profile.country} requires ${field.key}`);
        for (const option of field.options)
          if (!sentence.includes(option)) missing.push(`${profile.country} ${field.key} allows ${option}`);
      }
      // A field the sentence names that the profile does not require is a stale description too.
      const named = sentence.match(/\b[a-z][A-Za-z]+(?=[ ,)(])/g) ?? [];
      const keys = new Set(profile.referralFields.map((field) => field.key));
      for (const word of named) if (/[A-Z]/.test(word) && !keys.has(word)) missing.push(`${profile.country} does not have ${word}`);
    }
    const noneSentence = sentences.find((candidate) => candidate.includes('ask for none')) ?? '';
    for (const profile of none) if (!noneSentence.includes(profile.country)) missing.push(`${profile.country} asks for none`);
    expect(missing).toEqual([]);
  });
});

describe('enum meanings stated in the schema', () => {
  it('describes every value of every enum that an input field or an argument takes', () => {
    const printed = buildSchema(readFileSync('schema.graphql', 'utf8'));
    const taken = new Set<GraphQLEnumType>();
    for (const type of Object.values(printed.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const types = isInputObjectType(type)
        ? Object.values(type.getFields()).map((field) => field.type)
        : isObjectType(type)
          ? Object.values(type.getFields()).flatMap((field) => field.args.map((arg) => arg.type))
          : [];
      for (const named of types.map((candidate) => getNamedType(candidate))) if (isEnumType(named)) taken.add(named);
    }
    expect(taken.size).toBeGreaterThan(15);
    const undescribed = [...taken].flatMap((type) =>
      type
        .getValues()
        .filter((value) => !value.description)
        .map((value) => `${type.name}.${value.name}`),
    );
    expect(undescribed).toEqual([]);
  });
});
