import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/decorators.js';
import { Role } from '../auth/role.js';
import { BadUserInputError } from '../common/errors.js';
import { ConsentsService } from '../consents/consents.service.js';
import { Idempotency } from '../database/idempotency.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { SubjectsService } from '../subjects/subjects.service.js';
import { RegisterAndReferInput, RegisterAndReferPayload } from './dto/register-and-refer.js';
import { ReferralTransitionsService } from './referral-transitions.service.js';
import { ReferralsService } from './referrals.service.js';

/**
 * What a sending case worker does for one person, as one operation: register them, record their consent, create the
 * referral and (unless asked not to) submit it. The four steps are the four mutations' own, in one transaction: all
 * are written or none, so a failed step leaves no person without a referral behind, and a retry (with the key) cannot
 * register the person twice.
 */
@Resolver()
export class RegisterAndReferResolver {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly idempotency: Idempotency,
    private readonly subjects: SubjectsService,
    private readonly consents: ConsentsService,
    private readonly referrals: ReferralsService,
    private readonly transitions: ReferralTransitionsService,
  ) {}

  @Roles(Role.CASE_WORKER)
  @Mutation(() => RegisterAndReferPayload, {
    description: [
      'Registers a person, records their consent, creates the referral and submits it (`submit: false` keeps it a draft), in one transaction:',
      'either all of it is written or none of it. Each part takes what registerSubject, recordConsent and createReferral take and is checked as they check it;',
      'a problem is reported under its part, e.g. ["input","referral","caseHistory","nationalFields",2,"value"].',
    ].join(' '),
  })
  registerAndRefer(@CurrentActor() actor: Actor, @Args('input') input: RegisterAndReferInput): Promise<RegisterAndReferPayload> {
    return this.tenants.together(actor, (manager) =>
      this.idempotency.create(
        manager,
        { name: 'registerAndRefer', organisationId: actor.organisationId, input },
        (referralId) => this.answerFor(actor, referralId),
        () => this.refer(actor, input),
      ),
    );
  }

  private async refer(actor: Actor, input: RegisterAndReferInput) {
    const subject = await underPart('subject', () => this.subjects.register(actor, input.subject));
    const consent = await underPart('consent', () => this.consents.record(actor, { ...input.consent, subjectId: subject.id }));
    let referral = await underPart('referral', () =>
      this.referrals.create(actor, { ...input.referral, subjectId: subject.id, consentId: consent.id }),
    );
    if (input.submit) {
      referral = await underPart('referral', () =>
        this.transitions.submit(actor, { referralId: referral.id, expectedVersion: referral.version }),
      );
    }
    return { id: referral.id, subject, consent, referral };
  }

  /** A retry with the key: what the first try made, read in this transaction. */
  private async answerFor(actor: Actor, referralId: string) {
    const referral = await this.referrals.answerFor(actor, referralId);
    const subject = await this.subjects.get(actor, referral.subjectId);
    const consents = await this.consents.ofSubject(actor, referral.subjectId);
    return { id: referral.id, subject, consent: consents.find((consent) => consent.id === referral.consentId)!, referral };
  }
}

/** A step's input problems, reported under the part of the input it took (`input.referral...`, not `input...`). */
async function underPart<T>(part: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    const problems = error.problems.map((problem) =>
      problem.path[0] === 'input' ? { ...problem, path: ['input', part, ...problem.path.slice(1)] } : problem,
    );
    throw new BadUserInputError(error.message, problems);
  }
}
