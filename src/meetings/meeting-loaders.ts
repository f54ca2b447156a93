import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { RequestScope } from '../graphql/request-loaders.js';
import { ExpertMeetingEntity } from './expert-meeting.entity.js';
import { MeetingParticipantEntity } from './meeting-participant.entity.js';

/** Batches for the fields of meetings; one instance per request (RequestLoaders.of). */
export class MeetingLoaders {
  constructor(private readonly scope: RequestScope) {}

  readonly meetings = new DataLoader<string, ExpertMeetingEntity | null>((ids) =>
    this.scope.read(async (manager) => {
      const rows = await manager.getRepository(ExpertMeetingEntity).findBy({ id: In([...ids]) });
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
  );

  readonly participantsByMeeting = new DataLoader<string, MeetingParticipantEntity[]>((meetingIds) =>
    this.scope.read(async (manager) => {
      const rows = await manager.getRepository(MeetingParticipantEntity).findBy({ meetingId: In([...meetingIds]) });
      return meetingIds.map((meetingId) => rows.filter((row) => row.meetingId === meetingId));
    }),
  );
}
