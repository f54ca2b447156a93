import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/decorators.js';
import { SubjectEntity } from '../subjects/subject.entity.js';
import { ConsentEntity } from './consent.entity.js';
import { ConsentsService } from './consents.service.js';

/** A person's consents, as a field of the person. */
@Resolver(() => SubjectEntity)
export class SubjectConsentsResolver {
  constructor(private readonly service: ConsentsService) {}

  @ResolveField(() => [ConsentEntity], { description: "The person's consents (for the owning organisation only)" })
  consents(@Parent() subject: SubjectEntity, @CurrentActor() actor: Actor) {
    return subject.organisationId === actor.organisationId ? this.service.ofSubject(actor, subject.id) : [];
  }
}
