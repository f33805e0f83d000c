import { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailOutbox1767830400000 implements MigrationInterface {
  name = 'EmailOutbox1767830400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dev_mailbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email_id" uuid, "message_id" text NOT NULL, "sender" text NOT NULL, "recipients" text array NOT NULL, "cc" text array NOT NULL DEFAULT '{}', "subject" text NOT NULL, "text" text NOT NULL, "html" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_20c1474670441bbc0659092401f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_dev_mailbox_email_id" ON "dev_mailbox"  ("email_id") `);
    await queryRunner.query(`CREATE INDEX "ix_dev_mailbox_received_at" ON "dev_mailbox"  ("received_at") `);
    await queryRunner.query(
      `CREATE TABLE "emails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "reminder_id" uuid, "period_id" uuid, "agency_id" uuid, "recipients" text array NOT NULL, "cc" text array NOT NULL DEFAULT '{}', "data" jsonb NOT NULL, "subject" text, "state" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "possibly_duplicate" boolean NOT NULL DEFAULT false, "smtp_response" text, "message_id" text, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sending_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_emails_kind" CHECK ("kind" IN ('before_deadline', 'overdue', 'escalation', 'digest', 'consolidation', 'returned', 'accepted')), CONSTRAINT "ck_emails_state" CHECK ("state" IN ('pending', 'sending', 'sent', 'failed')), CONSTRAINT "PK_a54dcebef8d05dca7e839749571" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_emails_reminder_id" ON "emails"  ("reminder_id") `);
    await queryRunner.query(`CREATE INDEX "ix_emails_period_id" ON "emails"  ("period_id") `);
    await queryRunner.query(`CREATE INDEX "ix_emails_agency_id" ON "emails"  ("agency_id") `);
    await queryRunner.query(`CREATE INDEX "ix_emails_state" ON "emails"  ("state") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_emails_idempotency_key" ON "emails"  ("idempotency_key") `);
    await queryRunner.query(
      `ALTER TABLE "emails" ADD CONSTRAINT "fk_emails_reminder" FOREIGN KEY ("reminder_id") REFERENCES "reminders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "emails" ADD CONSTRAINT "fk_emails_period" FOREIGN KEY ("period_id") REFERENCES "reporting_periods"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "emails" ADD CONSTRAINT "fk_emails_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "emails" DROP CONSTRAINT "fk_emails_agency"`);
    await queryRunner.query(`ALTER TABLE "emails" DROP CONSTRAINT "fk_emails_period"`);
    await queryRunner.query(`ALTER TABLE "emails" DROP CONSTRAINT "fk_emails_reminder"`);
    await queryRunner.query(`DROP INDEX "public"."uq_emails_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_emails_state"`);
    await queryRunner.query(`DROP INDEX "public"."ix_emails_agency_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_emails_period_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_emails_reminder_id"`);
    await queryRunner.query(`DROP TABLE "emails"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dev_mailbox_received_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dev_mailbox_email_id"`);
    await queryRunner.query(`DROP TABLE "dev_mailbox"`);
  }
}
