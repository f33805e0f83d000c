import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(255) NOT NULL, "short_name" character varying(128) NOT NULL, "emails" text array NOT NULL DEFAULT '{}', "parent_id" uuid, "requires_head_sign_off" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_agencies_code" CHECK ("code" ~ '^[A-Za-z0-9_-]{1,32}$'), CONSTRAINT "ck_agencies_kind" CHECK ("kind" IN ('province', 'department', 'commune', 'ward', 'other')), CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_agencies_code" ON "agencies"  ("code") `);
    await queryRunner.query(`CREATE INDEX "ix_agencies_parent_id" ON "agencies"  ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" character varying(255) NOT NULL, "display_name" character varying(255) NOT NULL, "email" character varying(255), "role" character varying(16) NOT NULL, "agency_id" uuid NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_users_username" CHECK ("username" ~ '^[a-z0-9._-]{2,64}$'), CONSTRAINT "ck_users_role" CHECK ("role" IN ('administrator', 'coordinator', 'leader', 'reporter', 'head')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users"  ("username") `);
    await queryRunner.query(`CREATE INDEX "ix_users_agency_id" ON "users"  ("agency_id") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character varying(64) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sessions_token_hash" ON "sessions"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_sessions_user_id" ON "sessions"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(48) NOT NULL, "title" text NOT NULL, "issuing_body" character varying(255) NOT NULL, "document_number" character varying(64), "document_date" date, "legal_basis" text, "start_year" smallint NOT NULL, "end_year" smallint NOT NULL, "coordinating_agency_id" uuid NOT NULL, "recipient_agency_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_plans_code" CHECK ("code" ~ '^[A-Za-z0-9_.-]{1,48}$'), CONSTRAINT "ck_plans_years" CHECK ("end_year" >= "start_year" AND "start_year" BETWEEN 2000 AND 2100 AND "end_year" <= 2100), CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plans_code" ON "plans"  ("code") `);
    await queryRunner.query(`CREATE INDEX "ix_plans_coordinating_agency_id" ON "plans"  ("coordinating_agency_id") `);
    await queryRunner.query(`CREATE INDEX "ix_plans_recipient_agency_id" ON "plans"  ("recipient_agency_id") `);
    await queryRunner.query(
      `CREATE TABLE "plan_sections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "code" character varying(16) NOT NULL, "title" character varying(255) NOT NULL, "position" smallint NOT NULL DEFAULT '0', "capital_total" numeric(18,3) NOT NULL DEFAULT '0', "capital_state_budget" numeric(18,3) NOT NULL DEFAULT '0', "capital_non_state_budget" numeric(18,3) NOT NULL DEFAULT '0', CONSTRAINT "ck_plan_sections_capital" CHECK ("capital_total" >= 0 AND "capital_state_budget" >= 0 AND "capital_non_state_budget" >= 0 AND "capital_total" = "capital_state_budget" + "capital_non_state_budget"), CONSTRAINT "PK_0bd361f525c0e4b966014e843dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plan_sections_plan_code" ON "plan_sections"  ("plan_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "section_id" uuid, "parent_id" uuid, "code" character varying(64) NOT NULL, "title" text NOT NULL, "kind" character varying(16) NOT NULL DEFAULT 'task', "position" integer NOT NULL DEFAULT '0', "capital_total" numeric(18,3), "capital_state_budget" numeric(18,3), "capital_non_state_budget" numeric(18,3), "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "timeline_kind" character varying(16), "timeline_year" smallint, "timeline_end_year" smallint, "timeline_date" date, "timeline_text" character varying(255), CONSTRAINT "ck_tasks_timeline" CHECK ("timeline_kind" IS NULL OR "timeline_kind" IN ('year', 'date', 'early_year', 'mid_year', 'end_year', 'period', 'ongoing')), CONSTRAINT "ck_tasks_capital" CHECK (("capital_total" IS NULL OR "capital_total" >= 0) AND ("capital_state_budget" IS NULL OR "capital_state_budget" >= 0) AND ("capital_non_state_budget" IS NULL OR "capital_non_state_budget" >= 0)), CONSTRAINT "ck_tasks_not_own_parent" CHECK ("parent_id" IS NULL OR "parent_id" <> "id"), CONSTRAINT "ck_tasks_kind" CHECK ("kind" IN ('group', 'project', 'scheme', 'planning', 'task')), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_tasks_section_id" ON "tasks"  ("section_id") `);
    await queryRunner.query(`CREATE INDEX "ix_tasks_parent_id" ON "tasks"  ("parent_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_tasks_plan_code" ON "tasks"  ("plan_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "indicators" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "task_id" uuid, "code" character varying(48) NOT NULL, "name" text NOT NULL, "unit" character varying(32) NOT NULL, "aggregation" character varying(16) NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "ck_indicators_aggregation" CHECK ("aggregation" IN ('sum', 'latest', 'average')), CONSTRAINT "PK_6e24383c110600564187e92042e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_indicators_task_id" ON "indicators"  ("task_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_indicators_plan_code" ON "indicators"  ("plan_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "indicator_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "indicator_id" uuid NOT NULL, "year" smallint NOT NULL, "comparator" character varying(16) NOT NULL DEFAULT 'at_least', "value" numeric(20,3) NOT NULL, "note" text, CONSTRAINT "ck_indicator_targets_value" CHECK ("value" >= 0), CONSTRAINT "ck_indicator_targets_comparator" CHECK ("comparator" IN ('at_least', 'exactly', 'at_most')), CONSTRAINT "PK_9a02cd645eea6c99219c6896f5c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_indicator_targets_indicator_year" ON "indicator_targets"  ("indicator_id", "year") `);
    await queryRunner.query(
      `CREATE TABLE "task_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "role" character varying(16) NOT NULL, CONSTRAINT "ck_task_assignments_role" CHECK ("role" IN ('lead', 'cooperating')), CONSTRAINT "PK_b68f42cf36d807d8a19a96066d7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_task_assignments_agency_id" ON "task_assignments"  ("agency_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_task_assignments_task_agency" ON "task_assignments"  ("task_id", "agency_id") `);
    await queryRunner.query(
      `CREATE TABLE "task_milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "timeline_kind" character varying(16), "timeline_year" smallint, "timeline_end_year" smallint, "timeline_date" date, "timeline_text" character varying(255), CONSTRAINT "PK_ca8a8b1639233947fed787b7365" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_task_milestones_task_position" ON "task_milestones"  ("task_id", "position") `);
    await queryRunner.query(
      `CREATE TABLE "reporting_regimes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "code" character varying(48) NOT NULL, "name" character varying(255) NOT NULL, "legal_basis" text, "roll_forward" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3ec7c4bdd47a07d41f963838702" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reporting_regimes_plan_code" ON "reporting_regimes"  ("plan_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "report_kinds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "regime_id" uuid NOT NULL, "code" character varying(48) NOT NULL, "name" character varying(255) NOT NULL, "frequency" character varying(16) NOT NULL, "slots" smallint array NOT NULL DEFAULT '{}', "period_label" character varying(255) NOT NULL, "opens_rule" jsonb, "due_rule" jsonb, "data_window" jsonb, "consolidation_due_rule" jsonb, "fixed_opens_date" date, "fixed_due_date" date, "named_day_counts" boolean NOT NULL DEFAULT false, "owed_by" character varying(16) NOT NULL DEFAULT 'task_agencies', "reminder_rules" jsonb NOT NULL DEFAULT '[]', "position" smallint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_report_kinds_due" CHECK (("frequency" = 'one-off' AND "fixed_due_date" IS NOT NULL) OR ("frequency" <> 'one-off' AND "due_rule" IS NOT NULL)), CONSTRAINT "ck_report_kinds_owed_by" CHECK ("owed_by" IN ('listed', 'task_agencies')), CONSTRAINT "ck_report_kinds_frequency" CHECK ("frequency" IN ('quarterly', 'semiannual', 'annual', 'one-off')), CONSTRAINT "PK_a9cbcbc8146361944f3b8f7eff2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_report_kinds_regime_code" ON "report_kinds"  ("regime_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "reporting_periods" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_kind_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "year" smallint NOT NULL, "slot" smallint NOT NULL, "label" character varying(255) NOT NULL, "data_from" date, "data_to" date, "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consolidation_due_at" TIMESTAMP WITH TIME ZONE, "state" character varying(16) NOT NULL DEFAULT 'upcoming', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_reporting_periods_order" CHECK ("opens_at" <= "due_at" AND ("consolidation_due_at" IS NULL OR "consolidation_due_at" >= "due_at")), CONSTRAINT "ck_reporting_periods_state" CHECK ("state" IN ('upcoming', 'open', 'due', 'closed')), CONSTRAINT "PK_7041c039945557174b139d7739f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reporting_periods_plan_due" ON "reporting_periods"  ("plan_id", "due_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reporting_periods_kind_year_slot" ON "reporting_periods"  ("report_kind_id", "year", "slot") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator_owners" ("indicator_id" uuid NOT NULL, "agency_id" uuid NOT NULL, CONSTRAINT "PK_9e5cb6405cc8d7a5b29ddfd46af" PRIMARY KEY ("indicator_id", "agency_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6c89282192f34ea5caab1e7d11" ON "indicator_owners"  ("indicator_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b0406e2f632468bae5c219b49e" ON "indicator_owners"  ("agency_id") `);
    await queryRunner.query(
      `CREATE TABLE "report_kind_agencies" ("report_kind_id" uuid NOT NULL, "agency_id" uuid NOT NULL, CONSTRAINT "PK_9073df33367e86f98f2c76aaf4c" PRIMARY KEY ("report_kind_id", "agency_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e08d5f18d7240478b87b2585d3" ON "report_kind_agencies"  ("report_kind_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_843eb958786c39aebf2fe92266" ON "report_kind_agencies"  ("agency_id") `);
    await queryRunner.query(
      `ALTER TABLE "agencies" ADD CONSTRAINT "fk_agencies_parent" FOREIGN KEY ("parent_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_users_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "fk_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_coordinating_agency" FOREIGN KEY ("coordinating_agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_recipient_agency" FOREIGN KEY ("recipient_agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_sections" ADD CONSTRAINT "fk_plan_sections_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "fk_tasks_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "fk_tasks_section" FOREIGN KEY ("section_id") REFERENCES "plan_sections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "fk_tasks_parent" FOREIGN KEY ("parent_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicators" ADD CONSTRAINT "fk_indicators_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicators" ADD CONSTRAINT "fk_indicators_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_targets" ADD CONSTRAINT "fk_indicator_targets_indicator" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_assignments" ADD CONSTRAINT "fk_task_assignments_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_assignments" ADD CONSTRAINT "fk_task_assignments_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_milestones" ADD CONSTRAINT "fk_task_milestones_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reporting_regimes" ADD CONSTRAINT "fk_reporting_regimes_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_kinds" ADD CONSTRAINT "fk_report_kinds_regime" FOREIGN KEY ("regime_id") REFERENCES "reporting_regimes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reporting_periods" ADD CONSTRAINT "fk_reporting_periods_kind" FOREIGN KEY ("report_kind_id") REFERENCES "report_kinds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reporting_periods" ADD CONSTRAINT "fk_reporting_periods_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_owners" ADD CONSTRAINT "fk_indicator_owners_indicator" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_owners" ADD CONSTRAINT "fk_indicator_owners_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_kind_agencies" ADD CONSTRAINT "fk_report_kind_agencies_kind" FOREIGN KEY ("report_kind_id") REFERENCES "report_kinds"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_kind_agencies" ADD CONSTRAINT "fk_report_kind_agencies_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_kind_agencies" DROP CONSTRAINT "fk_report_kind_agencies_agency"`);
    await queryRunner.query(`ALTER TABLE "report_kind_agencies" DROP CONSTRAINT "fk_report_kind_agencies_kind"`);
    await queryRunner.query(`ALTER TABLE "indicator_owners" DROP CONSTRAINT "fk_indicator_owners_agency"`);
    await queryRunner.query(`ALTER TABLE "indicator_owners" DROP CONSTRAINT "fk_indicator_owners_indicator"`);
    await queryRunner.query(`ALTER TABLE "reporting_periods" DROP CONSTRAINT "fk_reporting_periods_plan"`);
    await queryRunner.query(`ALTER TABLE "reporting_periods" DROP CONSTRAINT "fk_reporting_periods_kind"`);
    await queryRunner.query(`ALTER TABLE "report_kinds" DROP CONSTRAINT "fk_report_kinds_regime"`);
    await queryRunner.query(`ALTER TABLE "reporting_regimes" DROP CONSTRAINT "fk_reporting_regimes_plan"`);
    await queryRunner.query(`ALTER TABLE "task_milestones" DROP CONSTRAINT "fk_task_milestones_task"`);
    await queryRunner.query(`ALTER TABLE "task_assignments" DROP CONSTRAINT "fk_task_assignments_agency"`);
    await queryRunner.query(`ALTER TABLE "task_assignments" DROP CONSTRAINT "fk_task_assignments_task"`);
    await queryRunner.query(`ALTER TABLE "indicator_targets" DROP CONSTRAINT "fk_indicator_targets_indicator"`);
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "fk_indicators_task"`);
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "fk_indicators_plan"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_parent"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_section"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_plan"`);
    await queryRunner.query(`ALTER TABLE "plan_sections" DROP CONSTRAINT "fk_plan_sections_plan"`);
    await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_recipient_agency"`);
    await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_coordinating_agency"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "fk_sessions_user"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_agency"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP CONSTRAINT "fk_agencies_parent"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_843eb958786c39aebf2fe92266"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e08d5f18d7240478b87b2585d3"`);
    await queryRunner.query(`DROP TABLE "report_kind_agencies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b0406e2f632468bae5c219b49e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6c89282192f34ea5caab1e7d11"`);
    await queryRunner.query(`DROP TABLE "indicator_owners"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reporting_periods_kind_year_slot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reporting_periods_plan_due"`);
    await queryRunner.query(`DROP TABLE "reporting_periods"`);
    await queryRunner.query(`DROP INDEX "public"."uq_report_kinds_regime_code"`);
    await queryRunner.query(`DROP TABLE "report_kinds"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reporting_regimes_plan_code"`);
    await queryRunner.query(`DROP TABLE "reporting_regimes"`);
    await queryRunner.query(`DROP INDEX "public"."uq_task_milestones_task_position"`);
    await queryRunner.query(`DROP TABLE "task_milestones"`);
    await queryRunner.query(`DROP INDEX "public"."uq_task_assignments_task_agency"`);
    await queryRunner.query(`DROP INDEX "public"."ix_task_assignments_agency_id"`);
    await queryRunner.query(`DROP TABLE "task_assignments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_indicator_targets_indicator_year"`);
    await queryRunner.query(`DROP TABLE "indicator_targets"`);
    await queryRunner.query(`DROP INDEX "public"."uq_indicators_plan_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_indicators_task_id"`);
    await queryRunner.query(`DROP TABLE "indicators"`);
    await queryRunner.query(`DROP INDEX "public"."uq_tasks_plan_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tasks_parent_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tasks_section_id"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plan_sections_plan_code"`);
    await queryRunner.query(`DROP TABLE "plan_sections"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plans_recipient_agency_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plans_coordinating_agency_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plans_code"`);
    await queryRunner.query(`DROP TABLE "plans"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_user_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sessions_token_hash"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_users_agency_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_username"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agencies_parent_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agencies_code"`);
    await queryRunner.query(`DROP TABLE "agencies"`);
  }
}
