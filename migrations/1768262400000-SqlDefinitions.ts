import { MigrationInterface, QueryRunner } from 'typeorm';
import { SQL_DEFINITIONS } from '../src/database/sql-definitions';
import { AGENCY_REPORT_VIEW_V1, SAVE_AGENCY_REPORT_V1 } from './1767744000000-SaveReportFunction';

/**
 * Module SQL definitions (`src/database/sql-definitions.ts`) are applied after the migrations, as
 * repeatable migrations: this table remembers the checksum of each one applied. Reverting puts
 * back what the earlier migrations made: the report functions as SaveReportFunction created them,
 * and none of the newer functions.
 */
export class SqlDefinitions1768262400000 implements MigrationInterface {
  name = 'SqlDefinitions1768262400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "sql_definitions" (
      "name" text PRIMARY KEY,
      "checksum" text NOT NULL,
      "applied_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(AGENCY_REPORT_VIEW_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await queryRunner.query(SAVE_AGENCY_REPORT_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    for (const d of [...SQL_DEFINITIONS].reverse()) if (d.drop) await queryRunner.query(d.drop);
    await queryRunner.query(`DROP TABLE "sql_definitions"`);
  }
}
