import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Capital by phase: a plan's capital phases ("Giai đoạn 2026–2027", ordered spans of its years)
 * and the capital need of its sections and tasks in each phase.
 */
export class CapitalPhases1768953600000 implements MigrationInterface {
  name = 'CapitalPhases1768953600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "plan_capital_phases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "position" smallint NOT NULL, "start_year" smallint NOT NULL, "end_year" smallint NOT NULL, CONSTRAINT "ck_plan_capital_phases_years" CHECK ("start_year" <= "end_year"), CONSTRAINT "pk_plan_capital_phases" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plan_capital_phases_plan_start" ON "plan_capital_phases"  ("plan_id", "start_year") `);
    await queryRunner.query(
      `CREATE TABLE "plan_phase_capital" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "phase_id" uuid NOT NULL, "section_id" uuid, "task_id" uuid, "total" numeric(18,3), "state_budget" numeric(18,3), "non_state_budget" numeric(18,3), CONSTRAINT "ck_plan_phase_capital_amounts" CHECK (("total" IS NULL OR "total" >= 0) AND ("state_budget" IS NULL OR "state_budget" >= 0) AND ("non_state_budget" IS NULL OR "non_state_budget" >= 0)), CONSTRAINT "ck_plan_phase_capital_target" CHECK (num_nonnulls("section_id", "task_id") = 1), CONSTRAINT "pk_plan_phase_capital" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_phase_capital_section_id" ON "plan_phase_capital"  ("section_id") `);
    await queryRunner.query(`CREATE INDEX "ix_plan_phase_capital_task_id" ON "plan_phase_capital"  ("task_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plan_phase_capital_task" ON "plan_phase_capital"  ("phase_id", "task_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plan_phase_capital_section" ON "plan_phase_capital"  ("phase_id", "section_id") `);
    await queryRunner.query(
      `ALTER TABLE "plan_capital_phases" ADD CONSTRAINT "fk_plan_capital_phases_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_phase_capital" ADD CONSTRAINT "fk_plan_phase_capital_phase" FOREIGN KEY ("phase_id") REFERENCES "plan_capital_phases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_phase_capital" ADD CONSTRAINT "fk_plan_phase_capital_section" FOREIGN KEY ("section_id") REFERENCES "plan_sections"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_phase_capital" ADD CONSTRAINT "fk_plan_phase_capital_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan_phase_capital" DROP CONSTRAINT "fk_plan_phase_capital_task"`);
    await queryRunner.query(`ALTER TABLE "plan_phase_capital" DROP CONSTRAINT "fk_plan_phase_capital_section"`);
    await queryRunner.query(`ALTER TABLE "plan_phase_capital" DROP CONSTRAINT "fk_plan_phase_capital_phase"`);
    await queryRunner.query(`ALTER TABLE "plan_capital_phases" DROP CONSTRAINT "fk_plan_capital_phases_plan"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plan_phase_capital_section"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plan_phase_capital_task"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_phase_capital_task_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_phase_capital_section_id"`);
    await queryRunner.query(`DROP TABLE "plan_phase_capital"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plan_capital_phases_plan_start"`);
    await queryRunner.query(`DROP TABLE "plan_capital_phases"`);
  }
}
