import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { ChangeSteps } from '../common/change-steps.js';

/** Consents were withdrawn (by the person, or with their erasure): the referrals made under them stop. */
@Injectable()
export class ConsentsEnded extends ChangeSteps<{ actor: Actor; consentIds: string[]; note: string }> {}
