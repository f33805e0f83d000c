import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicator targets a plan states as a range ("từ 1,5 đến 1,9%": comparator `between`, upper bound
 * in `value_to`) or approximately ("khoảng 60%": comparator `about`).
 */
export class TargetRanges1768694400000 implements MigrationInterface {
  name = 'TargetRanges1768694400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "indicator_targets" ADD "value_to" numeric(20,3)`);
    await queryRunner.query(`ALTER TABLE "indicator_targets" DROP CONSTRAINT "ck_indicator_targets_comparator"`);
    await queryRunner.query(
      `ALTER TABLE "indicator_targets" ADD CONSTRAINT "ck_indicator_targets_comparator" CHECK ("comparator" IN ('at_least', 'exactly', 'at_most', 'about', 'between'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_targets" ADD CONSTRAINT "ck_indicator_targets_value_to" CHECK (("comparator" = 'between') = ("value_to" IS NOT NULL) AND ("value_to" IS NULL OR "value_to" > "value"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "indicator_targets" WHERE "comparator" IN ('about', 'between')`);
    await queryRunner.query(`ALTER TABLE "indicator_targets" DROP CONSTRAINT "ck_indicator_targets_value_to"`);
    await queryRunner.query(`ALTER TABLE "indicator_targets" DROP CONSTRAINT "ck_indicator_targets_comparator"`);
    await queryRunner.query(
      `ALTER TABLE "indicator_targets" ADD CONSTRAINT "ck_indicator_targets_comparator" CHECK ("comparator" IN ('at_least', 'exactly', 'at_most'))`,
    );
    await queryRunner.query(`ALTER TABLE "indicator_targets" DROP COLUMN "value_to"`);
  }
}
