import { Global, Module } from '@nestjs/common';
import { EventFeed } from './event-feed.js';
import { EventsResolver } from './events.resolver.js';
import { Outbox } from './outbox.js';

/** The outbox every domain announces its changes to, and the feed partners read it from. */
@Global()
@Module({ providers: [Outbox, EventFeed, EventsResolver], exports: [Outbox, EventFeed] })
export class EventsModule {}
