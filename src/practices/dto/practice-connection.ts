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

  @Field(() => [SnippetPart], {
    nullable: true,
    description: 'Passages of the summary and body around the matched words; null without a search',
  })
  snippet: SnippetPart[] | null;
}

@ObjectType()
export class PracticeConnection {
  @Field(() => [PracticeEdge])
  edges: PracticeEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
