import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgencyReports1767484800000 implements MigrationInterface {
  name = 'AgencyReports1767484800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "adhoc_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "task_id" uuid, "subject" character varying(255) NOT NULL, "body" text NOT NULL, "difficulty_kind" character varying(32) NOT NULL, "resolving_level" character varying(16) NOT NULL, "submitted_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_adhoc_reports_resolving_level" CHECK ("resolving_level" IS NULL OR "resolving_level" IN ('central', 'province', 'commune')), CONSTRAINT "ck_adhoc_reports_difficulty_kind" CHECK ("difficulty_kind" IS NULL OR "difficulty_kind" IN ('land_clearance', 'capital', 'procedure', 'materials', 'planning', 'other')), CONSTRAINT "PK_a6b84ce8706740cf2c2c37710c5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_adhoc_reports_agency_id" ON "adhoc_reports"  ("agency_id") `);
    await queryRunner.query(`CREATE INDEX "ix_adhoc_reports_plan_created" ON "adhoc_reports"  ("plan_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "agency_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "official_letter_number" character varying(64), "official_letter_date" date, "summary_assessment" text, "summary_difficulties" text, "summary_proposals" text, "first_submitted_at" TIMESTAMP WITH TIME ZONE, "on_time" boolean, "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_by" uuid, "return_comment" text, "reviewed_at" TIMESTAMP WITH TIME ZONE, "reviewed_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_agency_reports_state" CHECK ("state" IN ('draft', 'submitted', 'returned', 'accepted')), CONSTRAINT "PK_56b650245ef109f71f2974a9c53" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_agency_reports_agency_id" ON "agency_reports"  ("agency_id") `);
    await queryRunner.query(`CREATE INDEX "ix_agency_reports_period_state" ON "agency_reports"  ("period_id", "state") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_agency_reports_period_agency" ON "agency_reports"  ("period_id", "agency_id") `);
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "name" character varying(255) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "media_type" character varying(128) NOT NULL, "storage_key" character varying(255) NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_attachments_report_id" ON "attachments"  ("report_id") `);
    await queryRunner.query(
      `CREATE TABLE "report_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "actor_id" uuid NOT NULL, "comment" text, "revision" integer, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_report_events_action" CHECK ("action" IN ('submitted', 'returned', 'accepted', 'reopened')), CONSTRAINT "PK_601736df2a66078f32bbe39267f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_report_events_report_at" ON "report_events"  ("report_id", "at") `);
    await queryRunner.query(
      `CREATE TABLE "report_indicator_values" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "indicator_id" uuid NOT NULL, "value" numeric(20,3), CONSTRAINT "ck_report_indicator_values_value" CHECK ("value" IS NULL OR "value" >= 0), CONSTRAINT "PK_f1f749d5f07bb3b7cb2a4ca820c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_report_indicator_values_indicator_id" ON "report_indicator_values"  ("indicator_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_report_indicator_values_report_indicator" ON "report_indicator_values"  ("report_id", "indicator_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "report_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "number" integer NOT NULL, "snapshot" jsonb NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c98e9634bfa2d0bbae627cfa957" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_report_revisions_report_number" ON "report_revisions"  ("report_id", "number") `);
    await queryRunner.query(
      `CREATE TABLE "report_task_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "task_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "status" character varying(32), "percent_complete" smallint, "capital_allocated" numeric(18,3), "capital_allocated_state_budget" numeric(18,3), "capital_disbursed" numeric(18,3), "capital_disbursed_state_budget" numeric(18,3), "work_done" text, "difficulties" text, "difficulty_kind" character varying(32), "resolving_level" character varying(16), "proposals" text, "next_steps" text, CONSTRAINT "ck_report_task_entries_money" CHECK (coalesce("capital_allocated", 0) >= 0 AND coalesce("capital_allocated_state_budget", 0) >= 0 AND coalesce("capital_disbursed", 0) >= 0 AND coalesce("capital_disbursed_state_budget", 0) >= 0), CONSTRAINT "ck_report_task_entries_percent" CHECK ("percent_complete" IS NULL OR "percent_complete" BETWEEN 0 AND 100), CONSTRAINT "ck_report_task_entries_resolving_level" CHECK ("resolving_level" IS NULL OR "resolving_level" IN ('central', 'province', 'commune')), CONSTRAINT "ck_report_task_entries_difficulty_kind" CHECK ("difficulty_kind" IS NULL OR "difficulty_kind" IN ('land_clearance', 'capital', 'procedure', 'materials', 'planning', 'other')), CONSTRAINT "ck_report_task_entries_status" CHECK ("status" IS NULL OR "status" IN ('not_started', 'on_track', 'behind_schedule', 'completed', 'suspended')), CONSTRAINT "ck_report_task_entries_role" CHECK ("role" IN ('lead', 'cooperating')), CONSTRAINT "PK_c869477781c6eac05f8cf02162b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_report_task_entries_task_id" ON "report_task_entries"  ("task_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_report_task_entries_report_task" ON "report_task_entries"  ("report_id", "task_id") `);
    await queryRunner.query(
      `ALTER TABLE "adhoc_reports" ADD CONSTRAINT "fk_adhoc_reports_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "adhoc_reports" ADD CONSTRAINT "fk_adhoc_reports_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "adhoc_reports" ADD CONSTRAINT "fk_adhoc_reports_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "adhoc_reports" ADD CONSTRAINT "fk_adhoc_reports_submitted_by" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_reports" ADD CONSTRAINT "fk_agency_reports_period" FOREIGN KEY ("period_id") REFERENCES "reporting_periods"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_reports" ADD CONSTRAINT "fk_agency_reports_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_reports" ADD CONSTRAINT "fk_agency_reports_submitted_by" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_reports" ADD CONSTRAINT "fk_agency_reports_reviewed_by" FOREIGN KEY ("reviewed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "fk_attachments_report" FOREIGN KEY ("report_id") REFERENCES "agency_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "fk_attachments_uploaded_by" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_events" ADD CONSTRAINT "fk_report_events_report" FOREIGN KEY ("report_id") REFERENCES "agency_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_events" ADD CONSTRAINT "fk_report_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_indicator_values" ADD CONSTRAINT "fk_report_indicator_values_report" FOREIGN KEY ("report_id") REFERENCES "agency_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_indicator_values" ADD CONSTRAINT "fk_report_indicator_values_indicator" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_revisions" ADD CONSTRAINT "fk_report_revisions_report" FOREIGN KEY ("report_id") REFERENCES "agency_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_revisions" ADD CONSTRAINT "fk_report_revisions_submitted_by" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_task_entries" ADD CONSTRAINT "fk_report_task_entries_report" FOREIGN KEY ("report_id") REFERENCES "agency_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_task_entries" ADD CONSTRAINT "fk_report_task_entries_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // A submitted revision is evidence: nothing may change it afterwards.
    await queryRunner.query(
      `CREATE FUNCTION report_revisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'report revisions are immutable' USING ERRCODE = 'P0001'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_report_revisions_immutable BEFORE UPDATE ON "report_revisions" FOR EACH ROW EXECUTE FUNCTION report_revisions_immutable()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_report_revisions_immutable ON "report_revisions"`);
    await queryRunner.query(`DROP FUNCTION report_revisions_immutable()`);
    await queryRunner.query(`ALTER TABLE "report_task_entries" DROP CONSTRAINT "fk_report_task_entries_task"`);
    await queryRunner.query(`ALTER TABLE "report_task_entries" DROP CONSTRAINT "fk_report_task_entries_report"`);
    await queryRunner.query(`ALTER TABLE "report_revisions" DROP CONSTRAINT "fk_report_revisions_submitted_by"`);
    await queryRunner.query(`ALTER TABLE "report_revisions" DROP CONSTRAINT "fk_report_revisions_report"`);
    await queryRunner.query(`ALTER TABLE "report_indicator_values" DROP CONSTRAINT "fk_report_indicator_values_indicator"`);
    await queryRunner.query(`ALTER TABLE "report_indicator_values" DROP CONSTRAINT "fk_report_indicator_values_report"`);
    await queryRunner.query(`ALTER TABLE "report_events" DROP CONSTRAINT "fk_report_events_actor"`);
    await queryRunner.query(`ALTER TABLE "report_events" DROP CONSTRAINT "fk_report_events_report"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "fk_attachments_uploaded_by"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "fk_attachments_report"`);
    await queryRunner.query(`ALTER TABLE "agency_reports" DROP CONSTRAINT "fk_agency_reports_reviewed_by"`);
    await queryRunner.query(`ALTER TABLE "agency_reports" DROP CONSTRAINT "fk_agency_reports_submitted_by"`);
    await queryRunner.query(`ALTER TABLE "agency_reports" DROP CONSTRAINT "fk_agency_reports_agency"`);
    await queryRunner.query(`ALTER TABLE "agency_reports" DROP CONSTRAINT "fk_agency_reports_period"`);
    await queryRunner.query(`ALTER TABLE "adhoc_reports" DROP CONSTRAINT "fk_adhoc_reports_submitted_by"`);
    await queryRunner.query(`ALTER TABLE "adhoc_reports" DROP CONSTRAINT "fk_adhoc_reports_task"`);
    await queryRunner.query(`ALTER TABLE "adhoc_reports" DROP CONSTRAINT "fk_adhoc_reports_agency"`);
    await queryRunner.query(`ALTER TABLE "adhoc_reports" DROP CONSTRAINT "fk_adhoc_reports_plan"`);
    await queryRunner.query(`DROP INDEX "public"."uq_report_task_entries_report_task"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_task_entries_task_id"`);
    await queryRunner.query(`DROP TABLE "report_task_entries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_report_revisions_report_number"`);
    await queryRunner.query(`DROP TABLE "report_revisions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_report_indicator_values_report_indicator"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_indicator_values_indicator_id"`);
    await queryRunner.query(`DROP TABLE "report_indicator_values"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_events_report_at"`);
    await queryRunner.query(`DROP TABLE "report_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_attachments_report_id"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agency_reports_period_agency"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_reports_period_state"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_reports_agency_id"`);
    await queryRunner.query(`DROP TABLE "agency_reports"`);
    await queryRunner.query(`DROP INDEX "public"."ix_adhoc_reports_plan_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_adhoc_reports_agency_id"`);
    await queryRunner.query(`DROP TABLE "adhoc_reports"`);
  }
}
