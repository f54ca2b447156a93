import { AuditModule } from './audit/audit.module.js';
import { ConfigModule } from './config/config.module.js';
import { ConsentsModule } from './consents/consents.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ENTITIES } from './entities.js';
import { EventsModule } from './events/events.module.js';
import { FollowUpsModule } from './follow-ups/follow-ups.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { PracticesModule } from './practices/practices.module.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { SubjectsModule } from './subjects/subjects.module.js';

/**
 * The domain modules, shared by the HTTP service, the command line and the tests of rules that need no HTTP. Nothing
 * here loads the GraphQL server or the HTTP stack, so a process that needs neither starts without them.
 */
export const DOMAIN_MODULES = [
  ConfigModule,
  DatabaseModule.forRoot(ENTITIES),
  AuditModule,
  OrganisationsModule,
  PartnersModule,
  PersonalDataModule,
  EventsModule,
  SubjectsModule,
  ConsentsModule,
  ReferralsModule,
  FollowUpsModule,
  MeetingsModule,
  PracticesModule,
  StatisticsModule,
];
