import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { IssueTokenInput, RevokeTokenInput } from './dto/token.inputs.js';
import type { Actor } from '../auth/actor.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { CurrentActor } from '../auth/decorators.js';
import { TokensService } from './tokens.service.js';
import { IssueTokenPayload, RevokeTokenPayload } from './dto/payloads.js';

@Resolver(() => ApiTokenEntity)
export class TokensResolver {
  constructor(private readonly tokens: TokensService) {}

  @Mutation(() => IssueTokenPayload, { description: 'Issues a token; the secret is in this answer only' })
  issueToken(@CurrentActor() actor: Actor, @Args('input') input: IssueTokenInput) {
    return this.tokens.issue(actor, input);
  }

  @Mutation(() => RevokeTokenPayload, { description: 'Revokes a token at once' })
  async revokeToken(@CurrentActor() actor: Actor, @Args('input') input: RevokeTokenInput) {
    return { apiToken: await this.tokens.revoke(actor, input) };
  }
}
