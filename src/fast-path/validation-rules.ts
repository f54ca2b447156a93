import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type RulesOf = Storage['getTargetValidationMetadatas'];
type InputClass = Parameters<RulesOf>[0];

/**
 * Remembers the validation rules of each input class. class-validator looks
 * them up anew for every object it validates: it filters every rule it holds
 * and tests the class against every class with rules (instanceof), which came
 * to about 1.5% of an inbox page's main-thread time for one arguments object.
 * The rules are fixed once the decorators have run, at import; a rule added
 * later (a class imported late) clears what was remembered. Lookups with
 * validation groups, which this service does not use, are not remembered.
 */
export function rememberValidationRules(storage: Storage = getMetadataStorage()): void {
  if ((storage as { rulesRemembered?: boolean }).rulesRemembered) return;
  const lookUp: RulesOf = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  const remembered = new Map<InputClass, Map<string, ReturnType<RulesOf>>>();
  storage.addValidationMetadata = (rule) => {
    remembered.clear();
    addRule(rule);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups?.length) return lookUp(target, schema, always, strictGroups, groups);
    let byOptions = remembered.get(target);
    if (!byOptions) remembered.set(target, (byOptions = new Map()));
    const key = `${schema}\u0000${always}\u0000${strictGroups}`;
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  Object.assign(storage, { rulesRemembered: true });
}
