import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subjects with encrypted personal data, consents, referrals with their
 * events and messages, and the log of reads of personal data.
 */
export class Referrals1764500000000 implements MigrationInterface {
  name = 'Referrals1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "subjects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "pseudonym" character varying(20) NOT NULL, "nationality" character varying(2) NOT NULL, "country_of_return" character varying(2) NOT NULL, "gender" character varying(10) NOT NULL, "birth_year" integer, "registered_by_member_id" uuid NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "erased_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1a023685ac2b051b4e557b0b280" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE UNIQUE INDEX "UQ_subjects_pseudonym" ON "subjects"  ("organisation_id", "pseudonym") `);
    await db.query(
      `CREATE TABLE "consents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "recipient_organisation_ids" uuid array NOT NULL, "purposes" text array NOT NULL, "categories" text array NOT NULL, "given_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "language" character varying(2) NOT NULL, "interpreter_present" boolean NOT NULL, "form_reference" character varying(200) NOT NULL, "recorded_by_member_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_by_member_id" uuid, "withdrawal_reason" character varying(500), CONSTRAINT "PK_9efc68eb6aba7d638fb6ea034dd" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_consents_subject" ON "consents"  ("subject_id") `);
    await db.query(
      `CREATE TABLE "idempotency_keys" ("organisation_id" uuid NOT NULL, "key" character varying(100) NOT NULL, "operation" character varying(40) NOT NULL, "referral_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94ad185cd620ee841022da26a8b" PRIMARY KEY ("organisation_id", "key"))`,
    );
    await db.query(
      `CREATE TABLE "referrals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(20) NOT NULL, "sender_organisation_id" uuid NOT NULL, "receiver_organisation_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "consent_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "version" integer NOT NULL DEFAULT '1', "exploitation_types" text array NOT NULL DEFAULT '{}', "risk_level" character varying(10), "sender_country" character varying(2) NOT NULL, "receiver_country" character varying(2) NOT NULL, "age_band" character varying(10), "created_by_member_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP WITH TIME ZONE, "arrived_on" date, "status_reason" character varying(1000), CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_referrals_consent" ON "referrals"  ("consent_id") `);
    await db.query(`CREATE INDEX "IDX_referrals_subject" ON "referrals"  ("subject_id") `);
    await db.query(`CREATE INDEX "IDX_referrals_inbox" ON "referrals"  ("receiver_organisation_id", "updated_at", "id") `);
    await db.query(`CREATE INDEX "IDX_referrals_outbox" ON "referrals"  ("sender_organisation_id", "updated_at", "id") `);
    await db.query(`CREATE UNIQUE INDEX "UQ_referrals_reference" ON "referrals"  ("reference") `);
    await db.query(
      `CREATE TABLE "referral_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "sender_organisation_id" uuid NOT NULL, "receiver_organisation_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "from_status" character varying(20), "to_status" character varying(20), "actor_organisation_id" uuid, "actor_member_id" uuid, "note" character varying(1000), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_850a7d8ea24a8e90aba261d0190" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_referral_events_referral" ON "referral_events"  ("referral_id", "occurred_at") `);
    await db.query(
      `CREATE TABLE "referral_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "sender_organisation_id" uuid NOT NULL, "receiver_organisation_id" uuid NOT NULL, "author_organisation_id" uuid NOT NULL, "author_member_id" uuid NOT NULL, "ciphertext" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_daf4d5cff5b08da926992f2acf8" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_referral_messages_referral" ON "referral_messages"  ("referral_id", "created_at") `);
    await db.query(
      `CREATE TABLE "personal_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "referral_id" uuid, "kind" character varying(30) NOT NULL, "ciphertext" bytea NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba9cfbd0af0e7e81265ea1b72a4" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE UNIQUE INDEX "UQ_personal_records_referral_kind" ON "personal_records"  ("referral_id", "kind") WHERE referral_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX "UQ_personal_records_subject_kind" ON "personal_records"  ("subject_id", "kind") WHERE referral_id IS NULL`,
    );
    await db.query(
      `CREATE TABLE "subject_access_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "referral_id" uuid, "reader_organisation_id" uuid NOT NULL, "reader_member_id" uuid NOT NULL, "kinds" text array NOT NULL, "legal_basis" character varying(20) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7cdbeca80ebda54ecde9b2f0c26" PRIMARY KEY ("id"))`,
    );
    await db.query(
      `CREATE INDEX "IDX_subject_access_events_subject" ON "subject_access_events"  ("organisation_id", "subject_id", "occurred_at") `,
    );
    await db.query(
      `CREATE TABLE "subject_keys" ("subject_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "master_key_fingerprint" character varying(16) NOT NULL, "wrapped_key" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cdf13a0f97389627e107b9b5be6" PRIMARY KEY ("subject_id"))`,
    );
    await db.query(
      `ALTER TABLE "subjects" ADD CONSTRAINT "FK_500974f8d52b55305979c212902" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "consents" ADD CONSTRAINT "FK_b2032ad59856fa461e8a75b9ab1" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "FK_3f11209c494b141a7c5761adc57" FOREIGN KEY ("sender_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "FK_c310806041375dac42be96258c1" FOREIGN KEY ("receiver_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "FK_491ef8f44a09fbe23bd677013ba" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "referrals" ADD CONSTRAINT "FK_c8c8f479864d43b9fe0233065a4" FOREIGN KEY ("consent_id") REFERENCES "consents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "referral_events" ADD CONSTRAINT "FK_f784bd7780f323ff43ff4d9eadb" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "referral_messages" ADD CONSTRAINT "FK_0c48ba0f97ea219eefe21490fd4" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "personal_records" ADD CONSTRAINT "FK_c2cedfdd1fd741e9c638cd8cc7f" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "subject_keys" ADD CONSTRAINT "FK_cdf13a0f97389627e107b9b5be6" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await this.secure(db);
  }

  /** Row-level security: the owner sees its subjects; a referral's two organisations see what they share. */
  private async secure(db: QueryRunner): Promise<void> {
    const tables = [
      'subjects',
      'subject_keys',
      'personal_records',
      'consents',
      'referrals',
      'referral_events',
      'referral_messages',
      'subject_access_events',
      'idempotency_keys',
    ];
    for (const table of tables) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    }
    // A receiver sees a referral once it is submitted, never its draft.
    await db.query(`CREATE POLICY referrals_parties ON referrals FOR SELECT TO ravot_app
      USING (sender_organisation_id = app_organisation_id() OR (receiver_organisation_id = app_organisation_id() AND status <> 'DRAFT'))`);
    await db.query(
      `CREATE POLICY referrals_create ON referrals FOR INSERT TO ravot_app WITH CHECK (sender_organisation_id = app_organisation_id())`,
    );
    await db.query(`CREATE POLICY referrals_change ON referrals FOR UPDATE TO ravot_app
      USING (sender_organisation_id = app_organisation_id() OR (receiver_organisation_id = app_organisation_id() AND status <> 'DRAFT'))
      WITH CHECK (app_organisation_id() IN (sender_organisation_id, receiver_organisation_id))`);
    const receiverOfSubject = (column: string) =>
      `EXISTS (SELECT 1 FROM referrals r WHERE r.subject_id = ${column} AND r.receiver_organisation_id = app_organisation_id() AND r.status <> 'DRAFT')`;
    await db.query(`CREATE POLICY subjects_owner ON subjects FOR ALL TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    await db.query(`CREATE POLICY subjects_receiver ON subjects FOR SELECT TO ravot_app USING (${receiverOfSubject('subjects.id')})`);
    await db.query(`CREATE POLICY subject_keys_owner ON subject_keys FOR ALL TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    await db.query(
      `CREATE POLICY subject_keys_receiver ON subject_keys FOR SELECT TO ravot_app USING (${receiverOfSubject('subject_keys.subject_id')})`,
    );
    await db.query(`CREATE POLICY personal_records_owner ON personal_records FOR ALL TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    await db.query(`CREATE POLICY personal_records_receiver ON personal_records FOR SELECT TO ravot_app USING (
      CASE WHEN referral_id IS NULL THEN ${receiverOfSubject('personal_records.subject_id')}
      ELSE EXISTS (SELECT 1 FROM referrals r WHERE r.id = personal_records.referral_id AND r.receiver_organisation_id = app_organisation_id() AND r.status <> 'DRAFT') END)`);
    await db.query(`CREATE POLICY consents_owner ON consents FOR ALL TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    await db.query(
      `CREATE POLICY consents_recipient ON consents FOR SELECT TO ravot_app USING (app_organisation_id() = ANY (recipient_organisation_ids))`,
    );
    for (const table of ['referral_events', 'referral_messages']) {
      const parties = `app_organisation_id() IN (sender_organisation_id, receiver_organisation_id) AND EXISTS (SELECT 1 FROM referrals r WHERE r.id = ${table}.referral_id)`;
      await db.query(`CREATE POLICY ${table}_parties ON ${table} FOR SELECT TO ravot_app USING (${parties})`);
      await db.query(`CREATE POLICY ${table}_write ON ${table} FOR INSERT TO ravot_app WITH CHECK (${parties})`);
    }
    await db.query(
      `CREATE POLICY subject_access_events_owner ON subject_access_events FOR SELECT TO ravot_app USING (organisation_id = app_organisation_id())`,
    );
    await db.query(
      `CREATE POLICY subject_access_events_reader ON subject_access_events FOR INSERT TO ravot_app WITH CHECK (reader_organisation_id = app_organisation_id())`,
    );
    await db.query(
      `CREATE TRIGGER subject_access_events_no_change BEFORE UPDATE OR DELETE ON subject_access_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
    await db.query(`CREATE POLICY idempotency_keys_owner ON idempotency_keys FOR ALL TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON subjects, personal_records, consents, referrals TO ravot_app`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON subject_keys TO ravot_app`);
    await db.query(`GRANT SELECT, INSERT ON referral_events, referral_messages, subject_access_events, idempotency_keys TO ravot_app`);

    // References like NL-2026-000123 count per sending country and year, across organisations: one narrow function.
    await db.query(
      `CREATE TABLE referral_counters (country varchar(2) NOT NULL, year int NOT NULL, last_value int NOT NULL, PRIMARY KEY (country, year))`,
    );
    await db.query(`CREATE FUNCTION next_referral_reference(p_country text) RETURNS text
      LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      INSERT INTO referral_counters AS c (country, year, last_value) VALUES (p_country, extract(year FROM now())::int, 1)
      ON CONFLICT (country, year) DO UPDATE SET last_value = c.last_value + 1
      RETURNING format('%s-%s-%s', c.country, c.year, lpad(c.last_value::text, 6, '0')) $$`);
    await db.query(`REVOKE ALL ON FUNCTION next_referral_reference(text) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION next_referral_reference(text) TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION next_referral_reference(text)`);
    await db.query(`DROP TABLE referral_counters`);
    // These policies look into referrals, so they go before it.
    await db.query(`DROP POLICY subjects_receiver ON subjects`);
    await db.query(`DROP POLICY subject_keys_receiver ON subject_keys`);
    await db.query(`DROP POLICY personal_records_receiver ON personal_records`);
    await db.query(`ALTER TABLE "subject_keys" DROP CONSTRAINT "FK_cdf13a0f97389627e107b9b5be6"`);
    await db.query(`ALTER TABLE "personal_records" DROP CONSTRAINT "FK_c2cedfdd1fd741e9c638cd8cc7f"`);
    await db.query(`ALTER TABLE "referral_messages" DROP CONSTRAINT "FK_0c48ba0f97ea219eefe21490fd4"`);
    await db.query(`ALTER TABLE "referral_events" DROP CONSTRAINT "FK_f784bd7780f323ff43ff4d9eadb"`);
    await db.query(`ALTER TABLE "referrals" DROP CONSTRAINT "FK_c8c8f479864d43b9fe0233065a4"`);
    await db.query(`ALTER TABLE "referrals" DROP CONSTRAINT "FK_491ef8f44a09fbe23bd677013ba"`);
    await db.query(`ALTER TABLE "referrals" DROP CONSTRAINT "FK_c310806041375dac42be96258c1"`);
    await db.query(`ALTER TABLE "referrals" DROP CONSTRAINT "FK_3f11209c494b141a7c5761adc57"`);
    await db.query(`ALTER TABLE "consents" DROP CONSTRAINT "FK_b2032ad59856fa461e8a75b9ab1"`);
    await db.query(`ALTER TABLE "subjects" DROP CONSTRAINT "FK_500974f8d52b55305979c212902"`);
    await db.query(`DROP TABLE "subject_keys"`);
    await db.query(`DROP INDEX "public"."IDX_subject_access_events_subject"`);
    await db.query(`DROP TABLE "subject_access_events"`);
    await db.query(`DROP INDEX "public"."UQ_personal_records_subject_kind"`);
    await db.query(`DROP INDEX "public"."UQ_personal_records_referral_kind"`);
    await db.query(`DROP TABLE "personal_records"`);
    await db.query(`DROP INDEX "public"."IDX_referral_messages_referral"`);
    await db.query(`DROP TABLE "referral_messages"`);
    await db.query(`DROP INDEX "public"."IDX_referral_events_referral"`);
    await db.query(`DROP TABLE "referral_events"`);
    await db.query(`DROP INDEX "public"."UQ_referrals_reference"`);
    await db.query(`DROP INDEX "public"."IDX_referrals_outbox"`);
    await db.query(`DROP INDEX "public"."IDX_referrals_inbox"`);
    await db.query(`DROP INDEX "public"."IDX_referrals_subject"`);
    await db.query(`DROP INDEX "public"."IDX_referrals_consent"`);
    await db.query(`DROP TABLE "referrals"`);
    await db.query(`DROP TABLE "idempotency_keys"`);
    await db.query(`DROP INDEX "public"."IDX_consents_subject"`);
    await db.query(`DROP TABLE "consents"`);
    await db.query(`DROP INDEX "public"."UQ_subjects_pseudonym"`);
    await db.query(`DROP TABLE "subjects"`);
  }
}
