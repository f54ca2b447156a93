import { Field, Float, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../common/connection.js';
import { PracticeEntity } from '../practice.entity.js';

@ObjectType({ description: 'A piece of a search snippet; highlighted pieces are the words that matched' })
export class SnippetPart {
  @Field({ description: 'Plain text, as written in the record' })
  text: string;

  @Field()
  highlighted: boolean;
}

@ObjectType()
export class PracticeEdge {
  @Field()
  cursor: string;

  @Field(() => PracticeEntity)
  node: PracticeEntity;

  @Field(() => Float, { nullable: true, description: 'How well the record matches the search (higher is better); null without a search' })
  rank: number | null;

  /** The search that found it as a tsquery, widened (null without one), for its snippet (PracticeEdgeResolver): not a field. */
  search: string | null;
}

@ObjectType()
export class PracticeConnection {
  @Field(() => [PracticeEdge])
  edges: PracticeEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
