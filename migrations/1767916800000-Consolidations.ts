import { MigrationInterface, QueryRunner } from 'typeorm';

export class Consolidations1767916800000 implements MigrationInterface {
  name = 'Consolidations1767916800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "consolidations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "period_id" uuid NOT NULL, "version" integer NOT NULL, "trigger" character varying(16) NOT NULL, "built_by" uuid, "built_at" TIMESTAMP WITH TIME ZONE NOT NULL, "figures" jsonb NOT NULL, "revisions" jsonb NOT NULL, "narrative" jsonb NOT NULL, "document_number" character varying(64), "sent_date" date, "finalized_at" TIMESTAMP WITH TIME ZONE, "finalized_by" uuid, "met_deadline" boolean, "edit_version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_consolidations_trigger" CHECK ("trigger" IN ('manual', 'auto')), CONSTRAINT "PK_649f5d0fd4afe223d04f1ba43a8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_consolidations_period_version" ON "consolidations"  ("period_id", "version") `);
    await queryRunner.query(
      `ALTER TABLE "consolidations" ADD CONSTRAINT "fk_consolidations_period" FOREIGN KEY ("period_id") REFERENCES "reporting_periods"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consolidations" ADD CONSTRAINT "fk_consolidations_built_by" FOREIGN KEY ("built_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_report_task_entries_texts" ON "report_task_entries" ("report_id") WHERE "difficulties" IS NOT NULL OR "proposals" IS NOT NULL OR "next_steps" IS NOT NULL`,
    );
    // The snapshot is immutable: its figures, the revisions it used, its period and version never
    // change; the narrative and document number only until it is final; a final one not at all.
    await queryRunner.query(`CREATE FUNCTION consolidations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'consolidated report snapshots are immutable' USING ERRCODE = 'P0001'; END IF;
  IF NEW.figures IS DISTINCT FROM OLD.figures OR NEW.revisions IS DISTINCT FROM OLD.revisions OR NEW.period_id IS DISTINCT FROM OLD.period_id
     OR NEW.version IS DISTINCT FROM OLD.version OR NEW.built_at IS DISTINCT FROM OLD.built_at THEN
    RAISE EXCEPTION 'consolidated report snapshots are immutable' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.finalized_at IS NOT NULL THEN RAISE EXCEPTION 'a final consolidated report cannot change' USING ERRCODE = 'P0001'; END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER tr_consolidations_guard BEFORE UPDATE OR DELETE ON "consolidations" FOR EACH ROW EXECUTE FUNCTION consolidations_guard()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_consolidations_guard ON "consolidations"`);
    await queryRunner.query(`DROP FUNCTION consolidations_guard()`);
    await queryRunner.query(`DROP INDEX "public"."ix_report_task_entries_texts"`);
    await queryRunner.query(`ALTER TABLE "consolidations" DROP CONSTRAINT "fk_consolidations_built_by"`);
    await queryRunner.query(`ALTER TABLE "consolidations" DROP CONSTRAINT "fk_consolidations_period"`);
    await queryRunner.query(`DROP INDEX "public"."uq_consolidations_period_version"`);
    await queryRunner.query(`DROP TABLE "consolidations"`);
  }
}
