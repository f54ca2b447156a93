import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Best-practice records (with revisions, endorsements and comments) and expert
 * meetings. Published practices and all meetings are network-wide; drafts and
 * archived records are seen by the author organisation only. Each practice keeps
 * a tsvector of its text in its own language's configuration, maintained by a
 * trigger and indexed with GIN, so a search costs what it finds.
 */
export class PracticesAndMeetings1764600000000 implements MigrationInterface {
  name = 'PracticesAndMeetings1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE "expert_meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "country" character varying(2) NOT NULL, "city" character varying(120) NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "agenda" text array NOT NULL DEFAULT '{}', "challenges" text array NOT NULL DEFAULT '{}', "status" character varying(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c3ad52de1a7652961ce49f918b8" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_expert_meetings_dates" ON "expert_meetings" ("starts_on", "id")`);
    await db.query(
      `CREATE TABLE "expert_meeting_participants" ("meeting_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "status" character varying(20) NOT NULL, CONSTRAINT "PK_expert_meeting_participants" PRIMARY KEY ("meeting_id", "organisation_id"))`,
    );
    await db.query(
      `CREATE TABLE "practices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "author_member_id" uuid NOT NULL, "title" character varying(300) NOT NULL, "summary" character varying(2000) NOT NULL, "body" text NOT NULL, "language" character varying(8) NOT NULL, "search_config" character varying(30) NOT NULL, "search_vector" tsvector NOT NULL, "themes" text array NOT NULL DEFAULT '{}', "exploitation_types" text array NOT NULL DEFAULT '{}', "countries" text array NOT NULL DEFAULT '{}', "meeting_id" uuid, "contact_organisation_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "revision" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0934829c5859a843625e6ff1c34" PRIMARY KEY ("id"))`,
    );
    // Records are written seldom and searched often: without the pending list, every search reads the index alone.
    await db.query(`CREATE INDEX "IDX_practices_search" ON "practices" USING gin ("search_vector") WITH (fastupdate = off)`);
    await db.query(`CREATE INDEX "IDX_practices_meeting" ON "practices" ("meeting_id")`);
    await db.query(`CREATE INDEX "IDX_practices_listing" ON "practices" ("status", "published_at", "id")`);
    await db.query(
      `CREATE TABLE "practice_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "member_id" uuid NOT NULL, "body" character varying(4000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d361578ffd78f7f505e9d8f23fd" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE INDEX "IDX_practice_comments_practice" ON "practice_comments" ("practice_id", "created_at", "id")`);
    await db.query(
      `CREATE TABLE "practice_endorsements" ("practice_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "member_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_practice_endorsements" PRIMARY KEY ("practice_id", "organisation_id"))`,
    );
    await db.query(
      `CREATE TABLE "practice_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "practice_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "number" integer NOT NULL, "title" character varying(300) NOT NULL, "summary" character varying(2000) NOT NULL, "body" text NOT NULL, "revised_by_member_id" uuid NOT NULL, "revised_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9b74cd53feb7eb9c4ea65a1c974" PRIMARY KEY ("id"))`,
    );
    await db.query(`CREATE UNIQUE INDEX "UQ_practice_revisions_number" ON "practice_revisions" ("practice_id", "number")`);
    await db.query(
      `ALTER TABLE "expert_meetings" ADD CONSTRAINT "FK_d02c4d66835744d419675a0beb8" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "expert_meeting_participants" ADD CONSTRAINT "FK_ae9b4b4a4453369f2ff92673d68" FOREIGN KEY ("meeting_id") REFERENCES "expert_meetings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "expert_meeting_participants" ADD CONSTRAINT "FK_140e1f33242ce0ea80c05042503" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practices" ADD CONSTRAINT "FK_53e8a118b83d63e5e73efc739fe" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practices" ADD CONSTRAINT "FK_811f32134226343843be2e97c7f" FOREIGN KEY ("author_member_id", "organisation_id") REFERENCES "members"("id","organisation_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practices" ADD CONSTRAINT "FK_011db6371cc8f5919f21b3e21f6" FOREIGN KEY ("meeting_id") REFERENCES "expert_meetings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practices" ADD CONSTRAINT "FK_fa15aa7f35b9ba7baf51f43c9e0" FOREIGN KEY ("contact_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practice_comments" ADD CONSTRAINT "FK_4caab2b12b3f3c1f3eecec74148" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practice_comments" ADD CONSTRAINT "FK_27ca3625f2ae91c95c94777e2f9" FOREIGN KEY ("member_id", "organisation_id") REFERENCES "members"("id","organisation_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practice_endorsements" ADD CONSTRAINT "FK_5e0e680df9f4aad4a6c261e51d8" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practice_endorsements" ADD CONSTRAINT "FK_f5741a6d86afc2da1a33919d6f6" FOREIGN KEY ("member_id", "organisation_id") REFERENCES "members"("id","organisation_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practice_revisions" ADD CONSTRAINT "FK_de548345516cbe5adf4b513de2e" FOREIGN KEY ("practice_id") REFERENCES "practices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await db.query(
      `ALTER TABLE "practice_revisions" ADD CONSTRAINT "FK_37a75b146e7c803306e1353c2ae" FOREIGN KEY ("revised_by_member_id", "organisation_id") REFERENCES "members"("id","organisation_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // The search vector follows the text and the record's own language; the title weighs most, the body least.
    await db.query(`CREATE FUNCTION practices_search_vector() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
      DECLARE v_config regconfig := NEW.search_config::regconfig;
      BEGIN
        NEW.search_vector := setweight(to_tsvector(v_config, NEW.title), 'A')
          || setweight(to_tsvector(v_config, NEW.summary), 'B')
          || setweight(to_tsvector(v_config, NEW.body), 'C');
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER practices_search_vector BEFORE INSERT OR UPDATE OF title, summary, body, search_config ON practices
      FOR EACH ROW EXECUTE FUNCTION practices_search_vector()`);

    const tables = [
      'expert_meetings',
      'expert_meeting_participants',
      'practices',
      'practice_revisions',
      'practice_endorsements',
      'practice_comments',
    ];
    for (const table of tables) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    }

    // Meetings are network-wide; the host alone writes a meeting and its participant list.
    await db.query(`CREATE POLICY expert_meetings_network ON expert_meetings FOR SELECT TO ravot_app USING (true)`);
    await db.query(
      `CREATE POLICY expert_meetings_create ON expert_meetings FOR INSERT TO ravot_app WITH CHECK (organisation_id = app_organisation_id())`,
    );
    await db.query(`CREATE POLICY expert_meetings_update ON expert_meetings FOR UPDATE TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);
    await db.query(`CREATE POLICY expert_meeting_participants_network ON expert_meeting_participants FOR SELECT TO ravot_app USING (true)`);
    await db.query(`CREATE POLICY expert_meeting_participants_host ON expert_meeting_participants FOR ALL TO ravot_app
      USING (EXISTS (SELECT 1 FROM expert_meetings m WHERE m.id = meeting_id AND m.organisation_id = app_organisation_id()))
      WITH CHECK (EXISTS (SELECT 1 FROM expert_meetings m WHERE m.id = meeting_id AND m.organisation_id = app_organisation_id()))`);

    // Published records are network-wide; drafts and archived records stay with the author organisation, which alone writes.
    await db.query(`CREATE POLICY practices_read ON practices FOR SELECT TO ravot_app
      USING (status = 'PUBLISHED' OR organisation_id = app_organisation_id())`);
    await db.query(
      `CREATE POLICY practices_create ON practices FOR INSERT TO ravot_app WITH CHECK (organisation_id = app_organisation_id())`,
    );
    await db.query(`CREATE POLICY practices_update ON practices FOR UPDATE TO ravot_app
      USING (organisation_id = app_organisation_id()) WITH CHECK (organisation_id = app_organisation_id())`);

    // Revisions are read with their record and written by its author organisation.
    await db.query(`CREATE POLICY practice_revisions_read ON practice_revisions FOR SELECT TO ravot_app
      USING (organisation_id = app_organisation_id()
             OR EXISTS (SELECT 1 FROM practices p WHERE p.id = practice_id AND p.status = 'PUBLISHED'))`);
    await db.query(`CREATE POLICY practice_revisions_create ON practice_revisions FOR INSERT TO ravot_app
      WITH CHECK (organisation_id = app_organisation_id()
                  AND EXISTS (SELECT 1 FROM practices p WHERE p.id = practice_id AND p.organisation_id = app_organisation_id()))`);

    // Endorsements and comments carry the acting organisation, are visible with a published record
    // (and to its author organisation), and are written only on a published record.
    for (const table of ['practice_endorsements', 'practice_comments']) {
      await db.query(`CREATE POLICY ${table}_read ON ${table} FOR SELECT TO ravot_app
        USING (EXISTS (SELECT 1 FROM practices p WHERE p.id = practice_id
                       AND (p.status = 'PUBLISHED' OR p.organisation_id = app_organisation_id())))`);
    }
    await db.query(`CREATE POLICY practice_endorsements_create ON practice_endorsements FOR INSERT TO ravot_app
      WITH CHECK (organisation_id = app_organisation_id()
                  AND EXISTS (SELECT 1 FROM practices p WHERE p.id = practice_id AND p.status = 'PUBLISHED'
                              AND p.organisation_id <> app_organisation_id()))`);
    await db.query(`CREATE POLICY practice_endorsements_withdraw ON practice_endorsements FOR DELETE TO ravot_app
      USING (organisation_id = app_organisation_id())`);
    await db.query(`CREATE POLICY practice_comments_create ON practice_comments FOR INSERT TO ravot_app
      WITH CHECK (organisation_id = app_organisation_id()
                  AND EXISTS (SELECT 1 FROM practices p WHERE p.id = practice_id AND p.status = 'PUBLISHED'))`);

    // Row-level security keeps a search's tsquery match (not leakproof) from being used as an index
    // condition: it may only run after the policy, row by row. This narrow function, run as the
    // owner (who bypasses row-level security), finds the matches through the GIN index and returns
    // the ids of those the acting organisation may see; the query that reads them runs under the policies.
    await db.query(`CREATE FUNCTION practice_search_matches(p_query tsquery) RETURNS TABLE (practice_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100 AS $$
      SELECT p.id FROM practices p
      WHERE p.search_vector @@ p_query AND (p.status = 'PUBLISHED' OR p.organisation_id = app_organisation_id()) $$`);
    await db.query(`REVOKE ALL ON FUNCTION practice_search_matches(tsquery) FROM PUBLIC`);
    await db.query(`GRANT EXECUTE ON FUNCTION practice_search_matches(tsquery) TO ravot_app`);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON expert_meetings, practices TO ravot_app`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON expert_meeting_participants TO ravot_app`);
    await db.query(`GRANT SELECT, INSERT ON practice_revisions, practice_comments TO ravot_app`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON practice_endorsements TO ravot_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION practice_search_matches(tsquery)`);
    await db.query(`DROP TABLE "practice_revisions"`);
    await db.query(`DROP TABLE "practice_endorsements"`);
    await db.query(`DROP TABLE "practice_comments"`);
    await db.query(`DROP TABLE "practices"`);
    await db.query(`DROP FUNCTION practices_search_vector()`);
    await db.query(`DROP TABLE "expert_meeting_participants"`);
    await db.query(`DROP TABLE "expert_meetings"`);
  }
}
