import { MigrationInterface, QueryRunner } from 'typeorm';

/** Follow-ups after return and their reports, shared by the referral's two organisations. */
export class FollowUps1764550000000 implements MigrationInterface {
  name = 'FollowUps1764550000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "sender_organisation_id" uuid NOT NULL, "receiver_organisation_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "sequence" integer NOT NULL, "due_on" date NOT NULL, "carries_reintegration_plan" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP WITH TIME ZONE, "closed_as" character varying(10), "closed_at" TIMESTAMP WITH TIME ZONE, "closure_reason" character varying(500), CONSTRAINT "PK_d510aabdff2ec7fdc67a1092157" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_follow_ups_referral" ON "follow_ups"  ("referral_id", "due_on") `);
    await db.query(`CREATE INDEX "IDX_follow_ups_worklist" ON "follow_ups"  ("receiver_organisation_id", "due_on", "id") `);
    await db.query(
      `CREATE TABLE "follow_up_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "follow_up_id" uuid NOT NULL, "referral_id" uuid NOT NULL, "sender_organisation_id" uuid NOT NULL, "receiver_organisation_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "version" integer NOT NULL, "economic_score" smallint NOT NULL, "social_score" smallint NOT NULL, "psychosocial_score" smallint NOT NULL, "safety_level" character varying(10) NOT NULL, "risk_indicators" text array NOT NULL DEFAULT '{}', "services_delivered" jsonb NOT NULL DEFAULT '[]', "ciphertext" bytea NOT NULL, "submitted_by_member_id" uuid NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3b0fcea50dc36fe694df8f9866c" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_follow_up_reports_referral" ON "follow_up_reports"  ("referral_id", "submitted_at") `);
    await db.query(`CREATE UNIQUE INDEX "UQ_follow_up_reports_version" ON "follow_up_reports"  ("follow_up_id", "version") `);
    await db.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_c339585d73a53d7f584ab1f71dc" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "follow_up_reports" ADD CONSTRAINT "FK_ac07289bda447f03ee5d494d245" FOREIGN KEY ("follow_up_id") REFERENCES "follow_ups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of ['follow_ups', 'follow_up_reports']) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      // Both organisations of the referral see its follow-ups; the receiver writes them, the sender may cancel them.
      await db.query(`CREATE POLICY ${table}_parties ON ${table} FOR SELECT TO ravot_app
        USING (app_organisation_id() IN (sender_organisation_id, receiver_organisation_id))`);
      await db.query(
        `CREATE POLICY ${table}_receiver_writes ON ${table} FOR INSERT TO ravot_app WITH CHECK (receiver_organisation_id = app_organisation_id())`,
      );
      await db.query(`CREATE POLICY ${table}_change ON ${table} FOR UPDATE TO ravot_app
        USING (app_organisation_id() IN (sender_organisation_id, receiver_organisation_id))
        WITH CHECK (app_organisation_id() IN (sender_organisation_id, receiver_organisation_id))`);
    }
    await db.query(`GRANT SELECT, INSERT, UPDATE ON follow_ups, follow_up_reports TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "follow_up_reports" DROP CONSTRAINT "FK_ac07289bda447f03ee5d494d245"`);
    await db.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "FK_c339585d73a53d7f584ab1f71dc"`);
    await db.query(`DROP INDEX "public"."UQ_follow_up_reports_version"`);
    await db.query(`DROP INDEX "public"."IDX_follow_up_reports_referral"`);
    await db.query(`DROP TABLE "follow_up_reports"`);
    await db.query(`DROP INDEX "public"."IDX_follow_ups_worklist"`);
    await db.query(`DROP INDEX "public"."IDX_follow_ups_referral"`);
    await db.query(`DROP TABLE "follow_ups"`);
  }
}
