import { Kind } from 'graphql';
import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Fields of a type, each with what may be selected under it: `true` for anything (a leaf, or an object answered
 * whatever is asked of it), or the shape its own fields must fit.
 */
export interface Shape {
  readonly [field: string]: true | Shape;
}

/**
 * Whether everything the resolving field selects fits `shape`: no field it does not name, at any depth it describes.
 * Aliases and fragments are undone; @skip and @include are not looked at (a field that may be skipped still counts),
 * so the answer errs towards "does not fit". `__typename` fits everywhere.
 */
export function selectionFits(info: GraphQLResolveInfo, shape: Shape): boolean {
  return info.fieldNodes.every((node) => fits(node.selectionSet, shape, info.fragments));
}

function fits(set: SelectionSetNode | undefined, shape: Shape, fragments: Record<string, FragmentDefinitionNode>): boolean {
  if (!set) return true;
  return set.selections.every((selection) => {
    if (selection.kind === Kind.INLINE_FRAGMENT) return fits(selection.selectionSet, shape, fragments);
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[selection.name.value];
      return fragment !== undefined && fits(fragment.selectionSet, shape, fragments);
    }
    const name = selection.name.value;
    if (name === '__typename') return true;
    if (!Object.hasOwn(shape, name)) return false;
    const under = shape[name];
    return under === true || fits(selection.selectionSet, under, fragments);
  });
}
