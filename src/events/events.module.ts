import { Global, Module } from '@nestjs/common';
import { Outbox } from './outbox.js';

/** The outbox every domain announces its changes to. */
@Global()
@Module({ providers: [Outbox], exports: [Outbox] })
export class EventsModule {}
