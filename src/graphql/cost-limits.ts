import type { ApolloServerPlugin } from '@apollo/server';
import {
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  GraphQLError,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import type { GraphQLNamedType } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/connection.js';

/** What a root field costs: each is a separate read or write, with its own authorisation and its own SQL. */
export const ROOT_FIELD_COST = 50;

/**
 * The estimated cost of an operation: each field costs 1 (a root field ROOT_FIELD_COST), and the selection
 * under a field with a `first` argument (a connection page) counts `first` (or `last`; 20 when neither is given)
 * times, and the selection under nodes(ids) counts once per id. Nested pages therefore multiply, and so do aliases that repeat a page.
 * A page larger than MAX_PAGE_SIZE is refused here, before authentication
 * or any SQL, whether `first` is written inline or passed as a variable.
 * Each fragment's cost is computed once: fragments that spread each other twice over would otherwise take
 * exponential time (a fragment in a cycle counts 0; validation has refused cycles before this runs).
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return 0;
  const fragmentCosts = new Map<string, number>();

  const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType, root: boolean): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += root && selection.name.value !== '__typename' ? ROOT_FIELD_COST : 1;
        if (!selection.selectionSet || !(isObjectType(parentType) || isInterfaceType(parentType))) continue;
        const field = parentType.getFields()[selection.name.value];
        if (!field) continue;
        const first = pageSize(field, selection, variables);
        cost += (first ?? 1) * costOf(selection.selectionSet, getNamedType(field.type), false);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        cost += costOf(selection.selectionSet, type ?? parentType, root);
      } else {
        const key = `${selection.name.value}${root ? ' at the root' : ''}`;
        if (!fragmentCosts.has(key)) {
          fragmentCosts.set(key, 0);
          const fragment = fragments[selection.name.value];
          const type = fragment && (schema.getType(fragment.typeCondition.name.value) ?? parentType);
          fragmentCosts.set(key, fragment ? costOf(fragment.selectionSet, type, root) : 0);
        }
        cost += fragmentCosts.get(key)!;
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, rootType, true);
}

function pageSize(
  field: Parameters<typeof getArgumentValues>[0],
  node: Parameters<typeof getArgumentValues>[1],
  variables: Record<string, unknown>,
): number | null {
  const listOfIds = field.args.some((arg) => arg.name === 'ids');
  if (!listOfIds && !field.args.some((arg) => arg.name === 'first')) return null;
  let values: Record<string, unknown>;
  try {
    values = getArgumentValues(field, node, variables);
  } catch {
    return null; // a bad argument is left to execution, which reports it precisely
  }
  // nodes(ids): each id is an object read, as each item of a page is.
  if (listOfIds) return Array.isArray(values.ids) ? Math.max(idCount(node.name.value, values.ids.length), 1) : null;
  let size = DEFAULT_PAGE_SIZE;
  // A page runs one way (first or last); where both are given execution refuses it, and the larger is charged meanwhile.
  for (const argument of ['first', 'last'] as const) {
    const asked = values[argument];
    if (typeof asked !== 'number') continue;
    if (asked > MAX_PAGE_SIZE) {
      const message = `A page holds at most ${MAX_PAGE_SIZE} items: ${node.name.value}(${argument}: ${asked}) asks for more.`;
      throw new GraphQLError(message, {
        extensions: { code: 'BAD_USER_INPUT', problems: [{ path: [argument], constraint: 'max', message }], http: { status: 400 } },
      });
    }
    size = values.first == null || values.last == null ? asked : Math.max(size, asked);
  }
  return Math.max(size, 1);
}

/** The number of ids asked for at once, refused above MAX_PAGE_SIZE as a page is. */
function idCount(field: string, count: number): number {
  if (count <= MAX_PAGE_SIZE) return count;
  const message = `At most ${MAX_PAGE_SIZE} ids at once: ${field}(ids) has ${count}.`;
  throw new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', problems: [{ path: ['ids'], constraint: 'arrayMaxSize', message }], http: { status: 400 } },
  });
}

/** Refuses, before execution, an operation whose page size or estimated cost is above the limits. */
export function costLimitsPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) return; // execution reports the bad variables
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = operationCost(schema, operation, fragments, coerced.coerced);
          // Charged to the token's and the organisation's budgets once the guard knows whose operation it is.
          const req = (contextValue as { req?: { operationCost?: number } }).req;
          if (req) req.operationCost = cost;
          if (cost > maxCost) {
            throw new GraphQLError(
              `The query is too expensive: its estimated cost is ${cost}, above the budget of ${maxCost}. Ask for smaller pages (first or last) or fewer fields.`,
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
