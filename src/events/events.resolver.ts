import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CheckedAlongItsRead, CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { EventFeed } from './event-feed.js';
import { EventConnection, EventsArgs } from './event.model.js';

@Resolver()
export class EventsResolver {
  constructor(private readonly feed: EventFeed) {}

  @Roles(Role.CASE_WORKER, Role.ORG_ADMIN)
  @CheckedAlongItsRead()
  @Query(() => EventConnection, {
    description: 'What your organisation may hear of, oldest first. Keep the last endCursor and pass it as `after` to resume.',
  })
  events(@CurrentActor() actor: Actor, @Args() args: EventsArgs) {
    return this.feed.page(actor, args);
  }
}
