import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { entityRows } from '../database/entity-rows.js';
import type { Shape } from '../graphql/selection.js';
import { ListedReferral, ReferralPages } from '../referrals/referral-page.js';
import { ReferralEntity } from '../referrals/referral.entity.js';
import { FollowUpEntity } from './follow-up.entity.js';

/** A referral with the follow-up due most recently, when its page read it along (undefined when it did not). */
export type WithLatestFollowUp = ReferralEntity & { latestFollowUp?: FollowUpEntity | null };

/**
 * A follow-up's fields that need nothing of its referral but the narrow page's columns (ReferralPages): not its
 * `referral`, which would be a narrow one.
 */
const FOLLOW_UP_SHAPE: Shape = {
  id: true,
  referralId: true,
  sequence: true,
  dueOn: true,
  status: true,
  submittedAt: true,
  closedAt: true,
  createdAt: true,
  carriesReintegrationPlan: true,
};

/**
 * The follow-up due most recently (on or before today) of each referral, read along with every inbox and outbox
 * page and every detail: an inbox shows it on every line, and a statement of its own would cost a page a third more.
 */
@Injectable()
export class LatestFollowUp implements OnModuleInit {
  private readonly rows;

  constructor(
    dataSource: DataSource,
    private readonly pages: ReferralPages,
  ) {
    this.rows = entityRows(dataSource, FollowUpEntity, 'f');
  }

  onModuleInit(): void {
    this.pages.add({
      name: 'latest_follow_ups',
      select: (today) => `SELECT json_agg(${this.rows.array}) FROM page p CROSS JOIN LATERAL (
            SELECT * FROM follow_ups f WHERE f.referral_id = p.id AND f.due_on <= ${today}
            ORDER BY f.due_on DESC, f.sequence DESC LIMIT 1) f`,
      attach: (rows, referrals) => this.attach(rows, referrals),
      // flags reads the referral's follow-ups by its id, and its consent.
      narrowFields: { latestFollowUp: FOLLOW_UP_SHAPE, flags: true },
    });
  }

  private attach(rows: unknown[][], referrals: ListedReferral[]): void {
    const latest = new Map(rows.map((array) => this.rows.read(array)!).map((followUp) => [followUp.referralId, followUp]));
    for (const referral of referrals as WithLatestFollowUp[]) {
      referral.latestFollowUp = latest.get(referral.id) ?? null;
      // Its status depends on the referral's consent: read along too.
      if (referral.latestFollowUp) referral.latestFollowUp.referral = referral;
    }
  }
}
