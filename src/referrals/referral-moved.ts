import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { ChangeSteps } from '../common/change-steps.js';
import type { ReferralAction } from './referral-lifecycle.js';
import type { ReferralEntity } from './referral.entity.js';

/** A referral moved through its lifecycle (as it is after the move): follow-ups start on arrival and end on closing. */
@Injectable()
export class ReferralMoved extends ChangeSteps<{ actor: Actor; referral: ReferralEntity; action: ReferralAction; reason?: string }> {}
