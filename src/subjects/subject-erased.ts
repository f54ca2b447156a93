import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { ChangeSteps } from '../common/change-steps.js';
import type { SubjectEntity } from './subject.entity.js';

/** A person's data was erased: their consents end with it (see ConsentsModule). */
@Injectable()
export class SubjectErased extends ChangeSteps<{ actor: Actor; subject: SubjectEntity }> {}
