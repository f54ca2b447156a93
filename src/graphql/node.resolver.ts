import { Inject } from '@nestjs/common';
import { Args, ArgsType, Context, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsUUID } from 'class-validator';
import { hasRole } from '../auth/actor.js';
import { idPipe } from '../common/id.pipe.js';
import { asNode, MAX_NODES, Node, NODE_TYPES, NodeType } from './node.js';
import type { GraphQLContext, RequestLoaders } from './request-loaders.js';

@ArgsType()
export class NodesArgs {
  @Field(() => [ID], { description: `At most ${MAX_NODES} ids; the answer keeps their order, null for each you may not see` })
  @ArrayMaxSize(MAX_NODES)
  @IsUUID('all', { each: true, message: 'ids must be ids the API gave you' })
  ids: string[];
}

/**
 * Global object identification: any object by its id, as its own query or field would answer the caller, null for
 * what they may not see (exactly as for an id that exists nowhere). One statement tells the ids' types, under the
 * caller's row-level security; then each type reads all its ids in one batch (NodeType.load).
 */
@Resolver()
export class NodeResolver {
  private readonly byName: Map<string, NodeType>;
  private readonly typesOf: string;

  constructor(@Inject(NODE_TYPES) types: NodeType[]) {
    this.byName = new Map(types.map((type) => [type.name, type]));
    // Names and tables are the application's own, never the client's.
    this.typesOf = types
      .map(
        ({ name, table, column = 'id' }) =>
          `SELECT ${column}::text AS id, '${name}' AS type FROM ${table} WHERE ${column} = ANY ($1::uuid[])`,
      )
      .join('\nUNION ALL\n');
  }

  @Query(() => Node, { nullable: true, description: 'The object with this id, or null where you may not see it or it does not exist' })
  async node(@Args('id', { type: () => ID }, idPipe('id')) id: string, @Context() { loaders }: GraphQLContext) {
    return (await this.find(loaders, [id]))[0];
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'The objects with these ids, in their order, with null for each you may not see or that does not exist',
  })
  nodes(@Args() { ids }: NodesArgs, @Context() { loaders }: GraphQLContext) {
    return this.find(loaders, ids);
  }

  private async find(loaders: RequestLoaders, asked: string[]): Promise<(object | null)[]> {
    const actor = loaders.actor;
    const ids = asked.map((id) => id.toLowerCase());
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const found: { id: string; type: string }[] = await loaders.read((manager) => manager.query(this.typesOf, [wanted]));
    const idsByType = new Map<NodeType, Set<string>>();
    for (const { id, type: name } of found) {
      const type = this.byName.get(name)!;
      // Without the role the type's own query asks for, none of its objects exist for the caller: nothing is read.
      if (type.roles && !hasRole(actor, ...type.roles)) continue;
      idsByType.set(type, (idsByType.get(type) ?? new Set()).add(id));
    }
    const objects = new Map<string, object>();
    await Promise.all(
      [...idsByType].map(async ([type, idSet]) => {
        const ofType = [...idSet];
        const loaded = await type.load(loaders, ofType);
        ofType.forEach((id, i) => {
          const object = loaded[i];
          if (object) objects.set(id, asNode(object, type.name));
        });
      }),
    );
    return ids.map((id) => objects.get(id) ?? null);
  }
}
