import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each task's number of lead agencies, kept with its assignments: the consolidation says "N đơn vị
 * chủ trì" for every task, and counting them again from `task_assignments` at every snapshot is a
 * second scan of 1.2 million rows at national scale (4,000 communes × 300 tasks). Statement-level
 * triggers with transition tables keep the count: one UPDATE per statement, however many rows it
 * wrote, so the plan import's and the task API's bulk writes stay one statement each.
 */
export class TaskLeadCounts1769126400000 implements MigrationInterface {
  name = 'TaskLeadCounts1769126400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "lead_agencies" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "ck_tasks_lead_agencies" CHECK ("lead_agencies" >= 0)`);
    await queryRunner.query(
      `UPDATE "tasks" t SET "lead_agencies" = c.n
       FROM (SELECT "task_id", count(*)::int AS n FROM "task_assignments" WHERE "role" = 'lead' GROUP BY "task_id") c WHERE c."task_id" = t."id"`,
    );
    // One function for the four events, as PostgreSQL's own auditing example does: each branch
    // reads only the transition tables its event's trigger names.
    await queryRunner.query(`
      CREATE FUNCTION task_lead_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE tasks SET lead_agencies = 0 WHERE lead_agencies <> 0;
        ELSIF TG_OP = 'INSERT' THEN
          UPDATE tasks t SET lead_agencies = t.lead_agencies + d.n
          FROM (SELECT task_id, count(*)::int AS n FROM assignments_added WHERE role = 'lead' GROUP BY task_id) d WHERE t.id = d.task_id;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE tasks t SET lead_agencies = t.lead_agencies - d.n
          FROM (SELECT task_id, count(*)::int AS n FROM assignments_removed WHERE role = 'lead' GROUP BY task_id) d WHERE t.id = d.task_id;
        ELSE
          UPDATE tasks t SET lead_agencies = t.lead_agencies + d.n
          FROM (SELECT task_id, sum(n)::int AS n FROM (
                  SELECT task_id, 1 AS n FROM assignments_added WHERE role = 'lead'
                  UNION ALL SELECT task_id, -1 FROM assignments_removed WHERE role = 'lead') x
                GROUP BY task_id HAVING sum(n) <> 0) d
          WHERE t.id = d.task_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_task_assignments_lead_counts_insert" AFTER INSERT ON "task_assignments"
       REFERENCING NEW TABLE AS assignments_added FOR EACH STATEMENT EXECUTE FUNCTION task_lead_counts()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_task_assignments_lead_counts_delete" AFTER DELETE ON "task_assignments"
       REFERENCING OLD TABLE AS assignments_removed FOR EACH STATEMENT EXECUTE FUNCTION task_lead_counts()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_task_assignments_lead_counts_update" AFTER UPDATE ON "task_assignments"
       REFERENCING OLD TABLE AS assignments_removed NEW TABLE AS assignments_added FOR EACH STATEMENT EXECUTE FUNCTION task_lead_counts()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_task_assignments_lead_counts_truncate" AFTER TRUNCATE ON "task_assignments" FOR EACH STATEMENT EXECUTE FUNCTION task_lead_counts()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate'])
      await queryRunner.query(`DROP TRIGGER IF EXISTS "tr_task_assignments_lead_counts_${event}" ON "task_assignments"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS task_lead_counts()`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "ck_tasks_lead_agencies"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "lead_agencies"`);
  }
}
