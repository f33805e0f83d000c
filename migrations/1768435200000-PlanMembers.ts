import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access scoped to plans: besides the plan's coordinating (and, for leaders, recipient) agency,
 * the administrator names the coordinators and leaders who work on a plan. A member row goes
 * with its plan and with its user.
 */
export class PlanMembers1768435200000 implements MigrationInterface {
  name = 'PlanMembers1768435200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "plan_members" ("plan_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_plan_members" PRIMARY KEY ("plan_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_plan_members_user_id" ON "plan_members" ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "plan_members" ADD CONSTRAINT "fk_plan_members_plan" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "plan_members" ADD CONSTRAINT "fk_plan_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan_members" DROP CONSTRAINT "fk_plan_members_user"`);
    await queryRunner.query(`ALTER TABLE "plan_members" DROP CONSTRAINT "fk_plan_members_plan"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_members_user_id"`);
    await queryRunner.query(`DROP TABLE "plan_members"`);
  }
}
