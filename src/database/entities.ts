import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ApiTokenEntity } from '../auth/api-token.entity.js';
import { ExpertMeetingEntity } from '../meetings/expert-meeting.entity.js';
import { MeetingParticipantEntity } from '../meetings/meeting-participant.entity.js';
import { MemberEntity } from '../organisations/member.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { PracticeCommentEntity } from '../practices/practice-comment.entity.js';
import { PracticeEndorsementEntity } from '../practices/practice-endorsement.entity.js';
import { PracticeRevisionEntity } from '../practices/practice-revision.entity.js';
import { PracticeEntity } from '../practices/practice.entity.js';

export const ENTITIES = [
  OrganisationEntity,
  MemberEntity,
  ApiTokenEntity,
  AuditEventEntity,
  ExpertMeetingEntity,
  MeetingParticipantEntity,
  PracticeEntity,
  PracticeRevisionEntity,
  PracticeEndorsementEntity,
  PracticeCommentEntity,
];
