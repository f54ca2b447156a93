import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { IssueSignInLinkInput, IssueSignInLinkPayload } from './sign-in-link.model.js';
import { SignInLinksService } from './sign-in-links.service.js';

@Resolver()
export class SignInLinksResolver {
  constructor(private readonly links: SignInLinksService) {}

  @Roles(Role.ORG_ADMIN)
  @Mutation(() => IssueSignInLinkPayload, {
    description: `A one-time console sign-in link for a member of your organisation; the secret is in this answer only`,
  })
  issueSignInLink(@CurrentActor() actor: Actor, @Args('input') input: IssueSignInLinkInput) {
    return this.links.issue(actor, input);
  }
}
