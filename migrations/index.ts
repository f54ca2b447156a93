import { Foundation1764417600000 } from './1764417600000-Foundation.js';
import { Referrals1764500000000 } from './1764500000000-Referrals.js';
import { FollowUps1764550000000 } from './1764550000000-FollowUps.js';
import { PracticesAndMeetings1764600000000 } from './1764600000000-PracticesAndMeetings.js';
import { Statistics1764650000000 } from './1764650000000-Statistics.js';
import { StatisticsJoinsOnDemand1764700000000 } from './1764700000000-StatisticsJoinsOnDemand.js';
import { ReceiverSeesSubmittedReferrals1764750000000 } from './1764750000000-ReceiverSeesSubmittedReferrals.js';
import { ReferralStatisticsRollUp1764800000000 } from './1764800000000-ReferralStatisticsRollUp.js';
import { MasterKeyCheck1764900000000 } from './1764900000000-MasterKeyCheck.js';
import { SealedNotes1765000000000 } from './1765000000000-SealedNotes.js';
import { VerifyAuditChainInRequest1765100000000 } from './1765100000000-VerifyAuditChainInRequest.js';
import { StatisticsCellKeys1765200000000 } from './1765200000000-StatisticsCellKeys.js';
import { ReintegrationCellKeys1765300000000 } from './1765300000000-ReintegrationCellKeys.js';
import { EveryBrokenAuditLink1765400000000 } from './1765400000000-EveryBrokenAuditLink.js';
import { TokenLineage1765500000000 } from './1765500000000-TokenLineage.js';
import { UsageWindows1765600000000 } from './1765600000000-UsageWindows.js';
import { PartnerEvents1765700000000 } from './1765700000000-PartnerEvents.js';
import { ScheduledWork1765710000000 } from './1765710000000-ScheduledWork.js';
import { Webhooks1765720000000 } from './1765720000000-Webhooks.js';
import { ForgivingPracticeSearch1765800000000 } from './1765800000000-ForgivingPracticeSearch.js';
import { IdempotencyForEveryCreate1766000000000 } from './1766000000000-IdempotencyForEveryCreate.js';
import { ConsoleSessions1766200000000 } from './1766200000000-ConsoleSessions.js';
import { EventIdLookup1766400000000 } from './1766400000000-EventIdLookup.js';
import { SignInLinks1766600000000 } from './1766600000000-SignInLinks.js';
import { AuditEventsAtCommit1766900000000 } from './1766900000000-AuditEventsAtCommit.js';

// Every migration, oldest first. `npm run migration:generate -- Name` adds to this list.
export const MIGRATIONS = [
  Foundation1764417600000,
  Referrals1764500000000,
  FollowUps1764550000000,
  PracticesAndMeetings1764600000000,
  Statistics1764650000000,
  StatisticsJoinsOnDemand1764700000000,
  ReceiverSeesSubmittedReferrals1764750000000,
  ReferralStatisticsRollUp1764800000000,
  MasterKeyCheck1764900000000,
  SealedNotes1765000000000,
  VerifyAuditChainInRequest1765100000000,
  StatisticsCellKeys1765200000000,
  ReintegrationCellKeys1765300000000,
  EveryBrokenAuditLink1765400000000,
  TokenLineage1765500000000,
  UsageWindows1765600000000,
  PartnerEvents1765700000000,
  ScheduledWork1765710000000,
  Webhooks1765720000000,
  ForgivingPracticeSearch1765800000000,
  IdempotencyForEveryCreate1766000000000,
  ConsoleSessions1766200000000,
  EventIdLookup1766400000000,
  SignInLinks1766600000000,
  AuditEventsAtCommit1766900000000,
];
