import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'before_deadline', 'overdue', 'escalation', 'digest', 'consolidation', 'returned', 'accepted'`;

/**
 * One-time sign-in links (welcome and password reset; only the SHA-256 of the token is stored)
 * and the outbox's email kind that carries them.
 */
export class SignInLinks1768521600000 implements MigrationInterface {
  name = 'SignInLinks1768521600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sign_in_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character varying(64) NOT NULL, "user_id" uuid NOT NULL, "purpose" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_sign_in_links_purpose" CHECK ("purpose" IN ('welcome', 'reset')), CONSTRAINT "PK_2097ee1b62272fac6526b35398e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sign_in_links_token_hash" ON "sign_in_links"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_sign_in_links_user_id" ON "sign_in_links"  ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "sign_in_links" ADD CONSTRAINT "fk_sign_in_links_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "emails" DROP CONSTRAINT "ck_emails_kind"`);
    await queryRunner.query(`ALTER TABLE "emails" ADD CONSTRAINT "ck_emails_kind" CHECK ("kind" IN (${KINDS}, 'account_link'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "emails" WHERE "kind" = 'account_link'`);
    await queryRunner.query(`ALTER TABLE "emails" DROP CONSTRAINT "ck_emails_kind"`);
    await queryRunner.query(`ALTER TABLE "emails" ADD CONSTRAINT "ck_emails_kind" CHECK ("kind" IN (${KINDS}))`);
    await queryRunner.query(`ALTER TABLE "sign_in_links" DROP CONSTRAINT "fk_sign_in_links_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sign_in_links_user_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sign_in_links_token_hash"`);
    await queryRunner.query(`DROP TABLE "sign_in_links"`);
  }
}
