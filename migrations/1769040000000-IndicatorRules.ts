import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicator aggregation rules as data: besides the sum, the latest and the average, an indicator
 * may count the agencies answering yes ("Số xã hoàn thành quy hoạch chung": each commune answers
 * "Xã đã hoàn thành quy hoạch chung?" Có/Không) or take the value of its one responsible agency;
 * `question` is what the report form asks each agency.
 */
export class IndicatorRules1769040000000 implements MigrationInterface {
  name = 'IndicatorRules1769040000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "ck_indicators_aggregation"`);
    await queryRunner.query(
      `ALTER TABLE "indicators" ADD CONSTRAINT "ck_indicators_aggregation" CHECK ("aggregation" IN ('sum', 'count_yes', 'single', 'latest', 'average'))`,
    );
    await queryRunner.query(`ALTER TABLE "indicators" ADD "question" text`);
    // The Cao Bằng plan as first seeded asked every commune for a province-wide count and summed the
    // answers (116 communes "done" of 53). Where its coordinator has not changed those rules, each
    // commune is now asked its own yes/no question; a count it gave answers another question and is cleared.
    await queryRunner.query(
      `UPDATE "indicators" i SET "aggregation" = 'count_yes', "question" = q.question
       FROM (VALUES ('QHC-XA', 'Xã đã hoàn thành quy hoạch chung?'),
                    ('QHPK-PHUONG', 'Phường đã hoàn thành quy hoạch phân khu?'),
                    ('QHCT-XA', 'Xã đã hoàn thành quy hoạch chi tiết khu trung tâm?'),
                    ('QCKT', 'Xã, phường đã hoàn thành quy chế quản lý kiến trúc?')) AS q(code, question),
            "plans" p
       WHERE p."id" = i."plan_id" AND p."code" = 'CB-2026-2030' AND i."code" = q.code AND i."aggregation" = 'sum'`,
    );
    await queryRunner.query(
      `UPDATE "report_indicator_values" v SET "value" = NULL FROM "indicators" i
       WHERE i."id" = v."indicator_id" AND i."aggregation" = 'count_yes' AND v."value" NOT IN (0, 1)`,
    );
    // Its indicators reported by one department alone take that department's value.
    await queryRunner.query(
      `UPDATE "indicators" i SET "aggregation" = 'single' FROM "plans" p
       WHERE p."id" = i."plan_id" AND p."code" = 'CB-2026-2030' AND i."aggregation" = 'latest'
         AND (SELECT count(*) FROM "indicator_owners" o WHERE o."indicator_id" = i."id") = 1`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "indicators" DROP COLUMN "question"`);
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "ck_indicators_aggregation"`);
    await queryRunner.query(
      `UPDATE "indicators" SET "aggregation" = CASE "aggregation" WHEN 'count_yes' THEN 'sum' WHEN 'single' THEN 'latest' ELSE "aggregation" END`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicators" ADD CONSTRAINT "ck_indicators_aggregation" CHECK ("aggregation" IN ('sum', 'latest', 'average'))`,
    );
  }
}
