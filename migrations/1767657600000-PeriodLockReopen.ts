import { MigrationInterface, QueryRunner } from 'typeorm';

export class PeriodLockReopen1767657600000 implements MigrationInterface {
  name = 'PeriodLockReopen1767657600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reporting_periods" ADD "locked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "agency_reports" ADD "reopened_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "agency_reports" ADD "reopen_reason" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agency_reports" DROP COLUMN "reopen_reason"`);
    await queryRunner.query(`ALTER TABLE "agency_reports" DROP COLUMN "reopened_at"`);
    await queryRunner.query(`ALTER TABLE "reporting_periods" DROP COLUMN "locked_at"`);
  }
}
