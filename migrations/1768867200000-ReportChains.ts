import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'before_deadline', 'overdue', 'escalation', 'digest', 'consolidation', 'returned', 'accepted', 'account_link'`;

/**
 * Report chains: a report kind may feed a kind of another plan (its final consolidated report
 * becomes an input of the recipient agency's report there); the attachment it becomes remembers
 * the consolidated report it came from (one per report), and the outbox gets the notice's kind.
 */
export class ReportChains1768867200000 implements MigrationInterface {
  name = 'ReportChains1768867200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_kinds" ADD "feeds_kind_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_report_kinds_feeds_kind_id" ON "report_kinds"  ("feeds_kind_id") `);
    await queryRunner.query(
      `ALTER TABLE "report_kinds" ADD CONSTRAINT "fk_report_kinds_feeds_kind" FOREIGN KEY ("feeds_kind_id") REFERENCES "report_kinds"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "attachments" ADD "source_consolidation_id" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_attachments_report_source" ON "attachments"  ("report_id", "source_consolidation_id") WHERE "source_consolidation_id" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "emails" DROP CONSTRAINT "ck_emails_kind"`);
    await queryRunner.query(`ALTER TABLE "emails" ADD CONSTRAINT "ck_emails_kind" CHECK ("kind" IN (${KINDS}, 'chain_input'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "emails" WHERE "kind" = 'chain_input'`);
    await queryRunner.query(`ALTER TABLE "emails" DROP CONSTRAINT "ck_emails_kind"`);
    await queryRunner.query(`ALTER TABLE "emails" ADD CONSTRAINT "ck_emails_kind" CHECK ("kind" IN (${KINDS}))`);
    await queryRunner.query(`DROP INDEX "public"."uq_attachments_report_source"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "source_consolidation_id"`);
    await queryRunner.query(`ALTER TABLE "report_kinds" DROP CONSTRAINT "fk_report_kinds_feeds_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_kinds_feeds_kind_id"`);
    await queryRunner.query(`ALTER TABLE "report_kinds" DROP COLUMN "feeds_kind_id"`);
  }
}
