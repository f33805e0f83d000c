import { MigrationInterface, QueryRunner } from 'typeorm';

/** Timers can fire months late (a fresh install replays past periods): milliseconds need a bigint. */
export class LatenessBigint1767398400000 implements MigrationInterface {
  name = 'LatenessBigint1767398400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_events" ALTER COLUMN "lateness_ms" TYPE bigint`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "calendar_events" SET "lateness_ms" = LEAST("lateness_ms", 2147483647)`);
    await queryRunner.query(`ALTER TABLE "calendar_events" ALTER COLUMN "lateness_ms" TYPE integer`);
  }
}
