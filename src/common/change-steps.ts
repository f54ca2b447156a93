import type { EntityManager } from 'typeorm';

type Step<Change> = (manager: EntityManager, change: Change) => Promise<void>;

/**
 * What the modules built on a change do when it happens, inside the change's own transaction. The module that makes
 * the change (a person erased, consents ended, a referral moved) announces it here, and the modules above it add
 * their steps at start, so that the lower one never imports them. Steps run in the order they were added; a step
 * that fails fails the change.
 */
export class ChangeSteps<Change> {
  private readonly steps: Step<Change>[] = [];

  add(step: Step<Change>): void {
    this.steps.push(step);
  }

  async run(manager: EntityManager, change: Change): Promise<void> {
    for (const step of this.steps) await step(manager, change);
  }
}
