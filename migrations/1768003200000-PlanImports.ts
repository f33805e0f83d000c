import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plan workbook imports: the uploaded file and the outcome, so the job that runs in a worker
 * process and the page that waits for it meet in Postgres. `unaccent` serves the administration
 * pages' search that ignores diacritics.
 */
export class PlanImports1768003200000 implements MigrationInterface {
  name = 'PlanImports1768003200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(
      `CREATE TABLE "plan_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_name" character varying(255) NOT NULL, "file" bytea NOT NULL, "dry_run" boolean NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'queued', "plan_code" character varying(48), "result" jsonb, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_plan_imports_state" CHECK ("state" IN ('queued', 'running', 'done', 'refused', 'failed')), CONSTRAINT "PK_plan_imports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_imports" ADD CONSTRAINT "fk_plan_imports_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_imports_created_at" ON "plan_imports" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "plan_imports"`);
  }
}
