import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log's row triggers refuse UPDATE and DELETE; TRUNCATE bypasses row triggers, so it gets its own. */
export class AuditLogNoTruncate1768176000000 implements MigrationInterface {
  name = 'AuditLogNoTruncate1768176000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TRIGGER tr_audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_audit_log_no_truncate ON "audit_log"`);
  }
}
