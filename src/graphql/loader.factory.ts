import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { FollowUpReportsService } from '../follow-ups/follow-up-reports.service.js';
import { ReferralMessagesService } from '../referrals/referral-messages.service.js';
import { PersonalDataVault } from '../subjects/personal-data-vault.js';
import { AuthenticatedRequest } from '../auth/request-of.js';
import { RequestLoaders } from './request-loaders.js';

/** Makes each request's loaders, with the services they batch into. */
@Injectable()
export class LoaderFactory {
  constructor(
    readonly tenants: TenantDatabase,
    readonly vault: PersonalDataVault,
    readonly messages: ReferralMessagesService,
    readonly reports: FollowUpReportsService,
    readonly clock: Clock,
  ) {}

  create(request: AuthenticatedRequest): RequestLoaders {
    return new RequestLoaders(this, request);
  }
}
