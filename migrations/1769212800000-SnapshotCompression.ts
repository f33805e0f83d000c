import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consolidated snapshot at national scale is 1.1 MB of JSON (4,000 agencies' lines, 300 tasks)
 * plus 0.4 MB of revisions. PostgreSQL's default TOAST compression (pglz) spends about 25 ms
 * compressing one on the way in and 4 ms more decompressing it on the way out than LZ4 does, at
 * every build. LZ4 applies to values written from now on; older ones stay readable as they are.
 * A server built without LZ4 keeps pglz: the migration then changes nothing.
 */
const COLUMNS = ['figures', 'revisions', 'narrative'];

async function hasLz4(queryRunner: QueryRunner): Promise<boolean> {
  const rows = (await queryRunner.query(
    `SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)`,
  )) as unknown[];
  return rows.length > 0;
}

export class SnapshotCompression1769212800000 implements MigrationInterface {
  name = 'SnapshotCompression1769212800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await hasLz4(queryRunner))) return;
    await queryRunner.query(`ALTER TABLE "consolidations" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" SET COMPRESSION lz4`).join(', ')}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consolidations" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" SET COMPRESSION DEFAULT`).join(', ')}`);
  }
}
