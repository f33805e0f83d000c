import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { applySqlDefinitions } from './sql-definitions';

/** Advisory lock key shared by every process that migrates or seeds, so only one does at a time. */
export const SCHEMA_LOCK_KEY = 7_260_520;

/** Runs `work` while holding the schema advisory lock on a dedicated connection. */
export async function withSchemaLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Applies pending migrations, then the module SQL definitions whose text changed; safe when several
 * processes start at once. Returns the migrations' names.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    return await withSchemaLock(dataSource, async () => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      await applySqlDefinitions(dataSource);
      return applied.map((m) => m.name);
    });
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts every migration, newest first (used by the migration test). */
export async function revertAllMigrations(url: string): Promise<number> {
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  let reverted = 0;
  try {
    for (;;) {
      const rows = await dataSource.query<unknown[]>('SELECT 1 FROM migrations LIMIT 1').catch((): unknown[] => []);
      if (rows.length === 0) break;
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted += 1;
    }
    return reverted;
  } finally {
    await dataSource.destroy();
  }
}
