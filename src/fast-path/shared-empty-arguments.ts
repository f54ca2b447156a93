import { createRequire } from 'node:module';
import type { getArgumentValues } from 'graphql';

/** What a field without arguments receives as its arguments: one object for all, which nobody can change. */
export const NO_ARGUMENTS: Record<string, never> = Object.freeze(Object.create(null));

const PATCHED = Symbol.for('ravot.sharedEmptyArguments');

/** graphql's coercion, marked once it is the shared one (an app built twice in one process installs it once). */
type Coercion = typeof getArgumentValues & { [PATCHED]?: true };

/**
 * graphql-js 16 coerces the arguments of every field it resolves, the many
 * that take none included, into two new null-prototype objects each
 * (dictionary objects in V8). On an inbox page of about 1,150 fields that is a
 * third of all the memory the request allocates, and the garbage collector
 * pays for it under load. A field that declares no arguments gets
 * NO_ARGUMENTS instead: the same empty object the coercion would have built,
 * shared and frozen. Fields with arguments are coerced as before.
 *
 * The executor reads getArgumentValues from its module's exports at every
 * call, so replacing that export is enough; a test checks that it still takes
 * effect, so an upgrade of graphql that changes this fails CI instead of
 * silently losing it.
 */
export function shareEmptyArguments(): void {
  const values = createRequire(import.meta.url)('graphql/execution/values.js') as { getArgumentValues: Coercion };
  if (values.getArgumentValues[PATCHED]) return;
  const coerce = values.getArgumentValues;
  const shared: Coercion = (definition, node, variables) =>
    definition.args.length === 0 ? NO_ARGUMENTS : coerce(definition, node, variables);
  shared[PATCHED] = true;
  values.getArgumentValues = shared;
}

/**
 * The arguments of a field that takes none. A field resolver written with the
 * plain GraphQL signature (parent, args, context) and no parameter decorators
 * is bound as it is by @nestjs/graphql, without the per-call context, pipe and
 * interceptor machinery: a page of fifty referrals calls such resolvers
 * hundreds of times. Field resolvers take no guards, filters or interceptors
 * here either way (no fieldResolverEnhancers), so nothing else changes.
 */
export type NoArgs = Record<string, never>;
