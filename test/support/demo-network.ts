import type { INestApplication } from '@nestjs/common';
import { Clock } from '../../src/common/clock.js';
import { ConsentsService } from '../../src/consents/consents.service.js';
import { TenantDatabase } from '../../src/database/tenant-database.js';
import { DemoCasesService } from '../../src/demo/demo-cases.service.js';
import { DemoNetworkService } from '../../src/demo/demo-network.service.js';
import { FollowUpReportsService } from '../../src/follow-ups/follow-up-reports.service.js';
import { MeetingsService } from '../../src/meetings/meetings.service.js';
import { MembersService } from '../../src/organisations/members.service.js';
import { NetworkBootstrapService } from '../../src/organisations/network-bootstrap.service.js';
import { OrganisationsService } from '../../src/organisations/organisations.service.js';
import { TokensService } from '../../src/organisations/tokens.service.js';
import { PracticesService } from '../../src/practices/practices.service.js';
import { ReferralMessagesService } from '../../src/referrals/referral-messages.service.js';
import { ReferralTransitionsService } from '../../src/referrals/referral-transitions.service.js';
import { ReferralsService } from '../../src/referrals/referrals.service.js';
import { SubjectsService } from '../../src/subjects/subjects.service.js';

/** The `demo` command's service over the application's own providers (the command line has a module of its own). */
export function demoNetwork(app: INestApplication): DemoNetworkService {
  const cases = new DemoCasesService(
    app.get(TenantDatabase),
    app.get(SubjectsService),
    app.get(ConsentsService),
    app.get(ReferralsService),
    app.get(ReferralTransitionsService),
    app.get(ReferralMessagesService),
    app.get(FollowUpReportsService),
    app.get(Clock),
  );
  return new DemoNetworkService(
    app.get(TenantDatabase),
    app.get(NetworkBootstrapService),
    app.get(OrganisationsService),
    app.get(MembersService),
    app.get(TokensService),
    app.get(MeetingsService),
    app.get(PracticesService),
    cases,
  );
}
