import { Injectable } from '@nestjs/common';
import { RateLimitedError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import type { Actor } from './actor.js';
import { UsageWindows } from './usage-windows.js';

/**
 * What a token and an organisation may spend a minute, in the estimated cost of their operations (cost-limits.ts):
 * the request limit counts a cheap `me` and a page of 100 alike, the budgets count the work. Each operation is charged
 * its estimate before it runs, and refused, with the time until the next minute, once a budget is spent.
 */
@Injectable()
export class CostBudgets {
  constructor(
    private readonly config: AppConfig,
    private readonly windows: UsageWindows,
  ) {}

  charge(actor: Actor, cost: number): void {
    const { COST_PER_MINUTE_PER_TOKEN: perToken, COST_PER_MINUTE_PER_ORGANISATION: perOrganisation } = this.config;
    if (this.windows.add(`cost:token:${actor.tokenId}`, cost) > perToken) this.refuse('Your token', perToken, cost);
    // Charged only once the token's budget allowed it: a script that goes on after its refusal spends no colleague's.
    if (this.windows.add(`cost:organisation:${actor.organisationId}`, cost) > perOrganisation) {
      this.refuse('Your organisation', perOrganisation, cost);
    }
  }

  private refuse(who: string, budget: number, cost: number): never {
    const seconds = this.windows.secondsLeft();
    throw new RateLimitedError(
      `${who} has spent its budget of ${budget} a minute in query cost (this query costs ${cost}): try again in ${seconds} seconds, or ask for less at once.`,
      seconds,
    );
  }
}
