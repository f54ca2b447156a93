import { AuditEventEntity } from './audit/audit-event.entity.js';
import { ApiTokenEntity } from './organisations/api-token.entity.js';
import { ConsentEntity } from './consents/consent.entity.js';
import { FollowUpReportEntity } from './follow-ups/follow-up-report.entity.js';
import { FollowUpEntity } from './follow-ups/follow-up.entity.js';
import { MemberEntity } from './organisations/member.entity.js';
import { OrganisationEntity } from './organisations/organisation.entity.js';
import { IdempotencyKeyEntity } from './database/idempotency-key.entity.js';
import { ReferralEventEntity } from './referrals/referral-event.entity.js';
import { ReferralMessageEntity } from './referrals/referral-message.entity.js';
import { ReferralEntity } from './referrals/referral.entity.js';
import { PersonalRecordEntity } from './personal-data/personal-record.entity.js';
import { SubjectAccessEventEntity } from './personal-data/subject-access-event.entity.js';
import { SubjectKeyEntity } from './crypto/subject-key.entity.js';
import { RegistrationFigureEntity } from './statistics/registration-figure.entity.js';
import { SubjectEntity } from './subjects/subject.entity.js';
import { ExpertMeetingEntity } from './meetings/expert-meeting.entity.js';
import { MeetingParticipantEntity } from './meetings/meeting-participant.entity.js';
import { PracticeCommentEntity } from './practices/practice-comment.entity.js';
import { PracticeEndorsementEntity } from './practices/practice-endorsement.entity.js';
import { PracticeRevisionEntity } from './practices/practice-revision.entity.js';
import { PracticeEntity } from './practices/practice.entity.js';

export const ENTITIES = [
  OrganisationEntity,
  MemberEntity,
  ApiTokenEntity,
  AuditEventEntity,
  SubjectEntity,
  SubjectKeyEntity,
  PersonalRecordEntity,
  ConsentEntity,
  ReferralEntity,
  ReferralEventEntity,
  ReferralMessageEntity,
  SubjectAccessEventEntity,
  IdempotencyKeyEntity,
  FollowUpEntity,
  FollowUpReportEntity,
  ExpertMeetingEntity,
  MeetingParticipantEntity,
  PracticeEntity,
  PracticeRevisionEntity,
  PracticeEndorsementEntity,
  PracticeCommentEntity,
  RegistrationFigureEntity,
];
