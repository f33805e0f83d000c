import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarEventsRemindersHolidays1767312000000 implements MigrationInterface {
  name = 'CalendarEventsRemindersHolidays1767312000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "rule" character varying(32) NOT NULL, "audience" character varying(32) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'pending', "recipients" text array NOT NULL DEFAULT '{}', "cc" text array NOT NULL DEFAULT '{}', "sent_at" TIMESTAMP WITH TIME ZONE, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_reminders_state" CHECK ("state" IN ('pending', 'sent', 'failed', 'cancelled', 'skipped')), CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reminders_agency_id" ON "reminders"  ("agency_id") `);
    await queryRunner.query(`CREATE INDEX "ix_reminders_state" ON "reminders"  ("state") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_reminders_period_agency_rule" ON "reminders"  ("period_id", "agency_id", "rule") `);
    await queryRunner.query(
      `CREATE TABLE "holidays" ("date" date NOT NULL, "name" character varying(255) NOT NULL, "day_off" boolean NOT NULL DEFAULT true, "source" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_holidays_source" CHECK ("source" IN ('date-holidays', 'admin')), CONSTRAINT "PK_40dfddee0c0d7125c767d8962b1" PRIMARY KEY ("date"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "calendar_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_id" uuid NOT NULL, "event" character varying(32) NOT NULL, "rule_code" character varying(32) NOT NULL DEFAULT '', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'pending', "fired_at" TIMESTAMP WITH TIME ZONE, "lateness_ms" integer, "deliveries" integer NOT NULL DEFAULT '0', "note" text, CONSTRAINT "ck_calendar_events_state" CHECK ("state" IN ('pending', 'fired', 'skipped')), CONSTRAINT "ck_calendar_events_event" CHECK ("event" IN ('open', 'reminder', 'deadline', 'consolidation_reminder', 'consolidation_deadline')), CONSTRAINT "PK_faf5391d232322a87cdd1c6f30c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_calendar_events_pending_due" ON "calendar_events"  ("state", "due_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_calendar_events_identity" ON "calendar_events"  ("period_id", "event", "rule_code") `);
    await queryRunner.query(`ALTER TABLE "reporting_periods" ADD "state_changed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "fk_reminders_period" FOREIGN KEY ("period_id") REFERENCES "reporting_periods"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reminders" ADD CONSTRAINT "fk_reminders_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_events" ADD CONSTRAINT "fk_calendar_events_period" FOREIGN KEY ("period_id") REFERENCES "reporting_periods"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_events" DROP CONSTRAINT "fk_calendar_events_period"`);
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "fk_reminders_agency"`);
    await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "fk_reminders_period"`);
    await queryRunner.query(`ALTER TABLE "reporting_periods" DROP COLUMN "state_changed_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_calendar_events_identity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_calendar_events_pending_due"`);
    await queryRunner.query(`DROP TABLE "calendar_events"`);
    await queryRunner.query(`DROP TABLE "holidays"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reminders_period_agency_rule"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reminders_state"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reminders_agency_id"`);
    await queryRunner.query(`DROP TABLE "reminders"`);
  }
}
