import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every plan is its own: the identity its documents, emails and pages show (issuing body kind,
 * letterhead, number symbol, place, signer, storage line, sender) and the jurisdiction (province)
 * its agencies belong to. Agencies gain a jurisdiction and the district level. Existing plans get
 * their jurisdiction from the issuing body ("… tỉnh Cao Bằng"), existing agencies from the plans
 * that name them and then from their parent.
 */
export class PlanIdentity1768348800000 implements MigrationInterface {
  name = 'PlanIdentity1768348800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "plans"
        ADD COLUMN "jurisdiction" varchar(64),
        ADD COLUMN "body_kind" varchar(8) NOT NULL DEFAULT 'state',
        ADD COLUMN "letterhead_parent" varchar(255),
        ADD COLUMN "number_symbol" varchar(32),
        ADD COLUMN "place_name" varchar(64),
        ADD COLUMN "signer_authority" varchar(64),
        ADD COLUMN "signer_title" varchar(64),
        ADD COLUMN "signer_name" varchar(128),
        ADD COLUMN "storage_line" varchar(128),
        ADD COLUMN "sender_name" varchar(255),
        ADD COLUMN "sender_email" varchar(254)`);
    await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "ck_plans_body_kind" CHECK ("body_kind" IN ('state', 'party'))`);
    await queryRunner.query(`ALTER TABLE "agencies" ADD COLUMN "jurisdiction" varchar(64)`);
    await queryRunner.query(`CREATE INDEX "ix_agencies_jurisdiction" ON "agencies" ("jurisdiction")`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP CONSTRAINT "ck_agencies_kind"`);
    await queryRunner.query(
      `ALTER TABLE "agencies" ADD CONSTRAINT "ck_agencies_kind" CHECK ("kind" IN ('province', 'department', 'district', 'commune', 'ward', 'other'))`,
    );
    await queryRunner.query(
      `UPDATE "plans" SET "jurisdiction" = substring("issuing_body" from '(?:[Tt]ỉnh|[Tt]hành phố)\\s+([^,;()]+?)\\s*$') WHERE "jurisdiction" IS NULL`,
    );
    await queryRunner.query(`
      UPDATE "agencies" a SET "jurisdiction" = p."jurisdiction"
      FROM "plans" p
      WHERE a."jurisdiction" IS NULL AND p."jurisdiction" IS NOT NULL
        AND (p."coordinating_agency_id" = a."id" OR p."recipient_agency_id" = a."id"
             OR EXISTS (SELECT 1 FROM "task_assignments" ta JOIN "tasks" t ON t."id" = ta."task_id" WHERE t."plan_id" = p."id" AND ta."agency_id" = a."id"))`);
    await queryRunner.query(`
      UPDATE "agencies" a SET "jurisdiction" = parent."jurisdiction"
      FROM "agencies" parent WHERE a."parent_id" = parent."id" AND a."jurisdiction" IS NULL AND parent."jurisdiction" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agencies" DROP CONSTRAINT "ck_agencies_kind"`);
    await queryRunner.query(
      `ALTER TABLE "agencies" ADD CONSTRAINT "ck_agencies_kind" CHECK ("kind" IN ('province', 'department', 'commune', 'ward', 'other'))`,
    );
    await queryRunner.query(`DROP INDEX "ix_agencies_jurisdiction"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "jurisdiction"`);
    await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "ck_plans_body_kind"`);
    await queryRunner.query(`
      ALTER TABLE "plans" DROP COLUMN "jurisdiction", DROP COLUMN "body_kind", DROP COLUMN "letterhead_parent", DROP COLUMN "number_symbol",
        DROP COLUMN "place_name", DROP COLUMN "signer_authority", DROP COLUMN "signer_title", DROP COLUMN "signer_name",
        DROP COLUMN "storage_line", DROP COLUMN "sender_name", DROP COLUMN "sender_email"`);
  }
}
