import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report kinds that run only in chosen years (a mid-term review in 2028, a final one in 2030) and
 * one-off kinds whose report is a document (a signed letter attached) rather than the task form.
 */
export class ReviewAndDocumentKinds1768608000000 implements MigrationInterface {
  name = 'ReviewAndDocumentKinds1768608000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_kinds" ADD "years" smallint array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "report_kinds" ADD "form" character varying(16) NOT NULL DEFAULT 'tasks'`);
    await queryRunner.query(
      `ALTER TABLE "report_kinds" ADD CONSTRAINT "ck_report_kinds_form" CHECK ("form" = 'tasks' OR ("form" = 'document' AND "frequency" = 'one-off'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_kinds" DROP CONSTRAINT "ck_report_kinds_form"`);
    await queryRunner.query(`ALTER TABLE "report_kinds" DROP COLUMN "form"`);
    await queryRunner.query(`ALTER TABLE "report_kinds" DROP COLUMN "years"`);
  }
}
