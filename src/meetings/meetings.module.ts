import { Module } from '@nestjs/common';
import { MeetingParticipantResolver, MeetingsResolver } from './meetings.resolver.js';
import { MeetingsService } from './meetings.service.js';

@Module({
  providers: [MeetingsService, MeetingsResolver, MeetingParticipantResolver],
  exports: [MeetingsService],
})
export class MeetingsModule {}
