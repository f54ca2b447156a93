import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module.js';
import {
  MeetingPracticesResolver,
  PracticeCommentResolver,
  PracticeEdgeResolver,
  PracticeFieldsResolver,
  PracticeRevisionResolver,
} from './practice-fields.resolver.js';
import { PracticeFeedbackService } from './practice-feedback.service.js';
import { PracticeSearchService } from './practice-search.service.js';
import { PracticesResolver } from './practices.resolver.js';
import { PracticesService } from './practices.service.js';

@Module({
  imports: [MeetingsModule],
  providers: [
    PracticesService,
    PracticeSearchService,
    PracticeFeedbackService,
    PracticesResolver,
    PracticeFieldsResolver,
    PracticeRevisionResolver,
    PracticeCommentResolver,
    PracticeEdgeResolver,
    MeetingPracticesResolver,
  ],
  exports: [PracticesService, PracticeSearchService],
})
export class PracticesModule {}
