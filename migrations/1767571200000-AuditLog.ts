import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1767571200000 implements MigrationInterface {
  name = 'AuditLog1767571200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_username" character varying(64), "action" character varying(64) NOT NULL, "entity" character varying(32), "entity_id" character varying(64), "detail" jsonb, "ip" character varying(64), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log"  ("at") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log"  ("entity", "entity_id", "at") `);
    // Append-only: what happened cannot be rewritten or erased through the application's connection.
    await queryRunner.query(
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = 'P0001'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_audit_log_append_only ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_entity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_at"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
