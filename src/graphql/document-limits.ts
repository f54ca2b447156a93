import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, Kind } from 'graphql';
import type { ASTVisitor, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';

/** Tokens in one document: far above any real query, far below what would exhaust the parser's stack. */
export const MAX_TOKENS = 2000;
/** Aliases in one operation: each repeats work, and 4,500 of them once made one request take 5 s. */
export const MAX_ALIASES = 30;
/** Fields at the root of one operation: each is a separate read or write. */
export const MAX_ROOT_FIELDS = 15;

/**
 * The graphql-armor rules report through the validation context instead of throwing (a throw from a validation
 * rule becomes a 500), in our words: `found` is what graphql-armor counted.
 */
const reporting = (message: (found: number) => string) => ({
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(message(Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN)))),
  ],
});

/**
 * Counts the root fields of each operation, fragments included once per spread. Each fragment is counted once and
 * remembered: fragments that spread each other twice over would otherwise take exponential time. A fragment in a
 * cycle counts 0 here; graphql-js reports the cycle.
 */
function maxRootFieldsRule(max: number): ValidationRule {
  return (context): ASTVisitor => {
    const fragmentFields = new Map<string, number>();
    const count = (selectionSet: SelectionSetNode): number =>
      selectionSet.selections.reduce((sum, selection) => {
        if (selection.kind === Kind.FIELD) return sum + (selection.name.value === '__typename' ? 0 : 1);
        if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet);
        const name = selection.name.value;
        if (!fragmentFields.has(name)) {
          fragmentFields.set(name, 0);
          const fragment = context.getFragment(name);
          fragmentFields.set(name, fragment ? count(fragment.selectionSet) : 0);
        }
        return sum + fragmentFields.get(name)!;
      }, 0);
    return {
      OperationDefinition(operation) {
        const found = count(operation.selectionSet);
        if (found > max) {
          context.reportError(
            new GraphQLError(`The operation has ${found} root fields, more than the limit of ${max}. Split it into several requests.`),
          );
        }
      },
    };
  };
}

/** Validation rules that bound the work a document can ask for; none of them recurses forever on a fragment cycle. */
export function documentLimitRules(maxDepth: number): ValidationRule[] {
  return [
    // graphql-armor counts the root field as level 1, graphql-depth-limit (which this replaces) as level 0.
    maxDepthRule({
      n: maxDepth + 1,
      flattenFragments: true,
      ...reporting(
        (found) => `The query is nested ${found - 1} levels deep, more than the limit of ${maxDepth}. Ask for fewer nested levels.`,
      ),
    }),
    maxAliasesRule({
      n: MAX_ALIASES,
      ...reporting(
        (found) => `The operation uses ${found} aliases, more than the limit of ${MAX_ALIASES}. Split it into several requests.`,
      ),
    }),
    maxRootFieldsRule(MAX_ROOT_FIELDS),
  ];
}
