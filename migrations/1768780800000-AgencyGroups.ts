import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agency groups: a plan's named sets of agencies ("Các sở, ban, ngành", "UBND các xã, phường")
 * with their members, and where a task, an indicator or a report kind named one (so the export
 * writes the group back). Assignments, owners and kind agencies stay written out one by one.
 */
export class AgencyGroups1768780800000 implements MigrationInterface {
  name = 'AgencyGroups1768780800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agency_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(255) NOT NULL, "kinds" text array NOT NULL DEFAULT '{}', "position" integer NOT NULL, CONSTRAINT "pk_agency_groups" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_agency_groups_plan_code" ON "agency_groups"  ("plan_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "agency_group_members" ("group_id" uuid NOT NULL, "agency_id" uuid NOT NULL, CONSTRAINT "pk_agency_group_members" PRIMARY KEY ("group_id", "agency_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_agency_group_members_agency_id" ON "agency_group_members"  ("agency_id") `);
    await queryRunner.query(
      `CREATE TABLE "agency_group_refs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "task_id" uuid, "role" character varying(16), "indicator_id" uuid, "report_kind_id" uuid, CONSTRAINT "ck_agency_group_refs_role" CHECK ("role" IS NULL OR "role" IN ('lead', 'cooperating')), CONSTRAINT "ck_agency_group_refs_target" CHECK (num_nonnulls("task_id", "indicator_id", "report_kind_id") = 1 AND ("task_id" IS NULL) = ("role" IS NULL)), CONSTRAINT "pk_agency_group_refs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_agency_group_refs_group_id" ON "agency_group_refs"  ("group_id") `);
    await queryRunner.query(`CREATE INDEX "ix_agency_group_refs_task_id" ON "agency_group_refs"  ("task_id") `);
    await queryRunner.query(`CREATE INDEX "ix_agency_group_refs_indicator_id" ON "agency_group_refs"  ("indicator_id") `);
    await queryRunner.query(`CREATE INDEX "ix_agency_group_refs_report_kind_id" ON "agency_group_refs"  ("report_kind_id") `);
    await queryRunner.query(
      `ALTER TABLE "agency_groups" ADD CONSTRAINT "fk_agency_groups_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_group_members" ADD CONSTRAINT "fk_agency_group_members_group" FOREIGN KEY ("group_id") REFERENCES "agency_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_group_members" ADD CONSTRAINT "fk_agency_group_members_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_group_refs" ADD CONSTRAINT "fk_agency_group_refs_group" FOREIGN KEY ("group_id") REFERENCES "agency_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_group_refs" ADD CONSTRAINT "fk_agency_group_refs_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_group_refs" ADD CONSTRAINT "fk_agency_group_refs_indicator" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agency_group_refs" ADD CONSTRAINT "fk_agency_group_refs_report_kind" FOREIGN KEY ("report_kind_id") REFERENCES "report_kinds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agency_group_refs" DROP CONSTRAINT "fk_agency_group_refs_report_kind"`);
    await queryRunner.query(`ALTER TABLE "agency_group_refs" DROP CONSTRAINT "fk_agency_group_refs_indicator"`);
    await queryRunner.query(`ALTER TABLE "agency_group_refs" DROP CONSTRAINT "fk_agency_group_refs_task"`);
    await queryRunner.query(`ALTER TABLE "agency_group_refs" DROP CONSTRAINT "fk_agency_group_refs_group"`);
    await queryRunner.query(`ALTER TABLE "agency_group_members" DROP CONSTRAINT "fk_agency_group_members_agency"`);
    await queryRunner.query(`ALTER TABLE "agency_group_members" DROP CONSTRAINT "fk_agency_group_members_group"`);
    await queryRunner.query(`ALTER TABLE "agency_groups" DROP CONSTRAINT "fk_agency_groups_plan"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_group_refs_report_kind_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_group_refs_indicator_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_group_refs_task_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_group_refs_group_id"`);
    await queryRunner.query(`DROP TABLE "agency_group_refs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agency_group_members_agency_id"`);
    await queryRunner.query(`DROP TABLE "agency_group_members"`);
    await queryRunner.query(`DROP INDEX "public"."uq_agency_groups_plan_code"`);
    await queryRunner.query(`DROP TABLE "agency_groups"`);
  }
}
