import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { getEnterLeaveForKind, GraphQLError, Kind } from 'graphql';
import type { ASTVisitor, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';

/**
 * Tokens in one document: five times the largest real query (GraphiQL's introspection query has 184 tokens, the
 * console's largest 167), as graphql-armor's default. Each token of a refused document is parsed at the service's
 * cost before anything refuses it.
 */
export const MAX_TOKENS = 1000;
/** Aliases in one operation: each repeats work, and 4,500 of them once made one request take 5 s. */
export const MAX_ALIASES = 30;
/** Fields at the root of one operation: each is a separate read or write. */
export const MAX_ROOT_FIELDS = 15;

/**
 * Validations in which a limit refused the document (limitsFirst then stops them). A set beside the context rather
 * than a wrapper around it: a context wrapped or given a property of its own for each validation made V8 collect
 * garbage for most of the time a refusal took (3 ms instead of 0.4 ms).
 */
const refused = new WeakSet<ValidationContext>();

/** Refuses the document for a limit. */
function refuse(context: ValidationContext, message: string): void {
  refused.add(context);
  context.reportError(new GraphQLError(message));
}

/**
 * The graphql-armor rules report through the validation context instead of throwing (a throw from a validation
 * rule becomes a 500), in our words: `found` is what graphql-armor counted.
 */
const reporting = (message: (found: number) => string) => ({
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context && refuse(context, message(Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN))),
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
          refuse(context, `The operation has ${found} root fields, more than the limit of ${max}. Split it into several requests.`);
        }
      },
    };
  };
}

/**
 * Runs `work` with no stack traces captured for the errors it creates. A refusal's errors reach the client as their
 * messages only, and nobody reads where in graphql-armor's or our code they were made; capturing their stacks, and
 * formatting them when Apollo copies one into its own error, took a sixth of the service's CPU under a flood of
 * refused documents.
 */
function withoutStacks(work: () => void): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Runs the limit rules on every operation as validation enters the document, before graphql-js's own rules walk it,
 * and refuses a document over a limit without that walk. The walk would only add errors to one that already refuses
 * the document, and it is where validation spends its time: parsing and validating 330 aliased `me { id }`, one
 * after another, took 5.4 ms each with graphql-js's rules and 0.4 ms refused here. Each limit rule counts a whole
 * operation when it is entered, from the operation's node and its fragments, so it can run here.
 */
function limitsFirst(rules: ValidationRule[]): ValidationRule {
  return (context) => {
    const limits = rules.map((rule) => rule(context));
    return {
      Document(document) {
        withoutStacks(() => {
          for (const [index, definition] of document.definitions.entries()) {
            if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
            for (const limit of limits) {
              getEnterLeaveForKind(limit, Kind.OPERATION_DEFINITION).enter?.call(
                limit,
                definition,
                index,
                document.definitions,
                [],
                [document],
              );
            }
          }
        });
        // For graphql-js's visitor, null deletes the document, so no rule visits anything in it; false stops this
        // rule only.
        return refused.has(context) ? null : false;
      },
    };
  };
}

/** Validation rules that bound the work a document can ask for; none of them recurses forever on a fragment cycle. */
export function documentLimitRules(maxDepth: number): ValidationRule[] {
  return [
    limitsFirst([
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
    ]),
  ];
}
